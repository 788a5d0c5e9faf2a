package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestSweepEpochWarningNoGrid55c: the warning of a spec without a grid
// whose RL jobs' length is not a whole number of epochs names the first
// job by its seed, not by "grid point {base}".
func TestSweepEpochWarningNoGrid55c(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "base.yaml", "name: c\nseed: 1\nrl: {env: CartPole-v1, algo: ac, steps: 250, steps_per_epoch: 100, hidden: [4]}\n")
	spec := writeFile(t, dir, "s.yaml", "name: sw\nbase: base.yaml\nseeds: [5, 6]\n")
	got, err := execute(t, "sweep", spec, "--emit", "slurm", "--out", filepath.Join(dir, "o"))
	if err != nil {
		t.Fatal(err)
	}
	warn := "warning: " + spec + ": rl.steps 250 is not a whole number of epochs (steps_per_epoch 100): the last epoch is cut short at step 250, and the run cannot be lengthened later (a larger rl.steps is refused); 200 or 300 steps keep that possible (2 of the sweep's 2 jobs, the first at seed 5)\n"
	if strings.Count(got, "warning:") != 1 || !strings.Contains(got, warn) {
		t.Errorf("sweep's output\n%s\nwant the one warning\n%s", got, warn)
	}
}
