package game

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/stackel/stackel/ad"
)

// smallQuadratic is a 2×1 game worked by hand below.
func smallQuadratic(t *testing.T) *Quadratic {
	t.Helper()
	q, err := NewQuadratic(QuadraticParams{
		A:    ad.Matrix([][]float64{{2, 0.5}, {0.5, 1}}),
		B:    ad.Matrix([][]float64{{1}, {-1}}),
		C:    ad.Scalar(3),
		LinX: ad.Vector(1, -2),
		D:    ad.Scalar(4),
		E:    ad.Matrix([][]float64{{2, 1}}),
		LinY: ad.Vector(-1),
	})
	if err != nil {
		t.Fatal(err)
	}
	return q
}

// TestQuadraticClosedForm checks a hand-worked instance (tolerance
// 1e-12): at x = (1, 2), y = (−1),
//
//	f1 = ½(2 + 2 + 4) + (1 − 2)(−1) + ½·3 + (1 − 4) = 4 + 1 + 1.5 − 3 = 3.5
//	f2 = ½·4 + (−1)(2 + 2) + 1 = −1
//	∇x f1 = Ax + By + a = (3, 2.5) + (−1, 1) + (1, −2) = (3, 1.5)
//	∇y f2 = Dy + Ex + e = −4 + 4 − 1 = −1
//
// and the Hessian blocks from ad equal A, B, C and D, E.
func TestQuadraticClosedForm(t *testing.T) {
	q := smallQuadratic(t)
	x, y := []float64{1, 2}, []float64{-1}
	assertNear(t, "f1", q.Value1(x, y), 3.5, 1e-12)
	assertNear(t, "f2", q.Value2(x, y), -1, 1e-12)
	g1, g2 := make([]float64, 2), make([]float64, 1)
	q.Grad1(g1, x, y)
	q.Grad2(g2, x, y)
	assertVec(t, "∇x f1", g1, []float64{3, 1.5}, 1e-12)
	assertVec(t, "∇y f2", g2, []float64{-1}, 1e-12)
	r := evalAD(q, x, y, true)
	// Hessian of f1 over (x1, x2, y): [A B; Bᵀ C].
	assertVec(t, "Hessian f1", r.hess1.Data, []float64{2, 0.5, 1, 0.5, 1, -1, 1, -1, 3}, 1e-12)
	// Hessian of f2: [0 Eᵀ; E D].
	assertVec(t, "Hessian f2", r.hess2.Data, []float64{0, 0, 2, 0, 0, 1, 2, 1, 4}, 1e-12)
	checkEvaluator(t, q, q, 30, -3, 3, 1e-12, newRand(7))
}

// totalDerivativeVec returns Df1 = ∇x f1 − Eᵀ D⁻¹ ∇y f1 for a quadratic
// game, with the gradients from ad (Fiez et al. §2.1; Hi-C Eq. 3).
func totalDerivativeVec(t *testing.T, q *Quadratic, x, y []float64) []float64 {
	t.Helper()
	r := evalAD(q, x, y, false)
	c := q.Coefficients()
	d1, d2 := q.Dims()
	var z mat.VecDense
	if err := z.SolveVec(mat.NewDense(d2, d2, c.D.Data), mat.NewVecDense(d2, r.g1y)); err != nil {
		t.Fatal(err)
	}
	var etz mat.VecDense
	etz.MulVec(mat.NewDense(d2, d1, c.E.Data).T(), &z)
	out := make([]float64, d1)
	for i := range out {
		out[i] = r.g1[i] - etz.AtVec(i)
	}
	return out
}

func maxAbs(v []float64) float64 {
	m := 0.0
	for _, x := range v {
		m = math.Max(m, math.Abs(x))
	}
	return m
}

// TestQuadraticEquilibria checks the closed-form equilibria through their
// first-order conditions computed by ad: ω = 0 at Nash; ∇y f2 = 0 and
// Df1 = 0 at Stackelberg (absolute tolerance 1e-10 for the small game,
// 1e-8 at d = 100), and that the best response at x* is y*.
func TestQuadraticEquilibria(t *testing.T) {
	big, err := RandomQuadratic(100, 100, newRand(11))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		q    *Quadratic
		tol  float64
	}{{"small", smallQuadratic(t), 1e-10}, {"random 100x100", big, 1e-8}} {
		t.Run(c.name, func(t *testing.T) {
			nx, ny, err := c.q.Nash()
			if err != nil {
				t.Fatal(err)
			}
			r := evalAD(c.q, nx, ny, false)
			if m := math.Max(maxAbs(r.g1), maxAbs(r.g2)); m > c.tol {
				t.Errorf("Nash: |ω| = %g > %g", m, c.tol)
			}
			sx, sy, err := c.q.Stackelberg()
			if err != nil {
				t.Fatal(err)
			}
			r = evalAD(c.q, sx, sy, false)
			if m := maxAbs(r.g2); m > c.tol {
				t.Errorf("Stackelberg: |∇y f2| = %g > %g", m, c.tol)
			}
			if m := maxAbs(totalDerivativeVec(t, c.q, sx, sy)); m > c.tol {
				t.Errorf("Stackelberg: |Df1| = %g > %g", m, c.tol)
			}
			br, err := c.q.BestResponse(sx)
			if err != nil {
				t.Fatal(err)
			}
			assertVec(t, "r(x*)", br, sy, 1e-10)
		})
	}
}

