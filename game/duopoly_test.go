package game

import (
	"testing"
)

// TestDuopolyClosedForm checks the duopoly's objectives and own gradients
// against f_i = q_i(A − q1 − q2 − c_i) and its derivatives, and against
// ad on the game's graph (tolerance 1e-12 relative).
func TestDuopolyClosedForm(t *testing.T) {
	d, err := NewDuopoly(100, 5, 2)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range [][2]float64{{0, 0}, {46, 26}, {10, 70}, {33.3, 12.5}, {100, 100}} {
		x, y := []float64{p[0]}, []float64{p[1]}
		assertNear(t, "f1", d.Value1(x, y), p[0]*(100-p[0]-p[1])-5*p[0], 1e-12)
		assertNear(t, "f2", d.Value2(x, y), p[1]*(100-p[0]-p[1])-2*p[1], 1e-12)
		g := []float64{0}
		d.Grad1(g, x, y)
		assertNear(t, "∇x f1", g[0], 100-5-2*p[0]-p[1], 1e-12)
		d.Grad2(g, x, y)
		assertNear(t, "∇y f2", g[0], 100-2-p[0]-2*p[1], 1e-12)
	}
	checkEvaluator(t, d, d, 50, 0, 100, 1e-12, newRand(1))
}

// TestDuopolyHessians checks the Hessian blocks computed by ad on the
// graph: ∇xx f1 = −2, ∇xy f1 = −1, ∇yy f1 = 0; ∇xx f2 = 0, ∇yx f2 = −1,
// ∇yy f2 = −2 (exact; tolerance 1e-12).
func TestDuopolyHessians(t *testing.T) {
	d, _ := NewDuopoly(100, 5, 2)
	rng := newRand(2)
	for k := 0; k < 5; k++ {
		x, y := randVec(rng, 1, 0, 100), randVec(rng, 1, 0, 100)
		r := evalAD(d, x, y, true)
		assertVec(t, "Hessian f1", r.hess1.Data, []float64{-2, -1, -1, 0}, 1e-12)
		assertVec(t, "Hessian f2", r.hess2.Data, []float64{0, -1, -1, -2}, 1e-12)
		assertNear(t, "∇y f1", r.g1y[0], -x[0], 1e-12)
	}
}

// totalDerivative returns the leader's implicit total derivative for a
// game with scalar strategies, Df1 = ∇x f1 − ∇y f1 ∇yx f2 / ∇yy f2 (Fiez
// et al. §2.1; Eq. 3 of the Hi-C paper), from ad's gradient and Hessian.
func totalDerivative(g Game, x, y float64) float64 {
	r := evalAD(g, []float64{x}, []float64{y}, true)
	return r.g1[0] - r.g1y[0]*r.hess2.Data[2]/r.hess2.Data[3]
}

