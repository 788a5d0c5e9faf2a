package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSweepEpochWarningNotOnContinue55r5: a sweep of RL jobs cut short is
// warned of when it starts, and the same command given again to continue
// it (its jobs recorded in DIR/runs/<id>/job.json, here all done) does
// not warn again, as run --resume of a run at its length does not.
func TestSweepEpochWarningNotOnContinue55r5(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "base.yaml", "name: c\nseed: 1\nrl: {env: CartPole-v1, algo: ac, steps: 250, steps_per_epoch: 100, hidden: [4]}\n")
	spec := writeFile(t, dir, "s.yaml", "name: sw\nbase: base.yaml\ngrid:\n  rl.options.gamma: [0.99, 0.98]\nseeds: {count: 1}\n")
	out := filepath.Join(dir, "o")
	got, err := execute(t, "sweep", spec, "--out", out, "--workers", "1", "--listen", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(got, "warning: "+spec+": rl.steps 250 is not a whole number of epochs"); n != 1 {
		t.Fatalf("the sweep's first run warned %d times, want 1:\n%s", n, got)
	}
	got, err = execute(t, "sweep", spec, "--out", out, "--workers", "1", "--listen", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(got, "is not a whole number of epochs") {
		t.Errorf("the sweep given again (its jobs done) warned again:\n%s", got)
	}
}

// TestResumeEpochWarningOtherEpochs55r5: run --resume DIR CONFIG over a
// run of the same rl.steps but another steps_per_epoch (no checkpoint
// there: the run starts afresh) warns of the new run's cut-short epoch,
// which no earlier warning named; the run given again then does not.
func TestResumeEpochWarningOtherEpochs55r5(t *testing.T) {
	dir := t.TempDir()
	const c100 = "name: c\nseed: 1\nrl: {env: CartPole-v1, algo: ac, steps: 250, steps_per_epoch: 100, hidden: [4]}\n"
	a := writeFile(t, dir, "a.yaml", c100)
	b := writeFile(t, dir, "b.yaml", strings.Replace(c100, "steps_per_epoch: 100", "steps_per_epoch: 150", 1))
	out := filepath.Join(dir, "o")
	if _, err := execute(t, "run", a, "--out", out, "--quiet"); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(out, "checkpoint.gob")); err != nil {
		t.Fatal(err)
	}
	got, err := execute(t, "run", "--resume", out, b, "--quiet")
	if err != nil {
		t.Fatal(err)
	}
	want := "warning: rl.steps 250 is not a whole number of epochs (steps_per_epoch 150): the last epoch is cut short at step 250, and the run cannot be lengthened later (a larger rl.steps is refused); 150 or 300 steps keep that possible\n"
	if strings.Count(got, want) != 1 {
		t.Errorf("run --resume over a run of steps_per_epoch 100 with 150: output\n%s\nwant the warning once:\n%s", got, want)
	}
	got, err = execute(t, "run", "--resume", out, "--quiet")
	if err != nil || strings.Contains(got, "warning:") {
		t.Errorf("the finished run given again: %v, output\n%s\nwant no warning", err, got)
	}
}
