package repro

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stackel/stackel/experiment"
)

// TestMuJoCoReportWithoutEngine writes the report of MuJoCo runs made
// elsewhere (a cluster's, collected onto a machine whose binary lacks
// -tags mujoco): --report-only reads their files and needs no engine, in
// any build. Two seeds of three variants on Hopper-v4, 20k steps, with
// test returns chosen so that the report's final means are known: seed s
// of variant v ends at 100·(v+1) + 10·s. Running (not reporting) the same
// jobs in this process (no executor, or experiment.Local) is refused up
// front when the binary lacks the engine, naming the run and the build tag.
func TestMuJoCoReportWithoutEngine(t *testing.T) {
	r, opt := hopperSuiteOnDisk(t, false)
	dir := opt.Out
	var log bytes.Buffer
	opt.Log = &log
	if err := r.Execute(context.Background(), opt); err != nil {
		t.Fatalf("report-only: %v", err)
	}
	md, err := os.ReadFile(filepath.Join(dir, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	// Final test returns: STSAC-AL 110, 120 (115 ± 7.07), STSAC-CL 210,
	// 220, SAC 310, 320; over the run STSAC-AL's seeds average 80 and 85
	// (82.5 ± 3.54).
	for _, want := range []string{"| STSAC-AL |", "115.0 ± 7.1", "215.0 ± 7.1", "315.0 ± 7.1", "82.5 ± 3.5"} {
		if !strings.Contains(string(md), want) {
			t.Errorf("report.md lacks %q:\n%s", want, md)
		}
	}

	// Hopper has a threshold (3800): the tests compare steps to it.
	if !strings.Contains(string(md), "| STSAC-AL | steps to the threshold |") {
		t.Errorf("Hopper's report lacks the steps-to-threshold test:\n%s", md)
	}
	// Walker2d has none: every run "never" reaches it, so the report says
	// so and tests no steps to it.
	wdir := t.TempDir()
	wopt := Options{Out: wdir, Seeds: 2, Steps: 20000, Envs: []string{"Walker2d-v4"}, ReportOnly: true, Log: &log}
	wjobs, err := r.Jobs(wopt)
	if err != nil {
		t.Fatal(err)
	}
	writeFinishedRuns(t, wdir, wjobs)
	if err := r.Execute(context.Background(), wopt); err != nil {
		t.Fatalf("report-only, Walker2d: %v", err)
	}
	wmd, err := os.ReadFile(filepath.Join(wdir, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(wmd), "the task has no reward threshold") || strings.Contains(string(wmd), "| steps to the threshold |") || !strings.Contains(string(wmd), "| STSAC-AL | final test return") {
		t.Errorf("Walker2d's report:\n%s", wmd)
	}

	if mujocoLinked {
		return
	}
	for _, exec := range []experiment.Executor{nil, experiment.Local{Workers: 1}, &experiment.Local{Workers: 1}} {
		run := opt
		run.ReportOnly, run.Out, run.Executor = false, t.TempDir(), exec
		err = r.Execute(context.Background(), run)
		if err == nil || !strings.Contains(err.Error(), "Hopper-v4/stsac-al/seed1: rl.env") || !strings.Contains(err.Error(), "-tags mujoco") {
			t.Errorf("running MuJoCo jobs without the engine (executor %T): error %v; want one naming the first run and the build tag", exec, err)
		}
		if entries, _ := os.ReadDir(run.Out); len(entries) != 0 {
			t.Errorf("the refused run (executor %T) left %d entries in its directory", exec, len(entries))
		}
	}
}

// hopperSuiteOnDisk writes the finished runs (writeFinishedRuns) of
// stsac-mujoco on Hopper-v4, two seeds of 20k steps (quick or not), into a
// new directory, and returns the reproduction and its report-only options
// for that directory.
func hopperSuiteOnDisk(t *testing.T, quick bool) (Reproduction, Options) {
	t.Helper()
	r, err := Lookup("stsac-mujoco")
	if err != nil {
		t.Fatal(err)
	}
	opt := Options{Out: t.TempDir(), Quick: quick, Seeds: 2, Steps: 20000, Envs: []string{"Hopper-v4"}, ReportOnly: true}
	jobs, err := r.Jobs(opt)
	if err != nil {
		t.Fatal(err)
	}
	writeFinishedRuns(t, opt.Out, jobs)
	return r, opt
}

// writeFinishedRuns writes, for jobs of three variants (in the order the
// reproduction lists them), finished runs of two 10k-step epochs under
// dir: test return 50, then 100·(v+1) + 10·s for seed s of variant v.
func writeFinishedRuns(t *testing.T, dir string, jobs []experiment.Job) {
	t.Helper()
	for k, j := range jobs {
		v, s := k%3, k/3+1
		writeRunEnding(t, filepath.Join(dir, j.Out), j, float64(100*(v+1)+10*s))
	}
}

// A report with no finished run draws no curves, and leaves none of an
// earlier report behind: after the runs of a finished 20k-step report
// are asked for at 40k steps (unfinished until lengthened), neither the
// task's curves.csv and learning_curves.png/svg nor the suite's panels
// remain to contradict report.md's "No run has finished yet" — before,
// the suite even drew its panel again from the task's old curves.csv.
func TestRLReportLeavesNoStaleCurves(t *testing.T) {
	r, opt := hopperSuiteOnDisk(t, false)
	dir := opt.Out
	if err := r.Execute(context.Background(), opt); err != nil {
		t.Fatal(err)
	}
	curves := []string{
		filepath.Join("Hopper-v4", "curves.csv"), filepath.Join("Hopper-v4", "learning_curves.png"), filepath.Join("Hopper-v4", "learning_curves.svg"),
		"learning_curves.png", "learning_curves.svg",
	}
	for _, f := range curves {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Fatalf("the finished runs' report: %v", err)
		}
	}
	opt.Steps = 40000
	if err := r.Execute(context.Background(), opt); err != nil {
		t.Fatal(err)
	}
	md, err := os.ReadFile(filepath.Join(dir, "Hopper-v4", "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(md), "6 of 6 runs unfinished or not started") || !strings.Contains(string(md), "No run has finished yet: no curves.") {
		t.Fatalf("report of the unfinished runs:\n%s", md)
	}
	for _, f := range curves {
		if _, err := os.Stat(filepath.Join(dir, f)); !os.IsNotExist(err) {
			t.Errorf("%s of the 20k-step report is still there (%v)", f, err)
		}
	}
}

// A --quick suite says so in every task's report.md and figure, not only
// in the top-level report: each task's directory is a report of its own,
// and its title and the top-level panel's carry "(quick run)".
func TestQuickSuiteTasksSayQuick(t *testing.T) {
	r, opt := hopperSuiteOnDisk(t, true)
	dir := opt.Out
	if err := r.Execute(context.Background(), opt); err != nil {
		t.Fatal(err)
	}
	quickNote := r.quickNote(opt)
	for _, f := range []string{"report.md", filepath.Join("Hopper-v4", "report.md")} {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(string(b), quickNote) {
			t.Errorf("%s starts %q, not with the quick-run note", f, string(b[:min(len(b), 80)]))
		}
		if strings.Count(string(b), quickNote) != 1 {
			t.Errorf("%s holds the quick-run note %d times", f, strings.Count(string(b), quickNote))
		}
	}
	for _, f := range []string{filepath.Join("Hopper-v4", "learning_curves.svg"), "learning_curves.svg"} {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), "(quick run)</text>") {
			t.Errorf("%s: no \"(quick run)\" in its title", f)
		}
	}
	if _, still := quickDirs.Load(filepath.Clean(filepath.Join(dir, "Hopper-v4"))); still {
		t.Error("quick marker of the task's directory left behind")
	}
}
