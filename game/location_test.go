package game

import (
	"math"
	"testing"
)

// TestLocationClosedForm checks the torus location game's objectives,
// gradients and Hessian blocks against closed forms (tolerance 1e-12):
//
//	∇x f1 = α1 sin(x−φ1) − sin(x−y)
//	∇xx f1 = α1 cos(x−φ1) − cos(x−y), ∇xy f1 = cos(x−y), ∇yy f1 = −cos(x−y)
//	∇y f2 = α2 sin(y−φ2) − sin(y−x)
//	∇yy f2 = α2 cos(y−φ2) − cos(y−x), ∇yx f2 = cos(y−x), ∇xx f2 = −cos(y−x)
func TestLocationClosedForm(t *testing.T) {
	a1, a2, p1, p2 := 0.7, 1.9, 0.3, -1.1
	g := NewLocation(a1, a2, p1, p2)
	rng := newRand(3)
	for k := 0; k < 20; k++ {
		x, y := randVec(rng, 1, -math.Pi, math.Pi), randVec(rng, 1, -math.Pi, math.Pi)
		u, v := x[0], y[0]
		assertNear(t, "f1", g.Value1(x, y), -a1*math.Cos(u-p1)+math.Cos(u-v), 1e-12)
		assertNear(t, "f2", g.Value2(x, y), -a2*math.Cos(v-p2)+math.Cos(v-u), 1e-12)
		d := []float64{0}
		g.Grad1(d, x, y)
		assertNear(t, "∇x f1", d[0], a1*math.Sin(u-p1)-math.Sin(u-v), 1e-12)
		g.Grad2(d, x, y)
		assertNear(t, "∇y f2", d[0], a2*math.Sin(v-p2)-math.Sin(v-u), 1e-12)
		r := evalAD(g, x, y, true)
		c := math.Cos(u - v)
		assertVec(t, "Hessian f1", r.hess1.Data, []float64{a1*math.Cos(u-p1) - c, c, c, -c}, 1e-12)
		assertVec(t, "Hessian f2", r.hess2.Data, []float64{-c, c, c, a2*math.Cos(v-p2) - c}, 1e-12)
	}
	checkEvaluator(t, g, g, 50, -4, 4, 1e-12, newRand(4))
}

// newton2 solves F(x, y) = 0 for two equations by Newton's method with an
// exact 2×2 Jacobian J.
func newton2(F func(x, y float64) (float64, float64), J func(x, y float64) [4]float64, x, y float64) (float64, float64) {
	for k := 0; k < 50; k++ {
		a, b := F(x, y)
		j := J(x, y)
		det := j[0]*j[3] - j[1]*j[2]
		x -= (j[3]*a - j[1]*b) / det
		y -= (-j[2]*a + j[0]*b) / det
	}
	return x, y
}

