package markov

import (
	"math"
	"testing"
)

// TestHierGradNormTextLambda56: with λ = 0 hier_grad_norm is Eq. 19 at the
// current θ2 with Config.Reg (diagnose), not Eq. 18 at B(θ1): its -1
// means a singular follower Hessian or a non-finite gradient whatever
// br_gap says, so "no best response" is the reason only with λ > 0, where
// the norm is taken at B(θ1). Checked on the table of cases and on
// diagnose's own measures at a θ1 whose state 0 has logit −Inf for every
// action (no policy: the best response refuses it and Eq. 19's gradient
// is not finite), where both are -1 at λ = 0 and at λ = 0.3.
func TestHierGradNormTextLambda56(t *testing.T) {
	const singular = "n/a (singular follower Hessian or non-finite gradient)"
	for _, c := range []struct {
		name              string
		norm, gap, lambda float64
		want              string
	}{
		{"computed, λ = 0", 2.5e-5, -1, 0, "2.5e-05"},
		{"computed, λ > 0", 2.5e-5, 0.125, 0.3, "2.5e-05"},
		{"both -1, λ > 0", -1, -1, 0.3, "n/a (no best response)"},
		{"both -1, λ = 0", -1, -1, 0, singular},
		{"singular, λ > 0", -1, 0.5, 0.3, singular},
		{"singular, λ = 0", -1, 0.5, 0, singular},
	} {
		if got := HierGradNormTextAt(c.norm, c.gap, c.lambda, "%.3g"); got != c.want {
			t.Errorf("%s: HierGradNormTextAt(%v, %v, %v) = %q, want %q", c.name, c.norm, c.gap, c.lambda, got, c.want)
		}
	}
	for _, c := range []struct {
		lambda float64
		want   string
	}{{0, singular}, {0.3, "n/a (no best response)"}} {
		g := rareStateGame(t, 5, 0)
		g.Lambda = c.lambda
		if err := g.Validate(); err != nil {
			t.Fatal(err)
		}
		ev, err := NewEvaluator(g)
		if err != nil {
			t.Fatal(err)
		}
		inf := math.Inf(-1)
		th1 := []float64{inf, inf, 1.1, 0.2, -0.5, 0.7}
		th2 := []float64{0.1, -0.2, 0.3, 0, 0, 3}
		st := diagnose(ev, 0, th1, th2, 0.1)
		if st.HierGradNorm != -1 || st.BRGap != -1 {
			t.Fatalf("λ = %g: diagnose's hier_grad_norm %v, br_gap %v; want both -1", c.lambda, st.HierGradNorm, st.BRGap)
		}
		if got := HierGradNormTextAt(st.HierGradNorm, st.BRGap, c.lambda, "%.3g"); got != c.want {
			t.Errorf("λ = %g: diagnose's measures written %q, want %q", c.lambda, got, c.want)
		}
	}
}
