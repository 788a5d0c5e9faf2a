package experiment

import (
	"errors"
	"testing"

	"github.com/stackel/stackel/rl/agent"
)

// TestStepsSetByOnlyStepsError: stepsSetBy re-attributes Validate's
// refusal of rl.steps (an *agent.StepsError) to the key the file writes,
// and returns any other error as it is, even one whose text begins as a
// steps refusal's does (it was recognised by that prefix).
func TestStepsSetByOnlyStepsError(t *testing.T) {
	c, err := agent.Defaults("CartPole-v1", agent.AC)
	if err != nil {
		t.Fatal(err)
	}
	c.StepsPerEpoch = 100000000
	rc := RLConfig{Env: "CartPole-v1", Algo: "ac", StepsPerEpoch: 100000000}
	vErr := c.Validate()
	if got, want := stepsSetBy(vErr, c, rc).Error(), "rl.steps_per_epoch: 100000000 with rl.steps at its default: rl.steps: 300000 is less than one epoch (steps_per_epoch 100000000)"; got != want {
		t.Errorf("stepsSetBy(Validate's refusal):\n got %s\nwant %s", got, want)
	}
	other := errors.New("rl.steps: 300000 is less than one epoch (steps_per_epoch 100000000)")
	if got := stepsSetBy(other, c, rc); got != other {
		t.Errorf("stepsSetBy(an error of the same text, not a StepsError) = %v, want it returned as it is", got)
	}
}
