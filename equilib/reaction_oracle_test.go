package equilib

// An oracle for Analyze on non-quadratic scalar games written from the
// definitions of Fiez, Chasnov and Ratliff (Definitions 3-4, Section 2.1):
// the follower's reaction r(x) by Newton's method on D2 f2 = 0 with
// hand-written derivatives, the leader's cost along it L(x) = f1(x, r(x)),
// D² f1(x, r(x)) = L''(x) by central differences, and J, J_S by central
// differences of hand-written ω and ω_S.

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/stackel/stackel/game"
)

// cubicGame has the costs
//
//	f1 = ½a x² + b xy + ½c y² + k xy² + m x³/3
//	f2 = ½d y² + e xy + ½g x²y² + h y⁴/4
type cubicGame struct{ a, b, c, k, m, d, e, g, h float64 }

func (q cubicGame) formula(t *testing.T, payoff bool) game.Game {
	t.Helper()
	f1 := fmt.Sprintf("0.5*(%.17g)*x[0]*x[0] + (%.17g)*x[0]*y[0] + 0.5*(%.17g)*y[0]*y[0] + (%.17g)*x[0]*y[0]*y[0] + (%.17g)*x[0]*x[0]*x[0]/3",
		q.a, q.b, q.c, q.k, q.m)
	f2 := fmt.Sprintf("0.5*(%.17g)*y[0]*y[0] + (%.17g)*x[0]*y[0] + 0.5*(%.17g)*x[0]*x[0]*y[0]*y[0] + (%.17g)*y[0]*y[0]*y[0]*y[0]/4",
		q.d, q.e, q.g, q.h)
	sense := game.Cost
	if payoff {
		f1, f2, sense = "-("+f1+")", "-("+f2+")", game.Payoff
	}
	g, err := game.NewFormula(game.FormulaSpec{Name: "cubic", Sense: sense, Dims: [2]int{1, 1}, F1: f1, F2: f2})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func (q cubicGame) f1(x, y float64) float64 {
	return 0.5*q.a*x*x + q.b*x*y + 0.5*q.c*y*y + q.k*x*y*y + q.m*x*x*x/3
}
func (q cubicGame) d1f1(x, y float64) float64  { return q.a*x + q.b*y + q.k*y*y + q.m*x*x }
func (q cubicGame) d2f1(x, y float64) float64  { return q.b*x + q.c*y + 2*q.k*x*y }
func (q cubicGame) d11f1(x, y float64) float64 { return q.a + 2*q.m*x }
func (q cubicGame) d2f2(x, y float64) float64  { return q.d*y + q.e*x + q.g*x*x*y + q.h*y*y*y }
func (q cubicGame) d22f2(x, y float64) float64 { return q.d + q.g*x*x + 3*q.h*y*y }
func (q cubicGame) d21f2(x, y float64) float64 { return q.e + 2*q.g*x*y }

// omegaS is (Df1, D2 f2) with Df1 = D1 f1 − D21 f2 (D2² f2)⁻¹ D2 f1.
func (q cubicGame) omegaS(x, y float64) [2]float64 {
	return [2]float64{q.d1f1(x, y) - q.d21f2(x, y)/q.d22f2(x, y)*q.d2f1(x, y), q.d2f2(x, y)}
}

func (q cubicGame) omega(x, y float64) [2]float64 {
	return [2]float64{q.d1f1(x, y), q.d2f2(x, y)}
}

// reaction solves D2 f2(x, y) = 0 by Newton's method from y0.
func (q cubicGame) reaction(x, y0 float64) (float64, bool) {
	y := y0
	for range 200 {
		step := q.d2f2(x, y) / q.d22f2(x, y)
		y -= step
		if math.Abs(step) <= 1e-15*math.Max(1, math.Abs(y)) {
			return y, true
		}
	}
	return y, false
}

// jacobianFD is the central-difference Jacobian of a field at (x, y).
func jacobianFD(f func(x, y float64) [2]float64, x, y, h float64) [2][2]float64 {
	var j [2][2]float64
	px, mx := f(x+h, y), f(x-h, y)
	py, my := f(x, y+h), f(x, y-h)
	for i := range 2 {
		j[i][0] = (px[i] - mx[i]) / (2 * h)
		j[i][1] = (py[i] - my[i]) / (2 * h)
	}
	return j
}

// eig2 returns the eigenvalues of a real 2×2 matrix sorted by real part,
// then imaginary part.
func eig2(m [2][2]float64) [2]complex128 {
	tr, det := m[0][0]+m[1][1], m[0][0]*m[1][1]-m[0][1]*m[1][0]
	disc := complex(tr*tr/4-det, 0)
	s := sqrtC(disc)
	a, b := complex(tr/2, 0)-s, complex(tr/2, 0)+s
	if real(a) > real(b) || (real(a) == real(b) && imag(a) > imag(b)) {
		a, b = b, a
	}
	return [2]complex128{a, b}
}

func sqrtC(z complex128) complex128 {
	if real(z) >= 0 {
		return complex(math.Sqrt(real(z)), 0)
	}
	return complex(0, math.Sqrt(-real(z)))
}

// TestAnalyzeReactionCurveOracle polishes Stackelberg and Nash points of
// random cubic games (costs and payoffs) and checks Analyze's DSE, DNE
// and stability verdicts and its spectra against the oracle; points where
// a verdict is within 1e-5 of its threshold are skipped.
func TestAnalyzeReactionCurveOracle(t *testing.T) {
	rng := rand.New(rand.NewPCG(2026, 32))
	checked := map[string]int{}
	for trial := 0; trial < 60; trial++ {
		q := cubicGame{
			a: rng.NormFloat64(), b: rng.NormFloat64(), c: rng.NormFloat64(),
			k: 0.5 * rng.NormFloat64(), m: 0.3 * rng.NormFloat64(),
			d: 0.5 + rng.Float64(), e: rng.NormFloat64(), g: 0.5 * rng.Float64(), h: 0.3 * rng.Float64(),
		}
		payoff := trial%2 == 1
		g := q.formula(t, payoff)
		for start := 0; start < 3; start++ {
			x0, y0 := 2*rng.NormFloat64(), 2*rng.NormFloat64()
			if p, err := Polish(g, []float64{x0}, []float64{y0}, StackelbergField); err == nil {
				x, y := p.X[0], p.Y[0]
				r, ok := q.reaction(x, y)
				if !ok || math.Abs(r-y) > 1e-8*math.Max(1, math.Abs(y)) {
					t.Errorf("trial %d: Stackelberg point (%g, %g) is not on the reaction curve (r = %g)", trial, x, y, r)
					continue
				}
				lead := func(x float64) float64 {
					ry, _ := q.reaction(x, r)
					return q.f1(x, ry)
				}
				const h = 1e-4
				l1 := (lead(x+h) - lead(x-h)) / (2 * h)
				l2 := (lead(x+h) - 2*lead(x) + lead(x-h)) / (h * h)
				if math.Abs(l1) > 1e-6*math.Max(1, math.Abs(lead(x))) {
					t.Errorf("trial %d: Df1 along r at x = %g is %g, not 0", trial, x, l1)
				}
				dse := l2 > 0 && q.d22f2(x, y) > 0
				eigS := eig2(jacobianFD(q.omegaS, x, y, 1e-5))
				stable := real(eigS[0]) > 0 && real(eigS[1]) > 0
				if math.Abs(l2) > 1e-3 && q.d22f2(x, y) > 1e-5 {
					checked["dse"]++
					if p.DSE != dse {
						t.Errorf("trial %d (payoff %v) at (%g, %g): DSE = %v, oracle %v (L'' = %g, D2²f2 = %g)", trial, payoff, x, y, p.DSE, dse, l2, q.d22f2(x, y))
					}
				}
				if math.Min(math.Abs(real(eigS[0])), math.Abs(real(eigS[1]))) > 1e-5 {
					checked["stack"]++
					if p.StableStackelberg != stable {
						t.Errorf("trial %d at (%g, %g): StableStackelberg = %v, oracle %v (spec %v)", trial, x, y, p.StableStackelberg, stable, eigS)
					}
				}
				if len(p.EigJS) != 2 {
					t.Errorf("trial %d: EigJS = %v", trial, p.EigJS)
				} else {
					for i, w := range eigS {
						got := complex(p.EigJS[i][0], p.EigJS[i][1])
						if d := got - w; math.Hypot(real(d), imag(d)) > 1e-6*math.Max(1, math.Hypot(real(w), imag(w))) {
							t.Errorf("trial %d: EigJS[%d] = %v, oracle %v", trial, i, got, w)
						}
					}
				}
			}
			if p, err := Polish(g, []float64{x0}, []float64{y0}, NashField); err == nil {
				x, y := p.X[0], p.Y[0]
				w := q.omega(x, y)
				if math.Abs(w[0]) > 1e-8 || math.Abs(w[1]) > 1e-8 {
					t.Errorf("trial %d: Nash point (%g, %g) has ω = %v", trial, x, y, w)
				}
				a11, d22 := q.d11f1(x, y), q.d22f2(x, y)
				if math.Abs(a11) > 1e-5 && math.Abs(d22) > 1e-5 {
					checked["dne"]++
					if want := a11 > 0 && d22 > 0; p.DNE != want {
						t.Errorf("trial %d at (%g, %g): DNE = %v, oracle %v (D1²f1 = %g, D2²f2 = %g)", trial, x, y, p.DNE, want, a11, d22)
					}
				}
				eig := eig2(jacobianFD(q.omega, x, y, 1e-5))
				if math.Min(math.Abs(real(eig[0])), math.Abs(real(eig[1]))) > 1e-5 {
					checked["sga"]++
					if want := real(eig[0]) > 0 && real(eig[1]) > 0; p.StableSGA != want {
						t.Errorf("trial %d at (%g, %g): StableSGA = %v, oracle %v (spec %v)", trial, x, y, p.StableSGA, want, eig)
					}
				}
			}
		}
	}
	for _, k := range []string{"dse", "stack", "dne", "sga"} {
		if checked[k] < 20 {
			t.Errorf("only %d points checked for %s (counts %v)", checked[k], k, checked)
		}
	}
}

// poly2 is a 2×2 game with cubic and quartic terms:
//
//	f1 = ½xᵀAx + xᵀBy + ½yᵀCy + k x0 y1²
//	f2 = ½yᵀDy + yᵀEx + g x0² y0 y1 + h (y0⁴ + y1⁴)/4
type poly2 struct {
	A, B, C, D, E [2][2]float64
	k, g, h       float64
}

func (q poly2) formula(t *testing.T) game.Game {
	t.Helper()
	quad := func(m [2][2]float64, u, v string) string {
		s := ""
		for i := range 2 {
			for j := range 2 {
				s += fmt.Sprintf(" + (%.17g)*%s[%d]*%s[%d]", m[i][j], u, i, v, j)
			}
		}
		return s
	}
	f1 := "0.5*(0" + quad(q.A, "x", "x") + ")" + quad(q.B, "x", "y") + " + 0.5*(0" + quad(q.C, "y", "y") + ")" +
		fmt.Sprintf(" + (%.17g)*x[0]*y[1]*y[1]", q.k)
	f2 := "0.5*(0" + quad(q.D, "y", "y") + ")" + quad(q.E, "y", "x") +
		fmt.Sprintf(" + (%.17g)*x[0]*x[0]*y[0]*y[1] + (%.17g)*(y[0]*y[0]*y[0]*y[0] + y[1]*y[1]*y[1]*y[1])/4", q.g, q.h)
	g, err := game.NewFormula(game.FormulaSpec{Name: "poly2", Dims: [2]int{2, 2}, F1: f1, F2: f2})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func mv(m [2][2]float64, v [2]float64) [2]float64 {
	return [2]float64{m[0][0]*v[0] + m[0][1]*v[1], m[1][0]*v[0] + m[1][1]*v[1]}
}

func mtv(m [2][2]float64, v [2]float64) [2]float64 {
	return [2]float64{m[0][0]*v[0] + m[1][0]*v[1], m[0][1]*v[0] + m[1][1]*v[1]}
}

// omegaS is (Df1, D2 f2) with Df1 = D1 f1 − (D21 f2)ᵀ (D2² f2)⁻¹ D2 f1, all
// derivatives written out by hand.
func (q poly2) omegaS(z [4]float64) [4]float64 {
	x, y := [2]float64{z[0], z[1]}, [2]float64{z[2], z[3]}
	ax, by := mv(q.A, x), mv(q.B, y)
	d1f1 := [2]float64{ax[0] + by[0] + q.k*y[1]*y[1], ax[1] + by[1]}
	btx, cy := mtv(q.B, x), mv(q.C, y)
	d2f1 := [2]float64{btx[0] + cy[0], btx[1] + cy[1] + 2*q.k*x[0]*y[1]}
	dy, ex := mv(q.D, y), mv(q.E, x)
	x02 := x[0] * x[0]
	d2f2 := [2]float64{dy[0] + ex[0] + q.g*x02*y[1] + q.h*y[0]*y[0]*y[0], dy[1] + ex[1] + q.g*x02*y[0] + q.h*y[1]*y[1]*y[1]}
	h := q.D
	h[0][1] += q.g * x02
	h[1][0] += q.g * x02
	h[0][0] += 3 * q.h * y[0] * y[0]
	h[1][1] += 3 * q.h * y[1] * y[1]
	m := q.E // ∂(D2 f2)_i/∂x_j
	m[0][0] += 2 * q.g * x[0] * y[1]
	m[1][0] += 2 * q.g * x[0] * y[0]
	det := h[0][0]*h[1][1] - h[0][1]*h[1][0]
	sol := [2]float64{(h[1][1]*d2f1[0] - h[0][1]*d2f1[1]) / det, (h[0][0]*d2f1[1] - h[1][0]*d2f1[0]) / det}
	corr := mtv(m, sol)
	return [4]float64{d1f1[0] - corr[0], d1f1[1] - corr[1], d2f2[0], d2f2[1]}
}

// TestAnalyzeJSThirdDerivatives2x2 checks EigJS of a 2×2 game whose J_S
// carries third derivatives of f2 (and a non-symmetric mixed block)
// against the spectrum of the central-difference Jacobian of the
// hand-written ω_S, at random points.
func TestAnalyzeJSThirdDerivatives2x2(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 32))
	rm := func(sym bool, shift float64) [2][2]float64 {
		var m [2][2]float64
		for i := range 2 {
			for j := range 2 {
				m[i][j] = rng.NormFloat64()
			}
		}
		if sym {
			m[0][1] = m[1][0]
		}
		m[0][0] += shift
		m[1][1] += shift
		return m
	}
	for trial := 0; trial < 20; trial++ {
		q := poly2{A: rm(true, 0), B: rm(false, 0), C: rm(true, 0), D: rm(true, 3), E: rm(false, 0),
			k: rng.NormFloat64(), g: 0.5 * rng.NormFloat64(), h: 0.3 * rng.Float64()}
		g := q.formula(t)
		z := [4]float64{rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()}
		p, err := Analyze(g, z[:2], z[2:])
		if err != nil {
			t.Fatal(err)
		}
		const step = 1e-5
		js := mat.NewDense(4, 4, nil)
		for j := range 4 {
			zp, zm := z, z
			zp[j] += step
			zm[j] -= step
			fp, fm := q.omegaS(zp), q.omegaS(zm)
			for i := range 4 {
				js.Set(i, j, (fp[i]-fm[i])/(2*step))
			}
		}
		want := eigOracle(js)
		if !eigClose(p.EigJS, want, 1e-6) {
			t.Errorf("trial %d at %v: EigJS = %v, oracle %v", trial, z, p.EigJS, want)
		}
	}
}