// TestDuopolyEquilibria checks the Nash and Stackelberg equilibria of
// Fiez et al. §4.1 (A = 100, c1 = 5, c2 = 2) and Loftin et al. §3.3
// (A = 50, c1 = c2 = 1) against the closed forms: quantities, profits
// and the first-order conditions ∇y f2 = 0 and ∇x f1 = 0 (Nash) or
// Df1 = 0 (Stackelberg). The paper's printed profits (944.4, 1114.7)
// and (1048.2, 659.9) are not the closed forms at its own printed
// equilibria (it does not say how they were obtained); the closed forms
// are π^N_i = (A − 2c_i + c_−i)²/9, π^S_1 = (A − 2c1 + c2)²/8,
// π^S_2 = (A + 2c1 − 3c2)²/16.
func TestDuopolyEquilibria(t *testing.T) {
	cases := []struct {
		name                 string
		A, c1, c2            float64
		nash, stack          [2]float64
		nashPay, stackPay    [2]float64
		tolQ, tolPay, tolFOC float64 // absolute
	}{
		// Quantities as printed (2 decimals); profits the closed forms
		// rounded to 1 decimal (not the printed ones, see above):
		// absolute tolerances of half a unit in the last digit.
		{"fiez printed", 100, 5, 2, [2]float64{30.67, 33.67}, [2]float64{46, 26}, [2]float64{940.4, 1133.4}, [2]float64{1058, 676}, 0.005, 0.05, 1e-12},
		{"fiez exact", 100, 5, 2, [2]float64{92.0 / 3, 101.0 / 3}, [2]float64{46, 26}, [2]float64{92 * 92 / 9.0, 101 * 101 / 9.0}, [2]float64{1058, 676}, 1e-12, 1e-9, 1e-12},
		{"loftin", 50, 1, 1, [2]float64{49.0 / 3, 49.0 / 3}, [2]float64{24.5, 12.25}, [2]float64{266.78, 266.78}, [2]float64{300.125, 150.0625}, 1e-12, 0.005, 1e-12},
		{"loftin exact", 50, 1, 1, [2]float64{49.0 / 3, 49.0 / 3}, [2]float64{24.5, 12.25}, [2]float64{49 * 49 / 9.0, 49 * 49 / 9.0}, [2]float64{300.125, 150.0625}, 1e-12, 1e-10, 1e-12},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d, err := NewDuopoly(c.A, c.c1, c.c2)
			if err != nil {
				t.Fatal(err)
			}
			nx, ny := d.Nash()
			sx, sy := d.Stackelberg()
			assertAbs(t, "Nash q1", nx, c.nash[0], c.tolQ)
			assertAbs(t, "Nash q2", ny, c.nash[1], c.tolQ)
			assertAbs(t, "Stackelberg q1", sx, c.stack[0], c.tolQ)
			assertAbs(t, "Stackelberg q2", sy, c.stack[1], c.tolQ)
			assertAbs(t, "Nash π1", d.Value1([]float64{nx}, []float64{ny}), c.nashPay[0], c.tolPay)
			assertAbs(t, "Nash π2", d.Value2([]float64{nx}, []float64{ny}), c.nashPay[1], c.tolPay)
			assertAbs(t, "Stackelberg π1", d.Value1([]float64{sx}, []float64{sy}), c.stackPay[0], c.tolPay)
			assertAbs(t, "Stackelberg π2", d.Value2([]float64{sx}, []float64{sy}), c.stackPay[1], c.tolPay)

			g := []float64{0}
			d.Grad1(g, []float64{nx}, []float64{ny})
			assertAbs(t, "Nash ∇x f1", g[0], 0, c.tolFOC)
			d.Grad2(g, []float64{nx}, []float64{ny})
			assertAbs(t, "Nash ∇y f2", g[0], 0, c.tolFOC)
			d.Grad2(g, []float64{sx}, []float64{sy})
			assertAbs(t, "Stackelberg ∇y f2", g[0], 0, c.tolFOC)
			// Closed form Df1 = A − c1 − 2x − y − (−x)(−1)/(−2).
			assertAbs(t, "Stackelberg Df1 (closed form)", c.A-c.c1-2*sx-sy+sx/2, 0, c.tolFOC)
			assertAbs(t, "Stackelberg Df1 (ad)", totalDerivative(d, sx, sy), 0, c.tolFOC)
			// At Stackelberg the leader's own gradient does not vanish:
			// ∇x f1 = −x/2 (Hi-C paper, remark after Definition 2.3).
			d.Grad1(g, []float64{sx}, []float64{sy})
			assertNear(t, "Stackelberg ∇x f1", g[0], -sx/2, c.tolFOC)
			assertNear(t, "best response at Stackelberg", d.BestResponse(sx), sy, 1e-12)
		})
	}
}

// TestDuopolyDomain checks the box [0, A] and the parameters.
func TestDuopolyDomain(t *testing.T) {
	g, err := Builtin("cournot", nil)
	if err != nil {
		t.Fatal(err)
	}
	dx, dy := g.Domains()
	for _, d := range []Domain{dx, dy} {
		if d.Kind != Box || d.Lo[0] != 0 || d.Hi[0] != 50 {
			t.Errorf("domain %v, want box [0, 50]", d)
		}
	}
	v := []float64{-3}
	dx.Project(v)
	if v[0] != 0 {
		t.Errorf("projecting −3 onto [0, 50] gave %g", v[0])
	}
	if g.Sense() != Payoff || g.Name() != "cournot" {
		t.Errorf("sense %v name %q, want payoff cournot", g.Sense(), g.Name())
	}
	if _, err := NewDuopoly(0, 1, 1); err == nil || err.Error() != "param A = 0 must be positive (quantities lie in [0, A])" {
		t.Errorf("A = 0: error %v, want one naming A and its value", err)
	}
}