// TestLocationEquilibria reproduces the equilibria of Fiez et al. §4.2
// (α = (1, 1.3), φ = (π/8, π/8)) by Newton's method on the first-order
// conditions from the paper's printed points: the Nash equilibria
// (−0.78, 1.18) and (1.57, −0.4) with costs (−0.77, −1.3), and the
// Stackelberg equilibria (−0.53, 1.25) and (1.31, −0.46) with costs
// (−0.81, −1.05). Printed values carry 2 decimals: absolute tolerance
// 0.005. The first-order conditions hold to 1e-12 at the solutions, and
// the second-order ones (∇xx f1 > 0, ∇yy f2 > 0) hold.
func TestLocationEquilibria(t *testing.T) {
	g, err := Builtin("torus", nil)
	if err != nil {
		t.Fatal(err)
	}
	e := NewEvaluator(g)
	a1, a2, p := 1.0, 1.3, math.Pi/8
	grad := func(x, y float64) (float64, float64) {
		g1, g2 := []float64{0}, []float64{0}
		e.Grad1(g1, []float64{x}, []float64{y})
		e.Grad2(g2, []float64{x}, []float64{y})
		return g1[0], g2[0]
	}
	// ∇yy f2 and the total derivative Df1 = ∇x f1 − ∇y f1 ∇yx f2/∇yy f2.
	h22 := func(x, y float64) float64 { return a2*math.Cos(y-p) - math.Cos(y-x) }
	df1 := func(x, y float64) float64 {
		g1, _ := grad(x, y)
		return g1 - math.Sin(x-y)*math.Cos(y-x)/h22(x, y)
	}
	nashJ := func(x, y float64) [4]float64 {
		c := math.Cos(x - y)
		return [4]float64{a1*math.Cos(x-p) - c, c, c, h22(x, y)}
	}
	const h = 1e-6 // central differences for the Stackelberg Jacobian
	stackF := func(x, y float64) (float64, float64) { _, g2 := grad(x, y); return df1(x, y), g2 }
	stackJ := func(x, y float64) [4]float64 {
		c := math.Cos(x - y)
		return [4]float64{(df1(x+h, y) - df1(x-h, y)) / (2 * h), (df1(x, y+h) - df1(x, y-h)) / (2 * h), c, h22(x, y)}
	}
	cases := []struct {
		name  string
		start [2]float64
		cost  [2]float64
		stack bool
	}{
		{"Nash 1", [2]float64{-0.78, 1.18}, [2]float64{-0.77, -1.3}, false},
		{"Nash 2", [2]float64{1.57, -0.4}, [2]float64{-0.77, -1.3}, false},
		{"Stackelberg 1", [2]float64{-0.53, 1.25}, [2]float64{-0.81, -1.05}, true},
		{"Stackelberg 2", [2]float64{1.31, -0.46}, [2]float64{-0.81, -1.05}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var x, y float64
			if c.stack {
				x, y = newton2(stackF, stackJ, c.start[0], c.start[1])
				assertAbs(t, "Df1 (closed form)", df1(x, y), 0, 1e-12)
				assertAbs(t, "Df1 (ad)", totalDerivative(g, x, y), 0, 1e-12)
			} else {
				x, y = newton2(grad, nashJ, c.start[0], c.start[1])
				g1, _ := grad(x, y)
				assertAbs(t, "∇x f1", g1, 0, 1e-12)
				if j := nashJ(x, y); !(j[0] > 0) {
					t.Errorf("∇xx f1 = %g, want > 0 at a differential Nash equilibrium", j[0])
				}
			}
			_, g2 := grad(x, y)
			assertAbs(t, "∇y f2", g2, 0, 1e-12)
			if !(h22(x, y) > 0) {
				t.Errorf("∇yy f2 = %g, want > 0", h22(x, y))
			}
			assertAbs(t, "θ1", x, c.start[0], 0.005)
			assertAbs(t, "θ2", y, c.start[1], 0.005)
			assertAbs(t, "f1", e.Value1([]float64{x}, []float64{y}), c.cost[0], 0.005)
			assertAbs(t, "f2", e.Value2([]float64{x}, []float64{y}), c.cost[1], 0.005)
		})
	}
}

// TestLocationDomain checks the torus domains and the default parameters.
func TestLocationDomain(t *testing.T) {
	g, err := Builtin("torus", nil)
	if err != nil {
		t.Fatal(err)
	}
	dx, dy := g.Domains()
	if dx.Kind != Torus || dy.Kind != Torus || g.Sense() != Cost {
		t.Fatalf("domains %v %v sense %v, want torus torus cost", dx, dy, g.Sense())
	}
	p := g.(Parameterized).Params()
	for k, want := range map[string]float64{"alpha1": 1, "alpha2": 1.3, "phi1": math.Pi / 8, "phi2": math.Pi / 8} {
		if p[k].Data[0] != want {
			t.Errorf("default %s = %g, want %g", k, p[k].Data[0], want)
		}
	}
	v := []float64{3 * math.Pi / 2}
	dx.Project(v)
	assertAbs(t, "wrapped 3π/2", v[0], -math.Pi/2, 1e-15)
}
