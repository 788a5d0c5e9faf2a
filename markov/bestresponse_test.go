package markov

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/stackel/stackel/loop"
)

// TestBestResponseConvergesAtRoundingFloor: on larger games (|S| = 30-50,
// γ close to 1, small λ) the change of soft policy iteration bottoms out
// at the rounding level of the logits Q/λ, about ε·max|Q|/λ, which is
// above 1e-14. The oracle must still return the soft best response (Prop.
// 1): a stationary point of V2λ with ‖∇θ2V2λ(θ1, B(θ1))‖∞ ≤ 1e-9, and a
// run's diagnostics (br_gap, hier_grad_norm) must be computed, not
// reported as −1. (Before the rounding-floor test, soft policy iteration
// ran into its 500-iteration limit on every one of these games.)
func TestBestResponseConvergesAtRoundingFloor(t *testing.T) {
	for _, c := range []struct {
		n, m          int
		seed          uint64
		gamma, lambda float64
		diag          bool // check the run's diagnostics too
	}{
		{50, 5, 1, 0.95, 0.05, true},
		// Small λ: B(θ1) is nearly deterministic in some states, and
		// ∇²θ2V2λ's condition number in θ2 exceeds MaxCond; Eq. 18 is
		// solved in the policy's scale (hierWork.scaledSolve), so
		// hier_grad_norm is computed here too (it was −1 before).
		{30, 5, 2, 0.99, 0.01, true},
		{20, 4, 1, 0.99, 1e-3, true},
	} {
		g, err := RandomGame(c.n, c.m, c.m, c.seed, c.gamma, c.lambda)
		if err != nil {
			t.Fatal(err)
		}
		e, _ := NewEvaluator(g)
		rng := rand.New(rand.NewPCG(c.seed, 2))
		th1 := randTheta(rng, c.n*c.m, 1)
		th2, err := e.BestResponseTheta(th1)
		if err != nil {
			t.Errorf("%+v: %v", c, err)
			continue
		}
		if gm := maxAbs(e.Eval(th1, th2, OrderGradients).Grad22); gm > 1e-9 {
			t.Errorf("%+v: ‖∇θ2V2λ(θ1, B(θ1))‖∞ = %.3g > 1e-9", c, gm)
		}
		if !c.diag {
			continue
		}
		res, err := Run(context.Background(), g, Config{Settings: loop.Settings{Iterations: 1}, Theta1: th1}, nil)
		if err != nil {
			t.Fatalf("%+v: %v", c, err)
		}
		if res.BRGap < 0 || res.HierGradNorm < 0 {
			t.Errorf("%+v: br_gap = %g, hier_grad_norm = %g: the diagnostics were not computed", c, res.BRGap, res.HierGradNorm)
		}
	}
}
