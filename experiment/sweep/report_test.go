package sweep

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stackel/stackel/experiment"
)

// The report's numbers: final values and over-the-run means, mean ± sd
// over a grid point's seeds, computed here by hand from the runs written
// on disk; failed and unfinished jobs are counted and named, not averaged.
func TestReportNumbers(t *testing.T) {
	spec := `name: rep
config: {name: c, game: {builtin: duopoly}, dynamics: {kind: sga}, iterations: 10}
grid: {dynamics.leader_lr.constant: [0.1, 0.2]}
seeds: [1, 2]
`
	jobs := expandSpec(t, spec)
	dir := t.TempDir()
	// Point 0 (jobs 0 and 2): f1 final 1 and 3; f1 columns [0, 2] (mean 1)
	// and [NaN, 4] (a row before the column's first value is left out, not
	// taken as 0: mean 4). Point 1: job 1 done, job 3 failed. Jobs 0 and
	// 1 were run by build x, job 2 by y and resumed by x, job 3 records
	// none (run before session 33).
	x := experiment.Build{Version: "v1", Go: "go1.26.0", Platform: "linux/amd64", Kernels: "avx2", CPU: "cpu x", CPUs: 2, Host: "a"}
	y := experiment.Build{Version: "v1", Go: "go1.26.0", Platform: "linux/amd64", Kernels: "avx512", CPU: "cpu y", CPUs: 4, Host: "b"}
	builds := map[int][]experiment.Build{jobs[0].Index: {x}, jobs[1].Index: {x}, jobs[2].Index: {y, x}}
	write := func(j Job, status, errMsg, metrics, summary string) {
		d := j.OutDir(dir)
		os.MkdirAll(d, 0o755)
		os.WriteFile(filepath.Join(d, experiment.MetricsFile), []byte(metrics), 0o644)
		os.WriteFile(filepath.Join(d, experiment.SummaryFile), []byte(summary), 0o644)
		experiment.WriteJSON(d, experiment.JobFile, experiment.JobRecord{Job: j.Job, Status: status, Error: errMsg, Builds: builds[j.Index]})
		experiment.WriteJSON(d, AttemptFile, Attempt{Worker: "w", Attempts: 1, WallSeconds: 2})
	}
	write(jobs[0], "done", "", "iter,f1,f2\n1,0,5\n2,2,5\n", `{"final": {"f1": 1, "f2": 10, "x": [1]}}`)
	write(jobs[2], "done", "", "iter,f1,f2\n1,NaN,5\n2,4,7\n", `{"final": {"f1": 3, "f2": 20, "x": [2]}}`)
	write(jobs[1], "done", "", "iter,f1,f2\n1,7,1\n", `{"final": {"f1": 7, "f2": 1}}`)
	write(jobs[3], "failed", "iteration 1: f1 is +Inf", "iter,f1,f2\n", `{"final": {"f1": null}}`)
	recs := DiskRecords(dir, jobs)
	if recs[0].Status != StatusDone || recs[0].Worker != "w" || recs[0].WallSeconds != 2 || recs[3].Status != StatusFailed {
		t.Fatalf("records %+v", recs)
	}
	var log strings.Builder
	if err := WriteReport(dir, "rep", jobs, recs, &log); err != nil {
		t.Fatal(err)
	}
	md, _ := os.ReadFile(filepath.Join(dir, "report.md"))
	for _, want := range []string{
		"| grid point | done | final f1 | over the run f1 | final f2 | over the run f2 |",
		// f1 finals 1, 3: mean 2, sd √2 = 1.41; over the run 1, 4: 2.5 ± 3/√2 = 2.12;
		// f2 finals 10, 20: 15 ± 7.07; over the run 5, 6: 5.5 ± 0.707.
		"| dynamics.leader_lr.constant=0.1 | 2/2 | 2 ± 1.41 | 2.5 ± 2.12 | 15 ± 7.07 | 5.5 ± 0.707 |",
		// Job 2's f1 curve has no value at its first row: left out of the
		// figure, and said so.
		"curves/point0 (dynamics.leader_lr.constant=0.1) leaves out f1",
		"| dynamics.leader_lr.constant=0.2 | 1/2 | 7 | 7 | 1 | 1 |",
		"dynamics.leader_lr.constant=0.2 seed 2 (" + jobs[3].ID + ") failed: iteration 1: f1 is +Inf",
		"Jobs: 3 done, 1 failed.",
		// Two builds and a record without builds: each note names its
		// jobs (job 2, point 0.1 seed 2, is among both builds'); avx2 and
		// avx512 give the same bits, so no note on kernels.
		"\nMade by stackel v1, go1.26.0, linux/amd64, kernels avx2; cpu x (2 CPUs), host a: 3 of 4 jobs (job.json's \"builds\"): dynamics.leader_lr.constant=0.1 seeds 1, 2; dynamics.leader_lr.constant=0.2 seed 1.\n",
		"\nMade by stackel v1, go1.26.0, linux/amd64, kernels avx512; cpu y (4 CPUs), host b: 1 of 4 jobs (job.json's \"builds\"): dynamics.leader_lr.constant=0.1 seed 2.\n",
		"\nMade by a stackel that recorded no build (job.json without \"builds\", written before 2026-12-05): 1 of 4 jobs: dynamics.leader_lr.constant=0.2 seed 2.\n",
	} {
		if !strings.Contains(string(md), want) {
			t.Errorf("report.md lacks %q:\n%s", want, md)
		}
	}
	f, err := ReadFile(filepath.Join(dir, "sweep.json"))
	if err != nil || len(f.Jobs) != 4 || f.Jobs[3].Error == "" || f.Jobs[0].Grid[0].Key != "dynamics.leader_lr.constant" || f.Jobs[2].Seed != 2 {
		t.Errorf("sweep.json: %+v %v", f, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "curves", "point0.png")); err != nil {
		t.Errorf("no learning-curve figure: %v", err)
	}
}

