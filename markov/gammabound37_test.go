package markov

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// TestGammaNearOneRefused: with γ within rounding of 1 the exact
// evaluation's solves of (I − γP_π)x = b, whose condition number can reach
// (1+γ)/(1−γ), were meaningless (V1·(1−γ) = 1.054 instead of 1 at
// 1−γ = 1e-15 with exactly stochastic rows and unit rewards), and at
// γ = math.Nextafter(1, 0) HierGrad blamed the follower Hessian
// ("condition number +Inf"). Validate now refuses 1 − γ below
// MinOneMinusGamma(states), naming gamma, the bound and why.
func TestGammaNearOneRefused(t *testing.T) {
	game := func(gamma float64) *Game {
		return &Game{Gamma: gamma, Lambda: 0.1, States: 3, Actions: []int{1, 2},
			Rho: []float64{1, 0, 0},
			P: [][][][]float64{
				{{{0.1, 0.2, 0.7}, {0.3, 0.3, 0.4}}},
				{{{0.5, 0.25, 0.25}, {0.6, 0.2, 0.2}}},
				{{{0.1, 0.8, 0.1}, {0, 0, 1}}},
			},
			R1: [][][]float64{{{1, 1}}, {{1, 1}}, {{1, 1}}},
			R2: [][][]float64{{{1, 1}}, {{1, 2}}, {{1, 1}}},
		}
	}
	if b := MinOneMinusGamma(3); math.Abs(b-3*2000*0x1p-52) > 1e-28 {
		t.Errorf("MinOneMinusGamma(3) = %g, want 6000·2⁻⁵² = 1.332e-12", b)
	}
	for _, gamma := range []float64{math.Nextafter(1, 0), 1 - 1e-15, 1 - 1e-13, 1 - 1e-12} {
		g := game(gamma)
		err := g.Validate()
		var ve *validationError
		if err == nil || !errors.As(err, &ve) || ve.path != "gamma" ||
			!strings.Contains(err.Error(), "is below the bound 1.33e-12 for 3 states") ||
			!strings.Contains(err.Error(), "condition number of I − γP_π") {
			t.Errorf("γ = %v: Validate error %v, want one on gamma naming the bound 1.33e-12 and the condition number", gamma, err)
		}
		if _, err := NewEvaluator(g); err == nil {
			t.Errorf("γ = %v: NewEvaluator accepted the game", gamma)
		}
	}
	// Within the bound the values keep their accuracy: V1·(1−γ) = 1 within
	// 1e-5 (measured 7.6e-7 at 1−γ = 1e-10, about ε/(1−γ)).
	for _, gamma := range []float64{1 - 1e-10, 1 - 2e-12} {
		g := game(gamma)
		e, err := NewEvaluator(g)
		if err != nil {
			t.Fatalf("γ = %v: %v", gamma, err)
		}
		p := e.Eval([]float64{0, 0, 0}, make([]float64, 6), OrderValues)
		if got := p.V1 * (1 - gamma); math.Abs(got-1) > 1e-4 {
			t.Errorf("γ = %v: V1·(1−γ) = %.10g, want 1 (±1e-4)", gamma, got)
		}
	}
}
