package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A sweep rerun into its directory reuses its finished jobs and rewrites
// report.md (one table, not one per run or `sweep collect`); another sweep
// into the same directory, with fewer grid points, leaves a report and
// figures of its own points only.
func TestSweepRerunRewritesReport(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "o")
	two := writeFile(t, dir, "s.yaml", `name: s
config: {name: d, game: {builtin: duopoly}, dynamics: {kind: stackelberg}, iterations: 50}
grid: {dynamics.kind: [stackelberg, sga]}
seeds: [1, 2]
`)
	one := writeFile(t, dir, "t.yaml", `name: t
config: {name: d, game: {builtin: duopoly}, dynamics: {kind: sga}, iterations: 60}
seeds: [1]
`)
	tables := func(stage string) string {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(out, "report.md"))
		if err != nil {
			t.Fatalf("%s: %v", stage, err)
		}
		if n := strings.Count(string(b), "### Sweep"); n != 1 {
			t.Fatalf("%s: report.md has %d tables, want 1:\n%s", stage, n, b)
		}
		return string(b)
	}
	sweepArgs := func(spec string) []string {
		return []string{"sweep", spec, "--out", out, "--listen", "127.0.0.1:0", "--workers", "1"}
	}
	if o, err := execute(t, sweepArgs(two)...); err != nil {
		t.Fatalf("first sweep: %v\n%s", err, o)
	}
	first := tables("first sweep")
	o, err := execute(t, sweepArgs(two)...)
	if err != nil || !strings.Contains(o, "4 jobs, 0 queued, 4 already done") {
		t.Fatalf("the rerun does not reuse the 4 finished jobs: %v\n%s", err, o)
	}
	if again := tables("rerun"); again != first {
		t.Errorf("the rerun's report differs from the first:\n%s\n---\n%s", again, first)
	}
	if o, err := execute(t, "sweep", "collect", out); err != nil {
		t.Fatalf("collect: %v\n%s", err, o)
	}
	if collected := tables("collect"); collected != first {
		t.Errorf("the collected report differs from the first:\n%s\n---\n%s", collected, first)
	}

	if o, err := execute(t, sweepArgs(one)...); err != nil {
		t.Fatalf("second sweep: %v\n%s", err, o)
	}
	md := tables("another sweep")
	if !strings.Contains(md, "### Sweep t: 1 job, 1 grid point") || strings.Contains(md, "dynamics.kind=stackelberg") {
		t.Errorf("report.md of sweep t:\n%s", md)
	}
	ents, err := os.ReadDir(filepath.Join(out, "curves"))
	if err != nil {
		t.Fatal(err)
	}
	var figs []string
	for _, e := range ents {
		figs = append(figs, e.Name())
	}
	if got := strings.Join(figs, " "); got != "point0.png point0.svg" {
		t.Errorf("curves/ holds %s after sweep t, want point0.png point0.svg only", got)
	}
}

// `stackel run CONFIG --out DIR --force` into a reproduction job's
// directory deletes the job's record (job.json) with its outputs, so the
// reproduction, run again, does not average the unrelated run into its
// report. Nor does it delete that run (before session 38 it did, without
// a word): it is refused, naming the directory, with the run and the
// reproduction's files as they were. Once the run is moved away, the
// reproduction reuses 7 of its 8 runs, reruns that job and writes the
// first report again.
func TestForceIntoReproductionJob(t *testing.T) {
	dir := t.TempDir()
	rep := filepath.Join(dir, "fd2")
	o, err := execute(t, "reproduce", "fiez-duopoly", "--quick", "--out", rep)
	if err != nil {
		t.Fatalf("%v\n%s", err, o)
	}
	want, err := os.ReadFile(filepath.Join(rep, "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	wantReport, _ := os.ReadFile(filepath.Join(rep, "report.md"))
	cfg := writeFile(t, dir, "f.yaml", `name: formula
seed: 1
game:
  sense: cost
  dims: [1, 1]
  f1: "x[0]*x[0] + x[0]*y[0]"
  f2: "y[0]*y[0] - x[0]*y[0]"
dynamics: {kind: sga}
iterations: 100
`)
	job := filepath.Join(rep, "stackelberg", "seed1")
	if o, err := execute(t, "run", cfg, "--out", job, "--quiet"); err == nil || !strings.Contains(err.Error(), "job.json") {
		t.Fatalf("run into a job's directory without --force: %v (want a refusal naming job.json)\n%s", err, o)
	}
	if o, err := execute(t, "run", cfg, "--out", job, "--quiet", "--force"); err != nil {
		t.Fatalf("%v\n%s", err, o)
	}
	if _, err := os.Stat(filepath.Join(job, "job.json")); !os.IsNotExist(err) {
		t.Fatalf("job.json survived --force: %v", err)
	}
	forced, err := os.ReadFile(filepath.Join(job, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	o, err = execute(t, "reproduce", "fiez-duopoly", "--quick", "--out", rep)
	if err == nil || !strings.Contains(err.Error(), job+" has config.yaml, metrics.csv, summary.json (a run of \"formula\" with seed 1") ||
		!strings.Contains(err.Error(), "move or delete those files to run the job in "+job) {
		t.Fatalf("reproduce over the forced run: %v (want the directory refused, naming it)\n%s", err, o)
	}
	if b, _ := os.ReadFile(filepath.Join(job, "summary.json")); string(b) != string(forced) {
		t.Error("the forced run's summary.json changed under the refused reproduction")
	}
	if b, _ := os.ReadFile(filepath.Join(rep, "results.json")); string(b) != string(want) {
		t.Error("results.json changed under the refused reproduction")
	}
	for _, f := range []string{"config.yaml", "metrics.csv", "summary.json"} {
		if err := os.Remove(filepath.Join(job, f)); err != nil {
			t.Fatal(err)
		}
	}
	o, err = execute(t, "reproduce", "fiez-duopoly", "--quick", "--out", rep)
	if err != nil {
		t.Fatalf("%v\n%s", err, o)
	}
	var reused []string
	for _, line := range strings.Split(o, "\n") {
		if strings.HasPrefix(line, "reusing 7 of 8 runs finished in ") {
			_, list, _ := strings.Cut(line, ":")
			reused = strings.Fields(list)
		}
	}
	if len(reused) != 7 || strings.Contains(strings.Join(reused, " "), "stackelberg/seed1") {
		t.Errorf("the reproduction after the forced run reuses %v, want the 7 runs but stackelberg/seed1:\n%s", reused, o)
	}
	got, _ := os.ReadFile(filepath.Join(rep, "results.json"))
	if string(got) != string(want) {
		t.Errorf("results.json after the rerun differs from the first:\n%s\n---\n%s", got, want)
	}
	gotReport, _ := os.ReadFile(filepath.Join(rep, "report.md"))
	if string(gotReport) != string(wantReport) {
		t.Errorf("report.md after the rerun differs from the first:\n%s\n---\n%s", gotReport, wantReport)
	}
}
