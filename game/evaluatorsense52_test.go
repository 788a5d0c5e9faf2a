package game

import (
	"math"
	"testing"
)

// gameOnly hides a built-in's Evaluator methods, so that NewEvaluator
// compiles it with package ad.
type gameOnly struct{ Game }

// TestEvaluatorGradientsInTheGameSense52: an Evaluator's gradients are
// those of the objectives in the game's own Sense (the Evaluator doc): on
// the duopoly (payoffs) Grad1 = A − c1 − 2x − y, the uphill gradient of
// the leader's profit, for the closed form and the compiled evaluator
// alike (within 1e-12); a step x − α·Sign·∇x f1 raises the profit and a
// step x − α·∇x f1 lowers it. On ac-toy (costs) the same step
// x − α·Sign·∇ lowers the cost.
func TestEvaluatorGradientsInTheGameSense52(t *testing.T) {
	const alpha, tol = 0.01, 1e-12
	for _, name := range []string{"duopoly", "ac-toy"} {
		g, err := Builtin(name, nil)
		if err != nil {
			t.Fatal(err)
		}
		d1, d2 := g.Dims()
		x, y := make([]float64, d1), make([]float64, d2)
		for i := range x {
			x[i] = 1 + 0.5*float64(i)
		}
		for i := range y {
			y[i] = 2 - 0.25*float64(i)
		}
		sign := g.Sense().Sign()
		for _, e := range []Evaluator{NewEvaluator(g), NewEvaluator(gameOnly{g})} {
			grad := make([]float64, d1)
			e.Grad1(grad, x, y)
			if d, ok := g.(*Duopoly); ok {
				if want := d.a - d.c1 - 2*x[0] - y[0]; math.Abs(grad[0]-want) > tol {
					t.Errorf("%s %T: Grad1 = %v, want A − c1 − 2x − y = %v", name, e, grad[0], want)
				}
			}
			step := func(s float64) float64 {
				xs := make([]float64, d1)
				for i := range x {
					xs[i] = x[i] - alpha*s*grad[i]
				}
				return e.Value1(xs, y)
			}
			f0 := e.Value1(x, y)
			// −sign·(f(x − α·Sign·∇) − f(x)) > 0: the leader's objective improves.
			if got := -sign * (step(sign) - f0); !(got > 0) {
				t.Errorf("%s %T (%v): a step along −Sign·∇ changes f1 from %v to %v, want an improvement", name, e, g.Sense(), f0, step(sign))
			}
			if g.Sense() == Payoff {
				if f := step(1); !(f < f0) {
					t.Errorf("%s %T: a step along −∇ of a payoff gives f1 %v from %v, want lower", name, e, f, f0)
				}
			}
		}
	}
}
