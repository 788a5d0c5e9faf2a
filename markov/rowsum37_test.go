package markov

import (
	"math"
	"testing"
)

// TestRowSumWithinTolNormalised: a row of P that sums to 1 + δ with δ
// within ProbTol is accepted, and must be used as the distribution it
// stands for. With constant rewards R1 = R2 = 1 and uniform policies the
// exact answers are V1 = 1/(1−γ) and ∇θ2 V2λ = 0 (every state has the same
// entropy, so every state the same soft value, so every follower action
// the same soft Q). Before the rows were normalised, γ = 0.999999 with
// δ = 9e-10 gave V1·(1−γ) = 1.0001 and ∇θ2 V2λ entries of ±65, and
// γ = 1 − 1e-10 with δ = 5e-10 (γ(1+δ) > 1, so I − γP_π is not
// diagonally dominant) V1·(1−γ) = 2.5.
func TestRowSumWithinTolNormalised(t *testing.T) {
	// tol bounds ∇θ2 V2λ: rounding alone leaves 5e-5 at γ = 0.999999 and
	// 3e3 at γ = 1 − 1e-10 (differences of values of order 1e6 and 1e10
	// times visitations of the same order), measured.
	for _, c := range []struct{ gamma, dev, tol float64 }{{0.999999, 9e-10, 1e-3}, {1 - 1e-10, 5e-10, 1e5}} {
		g := &Game{Gamma: c.gamma, Lambda: 0.1, States: 3, Actions: []int{1, 2},
			Rho: []float64{1, 0, 0},
			P: [][][][]float64{
				{{{0.1, 0.2, 0.7}, {0.3, 0.3, 0.4 + c.dev}}},
				{{{0.5, 0.25, 0.25}, {0.6, 0.2, 0.2}}},
				{{{0.1, 0.8, 0.1}, {0, 0, 1}}},
			},
			R1: [][][]float64{{{1, 1}}, {{1, 1}}, {{1, 1}}},
			R2: [][][]float64{{{1, 1}}, {{1, 1}}, {{1, 1}}},
		}
		e, err := NewEvaluator(g)
		if err != nil {
			t.Fatal(err)
		}
		p := e.Eval([]float64{0, 0, 0}, make([]float64, 6), OrderGradients)
		// Rounding alone: relative error about n·ε/(1−γ) ≤ 1e-5 here.
		if got := p.V1 * (1 - c.gamma); math.Abs(got-1) > 1e-5 {
			t.Errorf("γ = %v, δ = %g: V1·(1−γ) = %.10g, want 1 (±1e-5)", c.gamma, c.dev, got)
		}
		tol := c.tol
		for i, v := range p.Grad22 {
			if math.Abs(v) > tol {
				t.Errorf("γ = %v, δ = %g: ∇θ2 V2λ[%d] = %g, want 0 (±%g)", c.gamma, c.dev, i, v, tol)
			}
		}
		if got := g.P[0][0][1][2]; got != 0.4+c.dev {
			t.Errorf("Validate changed the Game's field P[0][0][1][2] to %v", got)
		}
	}
}
