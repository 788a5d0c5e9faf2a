package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestReproduceStepsMinimum55: --steps below one epoch of a MuJoCo suite
// (steps_per_epoch 10000) is refused naming the least --steps the runs
// take; it said only "less than one epoch".
func TestReproduceStepsMinimum55(t *testing.T) {
	out := filepath.Join(t.TempDir(), "m")
	_, err := execute(t, "reproduce", "stddpg-mujoco", "--steps", "2000", "--seeds", "1", "--quiet", "--out", out)
	want := "--steps 2000: stddpg-mujoco (stddpg-al): rl.steps: 2000 is less than one epoch (steps_per_epoch 10000); give --steps 10000 or more (a multiple of 10000, so that the runs can be lengthened later)"
	if err == nil || err.Error() != want {
		t.Fatalf("error\n%v\nwant\n%s", err, want)
	}
}

// TestStepsNotWholeEpochs55: a length that is not a whole number of epochs
// (rl.steps in run, --steps in reproduce) is warned of at the start, since
// such a run cannot be lengthened later, and the refusal to lengthen it
// says what to do instead; both said nothing until the lengthening was
// refused, and the refusal gave no remedy.
func TestStepsNotWholeEpochs55(t *testing.T) {
	dir := t.TempDir()
	short := writeFile(t, dir, "c250.yaml", "name: c\nseed: 1\nrl: {env: CartPole-v1, algo: ac, steps: 250, steps_per_epoch: 100, hidden: [4]}\n")
	longer := writeFile(t, dir, "c400.yaml", "name: c\nseed: 1\nrl: {env: CartPole-v1, algo: ac, steps: 400, steps_per_epoch: 100, hidden: [4]}\n")
	oc := filepath.Join(dir, "oc")
	got, err := execute(t, "run", short, "--out", oc, "--quiet")
	if err != nil {
		t.Fatal(err)
	}
	warn := "warning: rl.steps 250 is not a whole number of epochs (steps_per_epoch 100): the last epoch is cut short at step 250, and the run cannot be lengthened later (a larger rl.steps is refused); 200 or 300 steps keep that possible\n"
	if !strings.Contains(got, warn) {
		t.Errorf("run's output\n%s\nlacks\n%s", got, warn)
	}
	_, err = execute(t, "run", "--resume", oc, longer, "--quiet")
	want := oc + "/checkpoint.gob: agent: extend to 400 steps: the run's last epoch was cut short at step 250 (steps_per_epoch 100), where a longer run's epoch goes on, so the continued run would not be the longer one; a run cut short cannot be lengthened: run the longer config into another directory (stackel run " + longer + " --out OTHER_DIR), or again from the start in this one (stackel run " + longer + " --out " + oc + " --force)"
	if err == nil || err.Error() != filepath.FromSlash(want) {
		t.Errorf("lengthening: error\n%v\nwant\n%s", err, want)
	}
	// A whole number of epochs: no warning.
	got, err = execute(t, "run", longer, "--out", filepath.Join(dir, "o400"), "--quiet")
	if err != nil || strings.Contains(got, "warning:") {
		t.Errorf("run of 400 steps: %v, output\n%s", err, got)
	}

	rq := filepath.Join(dir, "rq")
	got, err = execute(t, "reproduce", "stddpg-pendulum", "--quick", "--steps", "700", "--seeds", "1", "--variants", "ddpg", "--workers", "1", "--quiet", "--out", rq)
	if err != nil {
		t.Fatal(err)
	}
	warn = "warning: --steps 700 is not a whole number of epochs (steps_per_epoch 300): the last epoch is cut short at step 700, and the run cannot be lengthened later (a larger --steps is refused); 600 or 900 steps keep that possible (runs of stddpg-pendulum, ddpg)\n"
	if !strings.HasPrefix(got, warn) {
		t.Errorf("reproduce's output\n%s\ndoes not begin with\n%s", got, warn)
	}
	_, err = execute(t, "reproduce", "stddpg-pendulum", "--quick", "--steps", "900", "--seeds", "1", "--variants", "ddpg", "--workers", "1", "--quiet", "--out", rq)
	remedy := "; a run cut short cannot be lengthened: run the longer reproduction into a fresh --out (or delete that run's directory to run it again)"
	if err == nil || !strings.HasSuffix(err.Error(), "the run's last epoch was cut short at step 700 (steps_per_epoch 300), where a longer run's epoch goes on, so the continued run would not be the longer one"+remedy) {
		t.Errorf("lengthening the reproduction: error\n%v\nwant one ending in the remedy%s", err, remedy)
	}
}
