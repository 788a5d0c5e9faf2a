package sweep

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stackel/stackel/experiment"
)

// writeBuiltJob writes job j under dir as a finished run (status) whose
// job.json records builds, for the report's "Made by" notes.
func writeBuiltJob(t *testing.T, dir string, j Job, status string, builds []experiment.Build) {
	t.Helper()
	d := j.OutDir(dir)
	if err := os.MkdirAll(d, 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(d, experiment.MetricsFile), []byte("iter,f1,f2\n1,1,1\n"), 0o644)
	os.WriteFile(filepath.Join(d, experiment.SummaryFile), []byte(`{"final": {"f1": 1, "f2": 1}}`), 0o644)
	if err := experiment.WriteJSON(d, experiment.JobFile, experiment.JobRecord{Job: j.Job, Status: status, Builds: builds}); err != nil {
		t.Fatal(err)
	}
}

// buildNoteLines returns report.md's "Made by" and kernel notes.
func buildNoteLines(t *testing.T, dir, name string, jobs []Job) []string {
	t.Helper()
	if err := WriteReport(dir, name, jobs, DiskRecords(dir, jobs), nil); err != nil {
		t.Fatal(err)
	}
	md, err := os.ReadFile(filepath.Join(dir, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, ln := range strings.Split(string(md), "\n") {
		if strings.HasPrefix(ln, "Made by") || strings.HasPrefix(ln, "The builds' matrix-product kernels") {
			out = append(out, ln)
		}
	}
	return out
}

var (
	asm512  = experiment.Build{Version: "(devel)", Binary: "aaaa", Go: "go1.26.8", Platform: "linux/amd64 v1", Kernels: "avx512", CPU: "EPYC", CPUs: 2, Host: "vm"}
	asm2    = experiment.Build{Version: "(devel)", Binary: "aaaa", Go: "go1.26.8", Platform: "linux/amd64 v1", Kernels: "avx2", CPU: "Xeon", CPUs: 8, Host: "n2"}
	purego  = experiment.Build{Version: "(devel)", Binary: "bbbb", Go: "go1.26.8", Platform: "linux/amd64 v1", Kernels: "go", Tags: "purego", CPU: "EPYC", CPUs: 2, Host: "vm"}
	openbls = experiment.Build{Version: "(devel)", Binary: "cccc", Go: "go1.26.8", Platform: "linux/amd64 v1", Kernels: "avx512+openblas", Tags: "openblas", CPU: "EPYC", CPUs: 2, Host: "vm"}
)

// A sweep's report of runs of several builds names each build's jobs by
// grid point and seeds, as a reproduction's Provenance names its runs,
// and says when the builds' kernels give different bits (the assembly
// kernels avx2 and avx512 give the same; the plain-Go kernels of a
// purego build, or OpenBLAS, do not), naming the grid points whose mean
// takes finished seeds of both. One build alone is counted, not listed.
func TestBuildNotesNameJobs55s(t *testing.T) {
	spec := `name: bn
config: {name: c, game: {builtin: duopoly}, dynamics: {kind: sga}, iterations: 10}
grid: {dynamics.leader_lr.constant: [0.1, 0.2]}
seeds: [1, 2, 3, 4]
`
	p1, p2 := "dynamics.leader_lr.constant=0.1", "dynamics.leader_lr.constant=0.2"
	jobs := expandSpec(t, spec)
	// jobs[i]: point i%2, seed i/2+1.
	for i, j := range jobs {
		if j.Point != i%2 || j.Seed != uint64(i/2+1) {
			t.Fatalf("job %d: point %d seed %d", i, j.Point, j.Seed)
		}
	}
	a := asm512.String()
	cases := []struct {
		name   string
		builds map[int][]experiment.Build // by job index; absent: no job.json
		status map[int]string             // default done
		none   map[int]bool               // job.json without builds
		want   []string
	}{
		{
			name:   "one build: counted",
			builds: map[int][]experiment.Build{0: {asm512}, 1: {asm512}, 2: {asm512}},
			want:   []string{"Made by " + a + ": 3 of 8 jobs (job.json's \"builds\")."},
		},
		{
			// The walkthrough's sweep: 7 jobs by the default build, one
			// (point 0.2, seed 3) by a purego worker.
			name: "purego worker among default ones",
			builds: map[int][]experiment.Build{0: {asm512}, 1: {asm512}, 2: {asm512}, 3: {asm512}, 4: {asm512},
				5: {purego}, 6: {asm512}, 7: {asm512}},
			want: []string{
				"Made by " + a + ": 7 of 8 jobs (job.json's \"builds\"): " + p1 + " seeds 1, 2, 3, 4; " + p2 + " seeds 1, 2, 4.",
				"Made by " + purego.String() + ": 1 of 8 jobs (job.json's \"builds\"): " + p2 + " seed 3.",
				"The builds' matrix-product kernels give different bits (avx512; go): an RL run's numbers differ between them, " +
					"first in the last bits and then in the digits, so the mean ± sd of a grid point whose finished seeds they share mixes them: " +
					p2 + " (avx512; go). Numbers to be compared bit for bit want workers of one build.",
			},
		},
		{
			// avx2 and avx512 give the same bits: no kernel note. A job
			// resumed by another build counts for each.
			name:   "avx2 and avx512, a job resumed",
			builds: map[int][]experiment.Build{0: {asm512}, 1: {asm2, asm512}, 2: {asm2}},
			want: []string{
				"Made by " + asm2.String() + ": 2 of 8 jobs (job.json's \"builds\"): " + p1 + " seed 2; " + p2 + " seed 1.",
				"Made by " + a + ": 2 of 8 jobs (job.json's \"builds\"): " + p1 + " seed 1; " + p2 + " seed 1.",
			},
		},
		{
			// The purego job failed: no point's mean takes it, and the note
			// says no point mixes kernels. A job.json without builds is
			// named apart.
			name:   "other kernels failed, one job unrecorded",
			builds: map[int][]experiment.Build{0: {asm512}, 1: {purego}, 2: {}},
			status: map[int]string{1: StatusFailed},
			none:   map[int]bool{2: true},
			want: []string{
				"Made by " + a + ": 1 of 8 jobs (job.json's \"builds\"): " + p1 + " seed 1.",
				"Made by " + purego.String() + ": 1 of 8 jobs (job.json's \"builds\"): " + p2 + " seed 1.",
				"Made by a stackel that recorded no build (job.json without \"builds\", written before 2026-12-05): 1 of 8 jobs: " + p1 + " seed 2.",
				"The builds' matrix-product kernels give different bits (avx512; go): an RL run's numbers differ between them, " +
					"first in the last bits and then in the digits; no grid point's finished seeds mix them. Numbers to be compared bit for bit want workers of one build.",
			},
		},
		{
			name:   "openblas differs from avx512",
			builds: map[int][]experiment.Build{0: {asm512}, 2: {openbls}},
			want: []string{
				"Made by " + a + ": 1 of 8 jobs (job.json's \"builds\"): " + p1 + " seed 1.",
				"Made by " + openbls.String() + ": 1 of 8 jobs (job.json's \"builds\"): " + p1 + " seed 2.",
				"The builds' matrix-product kernels give different bits (avx512; avx512+openblas): an RL run's numbers differ between them, " +
					"first in the last bits and then in the digits, so the mean ± sd of a grid point whose finished seeds they share mixes them: " +
					p1 + " (avx512; avx512+openblas). Numbers to be compared bit for bit want workers of one build.",
			},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			for i, j := range jobs {
				b, ok := c.builds[i]
				if !ok {
					continue
				}
				st := c.status[i]
				if st == "" {
					st = StatusDone
				}
				if c.none[i] {
					b = nil
				}
				writeBuiltJob(t, dir, j, st, b)
			}
			got := buildNoteLines(t, dir, "bn", jobs)
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("notes:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
		})
	}
}

// A large build's jobs are not listed when it shares none with the other
// builds: its note says they are every job run but those named below.
// When it shares one (a job resumed by both), it is listed whole.
func TestBuildNotesLargestBuild55s(t *testing.T) {
	seeds := make([]string, 20)
	for i := range seeds {
		seeds[i] = fmt.Sprint(i + 1)
	}
	spec := "name: big\nconfig: {name: c, game: {builtin: duopoly}, dynamics: {kind: sga}, iterations: 10}\nseeds: [" + strings.Join(seeds, ", ") + "]\n"
	jobs := expandSpec(t, spec)
	for _, shared := range []bool{false, true} {
		dir := t.TempDir()
		for i, j := range jobs {
			b := []experiment.Build{asm512}
			if i == 19 {
				b = []experiment.Build{purego}
				if shared {
					b = []experiment.Build{asm512, purego}
				}
			}
			writeBuiltJob(t, dir, j, StatusDone, b)
		}
		got := buildNoteLines(t, dir, "big", jobs)
		first := "Made by " + asm512.String() + ": 19 of 20 jobs (job.json's \"builds\"): every job run but those named in the notes below."
		if shared {
			first = "Made by " + asm512.String() + ": 20 of 20 jobs (job.json's \"builds\"): base seeds " + strings.Join(seeds, ", ") + "."
		}
		if len(got) != 3 || got[0] != first || got[1] != "Made by "+purego.String()+": 1 of 20 jobs (job.json's \"builds\"): base seed 20." ||
			!strings.HasSuffix(got[2], "mixes them: base (avx512; go). Numbers to be compared bit for bit want workers of one build.") {
			t.Errorf("shared %v: notes:\n%s", shared, strings.Join(got, "\n"))
		}
	}
}