// A job directory whose job.json says done but whose config.yaml holds
// another run (here the other seed's config, as a `stackel run --force`
// by an older binary left it) is not the job's: DiskRecords marks it
// missing with the reason, and the report names it without averaging it.
func TestDiskRecordsForeignOutputs(t *testing.T) {
	spec := `name: foreign
config: {name: c, game: {builtin: duopoly}, dynamics: {kind: sga}, iterations: 10}
seeds: [1, 2]
`
	jobs := expandSpec(t, spec)
	dir := t.TempDir()
	for _, j := range jobs {
		d := j.OutDir(dir)
		os.MkdirAll(d, 0o755)
		os.WriteFile(filepath.Join(d, experiment.MetricsFile), []byte("iter,f1,f2\n1,5,5\n"), 0o644)
		os.WriteFile(filepath.Join(d, experiment.SummaryFile), []byte(`{"final": {"f1": 5, "f2": 5}}`), 0o644)
		experiment.WriteJSON(d, experiment.JobFile, experiment.JobRecord{Job: j.Job, Status: "done"})
		// Job 0's directory holds job 1's configuration (seed 2).
		os.WriteFile(filepath.Join(d, experiment.ConfigFile), []byte(jobs[1].Config), 0o644)
	}
	recs := DiskRecords(dir, jobs)
	if recs[0].Status != StatusMissing || !strings.Contains(recs[0].Error, "config.yaml holds another run") || recs[1].Status != StatusDone {
		t.Fatalf("records: %+v", recs)
	}
	if err := WriteReport(dir, "foreign", jobs, recs, nil); err != nil {
		t.Fatal(err)
	}
	md, _ := os.ReadFile(filepath.Join(dir, "report.md"))
	if !strings.Contains(string(md), "seed 1 ("+jobs[0].ID+") not counted: ") || !strings.Contains(string(md), "| 1/2 |") {
		t.Errorf("report.md:\n%s", md)
	}
}

