package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestCutShortJobPath55b: a job of a length that is not a whole number of
// epochs (run --job) is warned of at its start, as a plain run is; the
// refusal to lengthen it (run --resume of the job's directory with a
// longer config) names the remedy, as the plain run's does; and neither
// the job's directory nor a plain run's given again (run --resume DIR,
// the run finished) repeats the warning, which a resume did.
func TestCutShortJobPath55b(t *testing.T) {
	dir := t.TempDir()
	const c250 = "name: c\nseed: 1\nrl: {env: CartPole-v1, algo: ac, steps: 250, steps_per_epoch: 100, hidden: [4]}\n"
	longer := writeFile(t, dir, "c400.yaml", strings.Replace(c250, "steps: 250", "steps: 400", 1))
	warn := "warning: rl.steps 250 is not a whole number of epochs (steps_per_epoch 100): the last epoch is cut short at step 250, and the run cannot be lengthened later (a larger rl.steps is refused); 200 or 300 steps keep that possible\n"

	jobPath, _ := writeJobFile(t, dir, "job.json", c250, 1)
	oj := filepath.Join(dir, "oj")
	got, err := execute(t, "run", "--job", jobPath, "--out", oj, "--quiet")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(got, warn) != 1 {
		t.Errorf("run --job's output\n%s\nwant the warning once:\n%s", got, warn)
	}
	got, err = execute(t, "run", "--resume", oj, "--quiet")
	if err != nil || strings.Contains(got, "warning:") {
		t.Errorf("the finished job given again: %v, output\n%s\nwant no warning", err, got)
	}
	_, err = execute(t, "run", "--resume", oj, longer, "--quiet")
	remedy := "; a run cut short cannot be lengthened: run the longer job into another --out, or delete " + oj + " to run it again from the start"
	if err == nil || !strings.Contains(err.Error(), "the run's last epoch was cut short at step 250 (steps_per_epoch 100), where a longer run's epoch goes on, so the continued run would not be the longer one"+remedy) {
		t.Errorf("lengthening the job: error\n%v\nwant the refusal with the remedy%s", err, remedy)
	}

	short := writeFile(t, dir, "c250.yaml", c250)
	oc := filepath.Join(dir, "oc")
	if got, err = execute(t, "run", short, "--out", oc, "--quiet"); err != nil || strings.Count(got, warn) != 1 {
		t.Fatalf("run: %v, output\n%s\nwant the warning once", err, got)
	}
	got, err = execute(t, "run", "--resume", oc, "--quiet")
	if err != nil || strings.Contains(got, "warning:") {
		t.Errorf("the finished run given again: %v, output\n%s\nwant no warning", err, got)
	}
}

// TestSweepEpochWarningOnce55b: a sweep whose RL jobs' length is not a
// whole number of epochs is warned of once for the spec (its two grid
// points share the length), naming the spec, the first job's grid point
// and how many jobs are so; it was not warned of at all.
func TestSweepEpochWarningOnce55b(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "base.yaml", "name: c\nseed: 1\nrl: {env: CartPole-v1, algo: ac, steps: 250, steps_per_epoch: 100, hidden: [4]}\n")
	spec := writeFile(t, dir, "s.yaml", "name: sw\nbase: base.yaml\ngrid:\n  rl.options.gamma: [0.99, 0.98]\nseeds: {count: 1}\n")
	got, err := execute(t, "sweep", spec, "--emit", "slurm", "--out", filepath.Join(dir, "o"))
	if err != nil {
		t.Fatal(err)
	}
	warn := "warning: " + spec + ": rl.steps 250 is not a whole number of epochs (steps_per_epoch 100): the last epoch is cut short at step 250, and the run cannot be lengthened later (a larger rl.steps is refused); 200 or 300 steps keep that possible (2 of the sweep's 2 jobs, the first at grid point {rl.options.gamma=0.99} seed 1)\n"
	if strings.Count(got, "warning:") != 1 || !strings.Contains(got, warn) {
		t.Errorf("sweep's output\n%s\nwant the one warning\n%s", got, warn)
	}
}
