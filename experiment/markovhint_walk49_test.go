package experiment

import (
	"strings"
	"testing"

	"github.com/stackel/stackel/markov"
)

// TestMarkovHintRegularised: a Stackelberg PG run with dynamics.reg > 0
// whose follower ends at its best response but whose hier_grad_norm
// stays above the criterion (patrol with reg: 1 ends at br_gap 3.1e-7,
// hier_grad_norm 0.253) is held off the stationary point by reg, not by
// its steps: the hint names reg and the numbers, and does not advise
// backtracking (before session 49 it said the steps made the follower
// jump across its best response). With br_gap above the criterion, with
// reg 0 or with simultaneous PG the step advice stays.
func TestMarkovHintRegularised(t *testing.T) {
	atBR := markov.Verdict{Measure: "hier_grad_norm", GradNorm: 0.253, BRGap: 3.1e-7}
	reg := markov.Config{Dynamics: markov.StackelbergPG, StepRule: markov.FixedSteps, Reg: 1}
	got := markovHint(reg, atBR, 0.9, 0.2)
	for _, want := range []string{"br_gap = 3.1e-07", "dynamics.reg = 1", "hier_grad_norm = 0.253", "lower dynamics.reg"} {
		if !strings.Contains(got, want) {
			t.Errorf("reg 1, follower at its best response: hint %q, want one containing %q", got, want)
		}
	}
	if strings.Contains(got, "backtracking") {
		t.Errorf("reg 1, follower at its best response: hint %q advises backtracking", got)
	}
	bt := reg
	bt.StepRule = markov.Backtracking
	if got := markovHint(bt, atBR, 0.9, 0.2); !strings.Contains(got, "dynamics.reg = 1") {
		t.Errorf("reg 1 with backtracking: hint %q, want the reg hint", got)
	}
	for _, tc := range []struct {
		name string
		mc   markov.Config
		v    markov.Verdict
	}{
		{"follower off its best response", reg, markov.Verdict{GradNorm: 0.253, BRGap: 0.3}},
		{"reg 0", markov.Config{Dynamics: markov.StackelbergPG, StepRule: markov.FixedSteps}, atBR},
		{"simultaneous PG", markov.Config{Dynamics: markov.SimultaneousPG, StepRule: markov.FixedSteps, Reg: 1}, atBR},
	} {
		if got := markovHint(tc.mc, tc.v, 0.9, 0.2); !strings.Contains(got, "try dynamics.step_rule: backtracking") || strings.Contains(got, "dynamics.reg =") {
			t.Errorf("%s: hint %q, want the step hint only", tc.name, got)
		}
	}
}

// An estimator registered from Go (neither exact nor sampled) gets advice
// that fits any estimator, naming it, not the sampled estimator's (before
// session 49: "with sampled gradients, steps that do not decay …" for a
// deterministic user estimator too). Its gradients' noise is said as a
// condition (review 49: the hint said "noisy gradients keep it moving"
// of an estimator it knows nothing of).
func TestMarkovHintCustomEstimator49(t *testing.T) {
	got := markovHint(markov.Config{Estimator: "mine", StepRule: markov.FixedSteps}, markov.Verdict{}, 0.9, 0.2)
	const want = "steps too long for this game make the follower jump across its best response (and, if its gradients are noisy, steps that do not decay keep it moving about it): try smaller or decaying steps (dynamics.step_rule: backtracking needs the exact estimator, not mine)"
	if got != want {
		t.Errorf("hint %q, want %q", got, want)
	}
}
