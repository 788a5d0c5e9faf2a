package agent

import (
	"context"
	"math"
	"strings"
	"testing"
)

// TestUndefinedCategoricalPolicyStops: an on-policy run on CartPole whose
// actor gives logits with no finite maximum (every actor parameter NaN)
// stops its epoch with an error naming the environment, the step and the
// logits — before, nn.Categorical's sampling panicked (and before session
// 39 it drew the last action from NaN probabilities). The test episodes'
// mode stops the same way.
func TestUndefinedCategoricalPolicyStops(t *testing.T) {
	cfg := tinyConfig(t, "CartPole-v1", STAC, ActorLeads)
	a, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	for i := range a.actor.Data {
		a.actor.Data[i] = math.NaN()
	}
	_, err = a.RunEpoch(context.Background())
	const want = "CartPole-v1 step 1: the policy's sample: nn.Categorical.Probs: logits [NaN NaN] have no finite maximum"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("epoch: error %v, want one containing %q", err, want)
	}
	_, _, err = a.evaluate(context.Background())
	const wantTest = "test episode 1: CartPole-v1 step 1: the policy's action: nn.Categorical.Mode: logits [NaN NaN] have no finite maximum"
	if err == nil || !strings.Contains(err.Error(), wantTest) {
		t.Errorf("evaluate: error %v, want one containing %q", err, wantTest)
	}
}
