package experiment

import (
	"strings"
	"testing"

	"github.com/stackel/stackel/markov"
)

// TestMarkovHintNoBestResponse51: a Stackelberg PG run whose last iterate
// has no best response (markov's diagnose records −1 for both
// hier_grad_norm and br_gap when B(θ1) fails: soft policy iteration at
// its iteration limit, or a NaN; Assess then says "could not be computed
// (no best response to take it at)") got singularHint's advice for a
// singular follower Hessian ("Eq. 18 inverts the follower's Hessian …;
// raise the game's lambda"), a cause the verdict itself rules out: Eq. 18
// was never reached. The hint names the failed best response. With λ = 0
// hier_grad_norm is Eq. 19 at the follower's own policy, computed apart
// from B(θ1), so its advice (dynamics.reg) stands; so does the advice
// when hier_grad_norm alone is undefined.
func TestMarkovHintNoBestResponse51(t *testing.T) {
	noBR := markov.Verdict{Measure: "hier_grad_norm", GradNorm: -1, BRGap: -1,
		Reason: "hier_grad_norm could not be computed (no best response to take it at); the best response could not be computed"}
	const want = "hier_grad_norm and br_gap are undefined: the follower's best response B(θ1) (Eq. 13-14, soft policy iteration) could not be computed at the last iterate, " +
		"so Eq. 18, which is taken at B(θ1), was not reached (its Hessian is not what failed): the best response did not converge within its iteration limit there, or met a non-finite value"
	for _, tc := range []struct {
		name   string
		mc     markov.Config
		lambda float64
	}{
		{"lambda 0.2, fixed steps", markov.Config{Dynamics: markov.StackelbergPG, StepRule: markov.FixedSteps}, 0.2},
		{"lambda 0.001, backtracking", markov.Config{Dynamics: markov.StackelbergPG, StepRule: markov.Backtracking}, 0.001},
	} {
		got := markovHint(tc.mc, noBR, 0.9, tc.lambda)
		if got != want {
			t.Errorf("%s: hint\n%q\nwant\n%q", tc.name, got, want)
		}
	}
	if got := markovHint(markov.Config{Dynamics: markov.StackelbergPG, Reg: 0.01}, noBR, 0.9, 0); !strings.Contains(got, "raise dynamics.reg") {
		t.Errorf("λ = 0, reg 0.01, both undefined: hint %q", got)
	}
	// hier_grad_norm alone undefined (br_gap 0.5): the singular Hessian.
	got := markovHint(markov.Config{Dynamics: markov.StackelbergPG}, markov.Verdict{GradNorm: -1, BRGap: 0.5}, 0.9, 0.001)
	if !strings.Contains(got, "as at λ = 0.001 small against") || !strings.Contains(got, "raise the game's lambda") {
		t.Errorf("hier_grad_norm −1, br_gap 0.5, λ = 0.001: hint %q", got)
	}
}
