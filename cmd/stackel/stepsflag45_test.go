package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestReproduceStepsFlagNotBlamedForOtherKeys: `reproduce NAME --steps N`
// blamed --steps for any refusal whose text held "rl.steps", such as a
// steps_per_epoch over STACKEL_MAX_BUFFER ("--steps 8000: stac-cartpole
// (stac-m1): rl.steps_per_epoch: 4000 exceeds the limit 100"), which no
// --steps mends: only Validate's refusals of the steps as too few
// (*agent.StepsError) name the flag; the others are the run's, as
// without --steps.
func TestReproduceStepsFlagNotBlamedForOtherKeys(t *testing.T) {
	t.Setenv("STACKEL_MAX_BUFFER", "100")
	out := filepath.Join(t.TempDir(), "r")
	_, err := execute(t, "reproduce", "stac-cartpole", "--steps", "8000", "--seeds", "1", "--quiet", "--out", out)
	if err == nil || strings.Contains(err.Error(), "--steps") || !strings.Contains(err.Error(), "rl.steps_per_epoch: 4000 exceeds the limit 100 (set STACKEL_MAX_BUFFER to raise it)") {
		t.Errorf("error %v; want the limit's, not blaming --steps", err)
	}
}
