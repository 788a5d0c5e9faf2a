package uncoupled

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/loop"
)

// TestBestResponderCapped checks BestResponder.Capped on the payoff
// −(y − x)²/2, whose inner step y ← y + β(x − y) halves the gap at β = ½:
// from y = 0 against x = 1 the j-th step moves 2⁻ʲ exactly. With tol
// 10⁻³ the 9th step (2⁻⁹ ≈ 1.95·10⁻³) still moves more than tol: capped
// at MaxIter 9, with last step 2⁻⁹; the next response starts 2⁻⁹ from 1
// and its first step, 2⁻¹⁰, meets tol (not counted). At MaxIter 10 the
// 10th step, 2⁻¹⁰ < tol, converges at the cap: not counted.
func TestBestResponderCapped(t *testing.T) {
	grad := func(dst, own, other []float64) { dst[0] = other[0] - own[0] }
	for _, c := range []struct {
		maxIter int
		capped  int
		step    float64
	}{{9, 1, 0x1p-9}, {10, 0, 0}} {
		b, err := NewNumericalBestResponder(grad, []float64{0}, game.Domain{}, BestResponseConfig{LR: 0.5, Tol: 1e-3, MaxIter: c.maxIter})
		if err != nil {
			t.Fatal(err)
		}
		for range 2 {
			if err := b.Observe([]float64{1}); err != nil {
				t.Fatal(err)
			}
		}
		if n, step := b.Capped(); n != c.capped || step != c.step {
			t.Errorf("max_iter %d: %d capped responses, largest last step %g; want %d, %g (exact)", c.maxIter, n, step, c.capped, c.step)
		}
	}
	o, err := NewBestResponder(func(dst, other []float64) { copy(dst, other) }, []float64{0})
	if err != nil {
		t.Fatal(err)
	}
	if err := o.Observe([]float64{1}); err != nil {
		t.Fatal(err)
	}
	if n, step := o.Capped(); n != 0 || step != 0 {
		t.Errorf("oracle: %d capped responses, step %g; want 0, 0", n, step)
	}
}

// TestRunHiCCountsCappedBestResponses checks Outcome.BestResponseCapped on
// the cost game f2 = (y − x)²/2 with a leader that never moves (α = 0,
// x̃ = ±10⁻⁹) and the follower from y = 10: each inner step at β = 10⁻³
// contracts y − x̃ by 0.999, so the 10 steps of a response leave it above
// 10·0.999⁵⁰⁰ − 10⁻⁹ > 6 in all 50 stages, and its last step,
// 10⁻³·0.999⁹·(y − x̃) > 6·10⁻³, never meets tol 10⁻¹⁰: all 50 stages are
// capped. The gap is largest at stage 1, so the largest last step is
// 10⁻³·0.999⁹·(10 ∓ 10⁻⁹) = 10⁻²·0.999⁹ to 10⁻¹¹. With the default cap
// (10⁴) at β = ½ every response converges: 0, as for a gradient follower.
func TestRunHiCCountsCappedBestResponses(t *testing.T) {
	g, err := game.NewFormula(game.FormulaSpec{Name: "track", Sense: game.Cost, Dims: [2]int{1, 1},
		F1: "x[0]*x[0]", F2: "0.5*(y[0] - x[0])*(y[0] - x[0])"})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name   string
		br     *BestResponseConfig
		capped int
		step   float64
	}{
		{"max_iter 10, lr 1e-3", &BestResponseConfig{LR: 1e-3, MaxIter: 10}, 50, 1e-2 * math.Pow(0.999, 9)},
		{"default max_iter, lr 0.5", &BestResponseConfig{LR: 0.5}, 0, 0},
		{"gradient follower", nil, 0, 0},
	} {
		run := HiCRun{
			Leader:       HiCConfig{Alpha: loop.Constant(0), Delta: loop.Constant(1e-9), Commitment: loop.Constant(1)},
			Follower:     GradientConfig{LR: loop.Constant(1e-3)},
			BestResponse: c.br,
			Settings:     loop.Settings{Iterations: 50},
		}
		out, err := RunHiC(context.Background(), g, []float64{0}, []float64{10}, run, rand.New(rand.NewPCG(1, 2)), nil)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if out.BestResponseCapped != c.capped || math.Abs(out.BestResponseCappedStep-c.step) > 1e-11 {
			t.Errorf("%s: %d capped stages, largest last step %.17g; want %d, %.17g (±1e-11)", c.name, out.BestResponseCapped, out.BestResponseCappedStep, c.capped, c.step)
		}
	}
}
