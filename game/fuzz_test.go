package game

import (
	"testing"

	"github.com/stackel/stackel/ad"
)

// FuzzFormula checks that no pair of objectives makes the formula parser,
// the ad graph it builds, its gradients or the compiled evaluator panic:
// every input is rejected with an error or evaluates (to any number,
// NaN included — runs check finiteness). Crashers found so far are in
// testdata/fuzz/FuzzFormula.
func FuzzFormula(f *testing.F) {
	for _, s := range [][2]string{
		{"x[0]*(A - x[0] - y[0]) - c*x[0]", "y[0]*(A - x[0] - y[0]) - c*y[0]"},
		{"quad(x, M, y) + norm2(x) + dot(v, y)", "sum(matvec(M, y)) + pow(abs(y[1]), 1.5)"},
		{"log(-1 - x[0]*x[0])", "sin(x[1])*cos(y[0]) + tan(pi/4) + sqrt(exp(y[1]))"},
		{"max(x[0], y[0]) - min(x[1], 2) + sigmoid(x[0]) * softplus(y[1]) / tanh(1e-3)", "-+-y[0]"},
		{"M[1][0] * x[0] + v[1]", "pow(y[0], x[0])"},
	} {
		f.Add(s[0], s[1])
	}
	params := map[string]ad.Tensor{
		"A": ad.Scalar(100), "c": ad.Scalar(1),
		"v": ad.Vector(1, -1),
		"M": ad.Matrix([][]float64{{1, 2}, {3, 4}}),
	}
	f.Fuzz(func(t *testing.T, f1, f2 string) {
		if len(f1)+len(f2) > 4096 {
			return
		}
		g, err := NewFormula(FormulaSpec{Sense: Cost, Dims: [2]int{2, 2}, F1: f1, F2: f2, Params: params})
		if err != nil {
			return
		}
		tp := ad.NewTape()
		x := tp.Var(ad.Vector(0.5, -1))
		y := tp.Var(ad.Vector(2, 0.25))
		v1 := g.F1(x, y)
		_ = ad.Grad(v1, x, y)
		e := NewEvaluator(g)
		xs, ys := []float64{0.5, -1}, []float64{2, 0.25}
		_ = e.Value1(xs, ys)
		_ = e.Value2(xs, ys)
		d := make([]float64, 2)
		e.Grad1(d, xs, ys)
		e.Grad2(d, xs, ys)
	})
}
