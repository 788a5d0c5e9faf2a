package game

import (
	"testing"
)

// TestACToyClosedForm checks the actor-critic toy game (Zheng et al.
// §3.2) written as costs f1 = −wθ, f2 = (wθ + θ²/5)², against closed
// forms (tolerance 1e-12):
//
//	∇θ f1 = −w; ∇θθ f1 = 0, ∇θw f1 = −1, ∇ww f1 = 0
//	∇w f2 = 2θ(wθ + θ²/5); ∇ww f2 = 2θ², ∇wθ f2 = 4wθ + 6θ²/5,
//	∇θθ f2 = 2(w + 2θ/5)² + (4/5)(wθ + θ²/5)
func TestACToyClosedForm(t *testing.T) {
	g := NewACToy()
	rng := newRand(5)
	for k := 0; k < 20; k++ {
		x, y := randVec(rng, 1, -1, 1), randVec(rng, 1, -1, 1)
		th, w := x[0], y[0]
		r := w*th + th*th/5
		assertNear(t, "f1", g.Value1(x, y), -w*th, 1e-12)
		assertNear(t, "f2", g.Value2(x, y), r*r, 1e-12)
		d := []float64{0}
		g.Grad1(d, x, y)
		assertNear(t, "∇θ f1", d[0], -w, 1e-12)
		g.Grad2(d, x, y)
		assertNear(t, "∇w f2", d[0], 2*th*r, 1e-12)
		a := evalAD(g, x, y, true)
		assertVec(t, "Hessian f1", a.hess1.Data, []float64{0, -1, -1, 0}, 1e-12)
		s := w + 2*th/5
		assertVec(t, "Hessian f2", a.hess2.Data, []float64{2*s*s + 0.8*r, 4*w*th + 1.2*th*th, 4*w*th + 1.2*th*th, 2 * th * th}, 1e-12)
	}
	checkEvaluator(t, g, g, 50, -1, 1, 1e-12, newRand(6))

	// The equilibrium (θ*, w*) = (0, 0): both own gradients vanish and the
	// critic's Hessian 2θ² is singular there.
	a := evalAD(g, []float64{0}, []float64{0}, true)
	assertAbs(t, "∇θ f1 at 0", a.g1[0], 0, 0)
	assertAbs(t, "∇w f2 at 0", a.g2[0], 0, 0)
	assertAbs(t, "∇ww f2 at 0", a.hess2.Data[3], 0, 0)

	dx, dy := g.Domains()
	for _, d := range []Domain{dx, dy} {
		if d.Kind != Box || d.Lo[0] != -1 || d.Hi[0] != 1 {
			t.Errorf("domain %v, want box [−1, 1]", d)
		}
	}
	if g.Sense() != Cost {
		t.Errorf("sense %v, want cost", g.Sense())
	}
}
