package game

import (
	"testing"

	"github.com/stackel/stackel/ad"
)

// TestFormulaRefusesUnreadParam checks that a parameter neither objective
// reads is an error naming it and the parameters the formulas do read
// (before session 37 it was accepted silently: params {A: 100, A2: 3}
// with f2 reading A where A2 was meant ran the wrong game), and that a
// parameter read by one objective only, only inside a folded constant,
// or through 0*k, counts as read.
func TestFormulaRefusesUnreadParam(t *testing.T) {
	duopoly := map[string]ad.Tensor{"A": ad.Scalar(100), "c1": ad.Scalar(5), "c2": ad.Scalar(2), "A2": ad.Scalar(3)}
	for _, c := range []struct {
		f1, f2 string
		params map[string]ad.Tensor
		want   string
	}{
		{"x[0]*(A - x[0] - y[0]) - c1*x[0]", "y[0]*(A - x[0] - y[0]) - c2*y[0]", duopoly,
			"params: param A2 is used by neither f1 nor f2, which use A, c1, c2 (remove it, or fix the misspelt name)"},
		{"x[0]*x[0]", "y[0]*y[0]", map[string]ad.Tensor{"k": ad.Scalar(1), "b": ad.Vector(1, 2)},
			"params: param b is used by neither f1 nor f2, which use no params (remove it, or fix the name in the formula)"},
		{"x[0]*x[0]*sqrt(k)", "y[0]*M[1][0]", map[string]ad.Tensor{"k": ad.Scalar(4), "M": ad.Matrix([][]float64{{1, 2}, {3, 4}}), "K": ad.Scalar(1)},
			"params: param K is used by neither f1 nor f2, which use M, k (remove it, or fix the misspelt name)"},
	} {
		_, err := NewFormula(FormulaSpec{Dims: [2]int{1, 1}, F1: c.f1, F2: c.f2, Params: c.params})
		if err == nil || err.Error() != c.want {
			t.Errorf("f1 %q, f2 %q: error %v\nwant %s", c.f1, c.f2, err, c.want)
		}
	}
	for _, c := range []struct{ f1, f2 string }{
		{"x[0]*(A - x[0] - y[0]) - c1*x[0] + 0*A2", "y[0]*(A - x[0] - y[0]) - c2*y[0]"}, // 0*k keeps k
		{"x[0]*(A - x[0] - y[0]) - c1*x[0]", "y[0]*(A2 - x[0] - y[0]) - c2*y[0]"},       // A only in f1
		{"x[0]*sqrt(A*A2*c1*c2)", "y[0]*(A + 1)"},                                       // folded constants
	} {
		g, err := NewFormula(FormulaSpec{Dims: [2]int{1, 1}, F1: c.f1, F2: c.f2, Params: duopoly})
		if err != nil {
			t.Errorf("f1 %q, f2 %q: %v", c.f1, c.f2, err)
			continue
		}
		if got := len(g.(*Formula).Params()); got != 4 {
			t.Errorf("f1 %q: %d params kept, want 4", c.f1, got)
		}
	}
}

// TestFormulaTwoIndicesHint checks that M[0, 1], which go/parser reads
// as a generic type's arguments and refuses with "expected type, found
// 1", says to index one at a time (before session 37 the message named
// a type, which a formula has none of), and that other "expected type"
// errors get no such hint.
func TestFormulaTwoIndicesHint(t *testing.T) {
	params := map[string]ad.Tensor{"M": ad.Matrix([][]float64{{1, 2}, {3, 4}})}
	const hint = " (index one at a time: M[i][j], not M[i, j])"
	for _, c := range []struct{ src, want string }{
		{"M[0, 1]*x[0]", "f1: syntax error: expected type, found 1" + hint + " at 1:6"},
		{"x[0] + M[0, -1]", "f1: syntax error: expected type, found '-'" + hint + " at 1:13"},
		{"max(x[0], M[1, x[0]])", "f1: syntax error: expected type, found 0" + hint + " at 1:18"},
		{"x.(1) + M[0][0]", "f1: syntax error: expected type, found 1 at 1:4"},
		{"[]1 + M[0][0]", "f1: syntax error: expected type, found 1 at 1:3"},
	} {
		_, err := NewFormula(FormulaSpec{Dims: [2]int{1, 1}, F1: c.src, F2: "y[0]", Params: params})
		if err == nil || err.Error() != c.want {
			t.Errorf("%q: error %v\nwant %s", c.src, err, c.want)
		}
	}
}

// dependentShapeFormulas exercise what auditFormulas does not: min and
// max of two variables and with a broadcast scalar, matrices that depend
// on x or y (in matvec, quad, a row index, pow with a matrix exponent,
// norm2, dot), a constant vector exponent and base, and a negative base
// with a whole exponent.
var dependentShapeFormulas = []string{
	"min(x[0], y[0]) + max(x[1], y[1]) + min(x[0] + y, x*2)[1]",
	"sum(matvec(x[0]*M, y)) + quad(x, y[1]*M, y) + sum((x[1]*M)[1] * y)",
	"sum(pow(x[0]*M + 2, M + 1)) + norm2(x[1]*M) + sum(x[0]*M*y[1])",
	"sum(pow(x, v)) + sum(pow(v, x)) + sum(pow(x, y))",
	"dot(x[0]*M, y[0]*M) + sum(M/x[1]) + sum(x[0]/(M+3))",
	"sum(sin(x[0]*M)) + sum(abs(x - y)) + sum(softplus(x*y)) + sum(sigmoid(x-y))",
	"-(x[0]*M)[0][1] + pow(-x[0], 3) + pow(x[1], -1.5)",
}

// TestFormulaFiniteDifferencesDependentShapes checks the gradient and the
// full Hessian of dependentShapeFormulas against central differences as
// TestFormulaFiniteDifferences does (tolerances 1e-6 and 1e-5 relative),
// and the compiled evaluator's f1 and ∇x f1 against ad's within 1e-12,
// at 20 points of [0.2, 1.2]⁴ per formula drawn from PCG(37, 7).
func TestFormulaFiniteDifferencesDependentShapes(t *testing.T) {
	rng := newRand(37)
	M := ad.NewTensor(2, 2, []float64{0.5, -1, 2, 0.25})
	params := map[string]ad.Tensor{"M": M, "v": ad.Vector(1.5, 2)}
	for _, src := range dependentShapeFormulas {
		g, err := NewFormula(FormulaSpec{Dims: [2]int{2, 2}, F1: src, F2: readingAll("y[0]", params), Params: params})
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		ev := NewEvaluator(g)
		for k := 0; k < 20; k++ {
			z := randVec(rng, 4, 0.2, 1.2)
			checkFDAt(t, g, src, z)
			r := evalAD(g, z[:2], z[2:], false)
			if v := ev.Value1(z[:2], z[2:]); !near(v, r.f1, 1e-12) {
				t.Errorf("%s: compiled %g, ad %g", src, v, r.f1)
			}
			gx := make([]float64, 2)
			ev.Grad1(gx, z[:2], z[2:])
			for i := range gx {
				if !near(gx[i], r.g1[i], 1e-12) {
					t.Errorf("%s: compiled grad %v, ad %v", src, gx, r.g1)
				}
			}
		}
	}
}