// TestQuadraticSmallStackelbergByHand: with d2 = 1, R = −E/D = (−½, −¼),
// r0 = ¼ and S = A + BR + RᵀBᵀ + RᵀCR = [[2.75, 0.625], [0.625, 1.6875]]
// (hand computation; tolerance 1e-12).
func TestQuadraticSmallStackelbergByHand(t *testing.T) {
	q := smallQuadratic(t)
	S, err := q.StackelbergHessian()
	if err != nil {
		t.Fatal(err)
	}
	// BR = [[−½, −¼], [½, ¼]]; BR + RᵀBᵀ = [[−1, ¼], [¼, ½]];
	// RᵀCR = 3·[[¼, ⅛], [⅛, 1/16]] = [[¾, ⅜], [⅜, 3/16]].
	assertVec(t, "S", S.Data, []float64{2 - 1 + 0.75, 0.5 + 0.25 + 0.375, 0.5 + 0.25 + 0.375, 1 + 0.5 + 0.1875}, 1e-12)
}

// TestRandomQuadratic checks the random instance at d1 = d2 = 100: D and
// the leader's Schur complement S are positive definite (Cholesky
// succeeds, smallest eigenvalue ≥ 1 − 1e-8 since S = P = NᵀN/d1 + I by
// construction), A, C, D are exactly symmetric, and the same seed gives
// bit-identical coefficients while another seed does not.
func TestRandomQuadratic(t *testing.T) {
	q, err := RandomQuadratic(100, 100, newRand(21))
	if err != nil {
		t.Fatal(err)
	}
	c := q.Coefficients()
	for name, m := range map[string]ad.Tensor{"A": c.A, "C": c.C, "D": c.D} {
		for i := 0; i < m.Rows; i++ {
			for j := 0; j < i; j++ {
				if m.At(i, j) != m.At(j, i) {
					t.Fatalf("%s not symmetric at (%d, %d)", name, i, j)
				}
			}
		}
	}
	S, err := q.StackelbergHessian()
	if err != nil {
		t.Fatal(err)
	}
	for name, m := range map[string]ad.Tensor{"D": c.D, "S": S} {
		var eig mat.EigenSym
		if !eig.Factorize(mat.NewSymDense(m.Rows, m.Data), false) {
			t.Fatalf("%s: eigen-decomposition failed", name)
		}
		if lo := eig.Values(nil)[0]; lo < 1-1e-8 {
			t.Errorf("%s: smallest eigenvalue %g, want ≥ 1", name, lo)
		}
	}
	q2, _ := RandomQuadratic(100, 100, newRand(21))
	q3, _ := RandomQuadratic(100, 100, newRand(22))
	c2, c3 := q2.Coefficients(), q3.Coefficients()
	same, differ := true, false
	for i := range c.A.Data {
		same = same && c.A.Data[i] == c2.A.Data[i]
		differ = differ || c.A.Data[i] != c3.A.Data[i]
	}
	if !same || !differ {
		t.Errorf("seeding: same seed identical = %v, other seed different = %v", same, differ)
	}
	checkEvaluator(t, q, q, 3, -1, 1, 1e-10, newRand(8))
}

// TestQuadraticErrors checks that bad coefficients are errors naming them.
func TestQuadraticErrors(t *testing.T) {
	good := QuadraticParams{A: ad.Matrix([][]float64{{1, 0}, {0, 1}}), D: ad.Scalar(1)}
	cases := []struct {
		name string
		mod  func(p *QuadraticParams)
		want []string
	}{
		{"missing A", func(p *QuadraticParams) { p.A = ad.Tensor{} }, []string{"A", "missing"}},
		{"non-square D", func(p *QuadraticParams) { p.D = ad.Vector(1, 2) }, []string{"D", "square", "1x2"}},
		{"B shape", func(p *QuadraticParams) { p.B = ad.Vector(1, 2) }, []string{"B must be 2x1", "1x2"}},
		{"E shape", func(p *QuadraticParams) { p.E = ad.Matrix([][]float64{{1}, {2}}) }, []string{"E must be 1x2", "2x1"}},
		{"a shape", func(p *QuadraticParams) { p.LinX = ad.Vector(1, 2, 3) }, []string{"a must be 1x2"}},
		{"asymmetric A", func(p *QuadraticParams) { p.A = ad.Matrix([][]float64{{1, 2}, {0, 1}}) }, []string{"A must be symmetric", "A[0][1]"}},
		{"non-finite C", func(p *QuadraticParams) { p.C = ad.Scalar(math.Inf(1)) }, []string{"C[0][0]", "not finite"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := good
			c.mod(&p)
			_, err := NewQuadratic(p)
			assertErr(t, err, c.want...)
		})
	}
	if _, err := NewQuadratic(good); err != nil {
		t.Errorf("valid coefficients rejected: %v", err)
	}
	if _, err := RandomQuadratic(0, 3, newRand(1)); err == nil || err.Error() != "random quadratic: dimensions d1 = 0, d2 = 3 must be ≥ 1" {
		t.Errorf("d1 = 0: error %v, want one naming the dimensions", err)
	}
}