// A report describes the sweep it is written for, and nothing before it:
// rewriting it (a rerun, `sweep collect`) leaves one table, and a report
// of another sweep into the same directory, with fewer grid points,
// removes the earlier points' figures (other files in curves/ stay). A
// point with no finite curve gets no figure, and the report says so.
func TestReportReplaced(t *testing.T) {
	dir := t.TempDir()
	write := func(j Job, f1 string) {
		d := j.OutDir(dir)
		os.MkdirAll(d, 0o755)
		os.WriteFile(filepath.Join(d, experiment.MetricsFile), []byte("iter,f1\n1,"+f1+"\n2,"+f1+"\n"), 0o644)
		os.WriteFile(filepath.Join(d, experiment.SummaryFile), []byte(`{"final": {"f1": 1}}`), 0o644)
		experiment.WriteJSON(d, experiment.JobFile, experiment.JobRecord{Job: j.Job, Status: "done"})
	}
	report := func(name string, jobs []Job) string {
		t.Helper()
		if err := WriteReport(dir, name, jobs, DiskRecords(dir, jobs), nil); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(dir, "report.md"))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	figures := func() []string {
		t.Helper()
		var names []string
		ents, err := os.ReadDir(filepath.Join(dir, "curves"))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range ents {
			names = append(names, e.Name())
		}
		return names
	}

	first := expandSpec(t, `name: first
config: {name: c, game: {builtin: duopoly}, dynamics: {kind: sga}, iterations: 10}
grid: {dynamics.leader_lr.constant: [0.1, 0.2, 0.3]}
seeds: [1]
`)
	for _, j := range first {
		write(j, "2")
	}
	// Not the report's: kept.
	if err := os.MkdirAll(filepath.Join(dir, "curves"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "curves", "notes.txt"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		md := report("first", first)
		if n := strings.Count(md, "### Sweep"); n != 1 {
			t.Fatalf("report %d has %d tables, want 1:\n%s", i+1, n, md)
		}
	}
	if got, want := strings.Join(figures(), " "), "notes.txt point0.png point0.svg point1.png point1.svg point2.png point2.svg"; got != want {
		t.Fatalf("curves/ holds %s, want %s", got, want)
	}

	// Another sweep into the same directory: 2 points, the second without
	// a finite curve (f1 is +Inf in every row).
	second := expandSpec(t, `name: second
config: {name: c, game: {builtin: duopoly}, dynamics: {kind: sga}, iterations: 20}
grid: {dynamics.leader_lr.constant: [0.1, 0.2]}
seeds: [1]
`)
	write(second[0], "3")
	write(second[1], "+Inf")
	md := report("second", second)
	if strings.Contains(md, "first") || strings.Count(md, "### Sweep second: 2 jobs, 2 grid points") != 1 {
		t.Errorf("report.md of the second sweep:\n%s", md)
	}
	if !strings.Contains(md, "none for k = 1 (no finished run with a finite curve)") {
		t.Errorf("report.md does not say which point has no figure:\n%s", md)
	}
	if got, want := strings.Join(figures(), " "), "notes.txt point0.png point0.svg"; got != want {
		t.Errorf("curves/ holds %s, want %s", got, want)
	}
	f, err := ReadFile(filepath.Join(dir, "sweep.json"))
	if err != nil || f.Name != "second" || len(f.Jobs) != 2 {
		t.Errorf("sweep.json: %+v %v", f, err)
	}
}

// expandSpec parses the sweep spec text (which names no files) and returns
// its jobs, failing the test on an error.
func expandSpec(t *testing.T, spec string) []Job {
	t.Helper()
	s, err := ParseSpec([]byte(spec), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	jobs, err := s.Expand()
	if err != nil {
		t.Fatal(err)
	}
	return jobs
}

// A finished run whose summary has no final value of a metric (null: it
// was not finite) leaves the point's final mean over fewer seeds than its
// "done" column counts, and the cell says over how many; a column that is
// NaN in every row gives no over-the-run value rather than 0.
func TestReportFewerValuesThanDone(t *testing.T) {
	spec := `name: rep
config: {name: c, game: {builtin: duopoly}, dynamics: {kind: sga}, iterations: 10}
seeds: [1, 2, 3]
`
	jobs := expandSpec(t, spec)
	dir := t.TempDir()
	for k, c := range []struct{ metrics, summary string }{
		{"iter,f1,f2\n1,1,NaN\n2,2,NaN\n", `{"final": {"f1": 2, "f2": null}}`},
		{"iter,f1,f2\n1,3,5\n2,4,7\n", `{"final": {"f1": 4, "f2": 7}}`},
		{"iter,f1,f2\n1,5,8\n2,6,9\n", `{"final": {"f1": 6, "f2": 9}}`},
	} {
		d := jobs[k].OutDir(dir)
		os.MkdirAll(d, 0o755)
		os.WriteFile(filepath.Join(d, experiment.MetricsFile), []byte(c.metrics), 0o644)
		os.WriteFile(filepath.Join(d, experiment.SummaryFile), []byte(c.summary), 0o644)
		experiment.WriteJSON(d, experiment.JobFile, experiment.JobRecord{Job: jobs[k].Job, Status: "done"})
	}
	if err := WriteReport(dir, "rep", jobs, DiskRecords(dir, jobs), nil); err != nil {
		t.Fatal(err)
	}
	md, _ := os.ReadFile(filepath.Join(dir, "report.md"))
	// f1: finals 2, 4, 6 = 4 ± 2; over the run 1.5, 3.5, 5.5 = 3.5 ± 2.
	// f2: finals 7, 9 (seed 1 null) = 8 ± 1.41 (2 of 3); over the run 6,
	// 8.5 = 7.25 ± 1.77 (2 of 3), seed 1's all-NaN column giving none.
	want := "| base | 3/3 | 4 ± 2 | 3.5 ± 2 | 8 ± 1.41 (2 of 3) | 7.25 ± 1.77 (2 of 3) |"
	if !strings.Contains(string(md), want) {
		t.Errorf("report.md lacks %q:\n%s", want, md)
	}
}
