package game

import (
	"testing"

	"github.com/stackel/stackel/ad"
)

// FuzzFormula checks that no pair of objectives makes the formula parser,
// the ad graph it builds, its gradients or the compiled evaluator panic:
// every input is rejected with an error or evaluates (to any number,
// NaN included — runs check finiteness). dims picks each player's
// dimension, 1 or 2 (its low two bits): with one dimension x[0] is x
// itself, an input node that Grad must handle as an output (a crasher of
// FuzzConfig; the seeds with dims 0 and 1). A crasher the fuzzer finds
// goes in testdata/fuzz/FuzzFormula.
func FuzzFormula(f *testing.F) {
	for _, s := range []struct {
		f1, f2 string
		dims   uint8
	}{
		{"x[0]*(A - x[0] - y[0]) - c*x[0]", "y[0]*(A - x[0] - y[0]) - c*y[0]", 3},
		{"quad(x, M, y) + norm2(x) + dot(v, y)", "sum(matvec(M, y)) + pow(abs(y[1]), 1.5)", 3},
		{"log(-1 - x[0]*x[0])", "sin(x[1])*cos(y[0]) + tan(pi/4) + sqrt(exp(y[1]))", 3},
		{"max(x[0], y[0]) - min(x[1], 2) + sigmoid(x[0]) * softplus(y[1]) / tanh(1e-3)", "-+-y[0]", 3},
		{"M[1][0] * x[0] + v[1]", "pow(y[0], x[0])", 3},
		{"x[0]", "y[0]*y[0]", 0},
		{"y[0]", "x[0]", 1},
		{"0100*x[0] + x[-1] - x[(1)]", "y[0]/0 + 1e-400 − y[0]", 3},
		{"α*x[0]\u00a0+ --x[0]", "x[0]/(c - 1) + \xff", 3},
	} {
		f.Add(s.f1, s.f2, s.dims)
	}
	params := map[string]ad.Tensor{
		"A": ad.Scalar(100), "c": ad.Scalar(1),
		"v": ad.Vector(1, -1),
		"M": ad.Matrix([][]float64{{1, 2}, {3, 4}}),
	}
	f.Fuzz(func(t *testing.T, f1, f2 string, dims uint8) {
		if len(f1)+len(f2) > 4096 {
			return
		}
		d1, d2 := 1+int(dims&1), 1+int(dims>>1&1)
		g, err := NewFormula(FormulaSpec{Sense: Cost, Dims: [2]int{d1, d2}, F1: f1, F2: f2, Params: params})
		if err != nil {
			return
		}
		xs, ys := []float64{0.5, -1}[:d1], []float64{2, 0.25}[:d2]
		tp := ad.NewTape()
		x := tp.Var(ad.Vector(xs...))
		y := tp.Var(ad.Vector(ys...))
		_ = ad.Grad(g.F1(x, y), x, y)
		v2 := g.F2(x, y)
		_ = ad.Grad(v2, y, x)
		_ = ad.HVP(v2, y, tp.Const(ad.Vector(ys...)))
		e := NewEvaluator(g)
		_ = e.Value1(xs, ys)
		_ = e.Value2(xs, ys)
		e.Grad1(make([]float64, d1), xs, ys)
		e.Grad2(make([]float64, d2), xs, ys)
	})
}
