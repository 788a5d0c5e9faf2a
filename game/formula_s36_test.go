package game

import (
	"math"
	"testing"

	"github.com/stackel/stackel/ad"
)

// TestPowConstantVectorExponentExactAtZero checks pow with a constant
// exponent that is a vector parameter: its derivatives are PowConst's,
// exact at a zero base, as for a scalar exponent. Before session 36 it
// was recorded with Pow, whose derivative of a⁰ at 0 is 0·0⁻¹ = NaN and
// whose second derivative of a¹ at 0 is NaN.
func TestPowConstantVectorExponentExactAtZero(t *testing.T) {
	params := map[string]ad.Tensor{"v": ad.Vector(0, 1), "w": ad.Vector(0, 1, 2),
		"P": ad.Matrix([][]float64{{1, 2}, {3, 0}})}
	for _, c := range []struct {
		f1        string
		x, g      []float64
		hvp       []float64 // Hessian times (1, 1)
		wantValue float64
	}{
		{"sum(pow(x, v))", []float64{0, 0}, []float64{0, 1}, []float64{0, 0}, 1},
		// a scalar base and a vector exponent: x⁰ + x¹ + x², at 0: 1, 1, 2.
		{"sum(pow(x[0], w)) + x[1]", []float64{0, 0}, []float64{1, 1}, []float64{2, 0}, 1},
		// a matrix base and exponent: x + (2x)² + (3x)³ + x⁰ at 0: 1, 1, 8.
		{"sum(pow(x[0]*P, P)) + x[1]", []float64{0, 0}, []float64{1, 1}, []float64{8, 0}, 1},
		// and at 0.5: 0.5 + 1 + 3.375 + 1; 1 + 8·0.5 + 81·0.25; 8 + 162·0.5.
		{"sum(pow(x[0]*P, P)) + x[1]", []float64{0.5, 0}, []float64{25.25, 1}, []float64{89, 0}, 5.875},
		// negative bases with whole exponents: (−2)⁰ + (−1)¹ = 0; 0, 1.
		{"sum(pow(x, v))", []float64{-2, -1}, []float64{0, 1}, []float64{0, 0}, 0},
	} {
		g, err := NewFormula(FormulaSpec{Sense: Cost, Dims: [2]int{2, 1}, F1: c.f1, F2: readingAll("y[0]", params), Params: params})
		if err != nil {
			t.Fatalf("%s: %v", c.f1, err)
		}
		tp := ad.NewTape()
		x := tp.Var(ad.Vector(c.x...))
		y := tp.Var(ad.Vector(1))
		f := g.F1(x, y)
		if got := f.Value().Data[0]; got != c.wantValue {
			t.Errorf("%s at %v = %v, want %v", c.f1, c.x, got, c.wantValue)
		}
		gr := ad.Grad(f, x)[0].Value().Data
		hv := ad.HVP(f, x, tp.Const(ad.Vector(1, 1))).Value().Data
		for i := range c.g {
			if gr[i] != c.g[i] || math.IsNaN(gr[i]) {
				t.Errorf("%s at %v: gradient %v, want %v", c.f1, c.x, gr, c.g)
			}
			if hv[i] != c.hvp[i] || math.IsNaN(hv[i]) {
				t.Errorf("%s at %v: Hessian·(1,1) = %v, want %v", c.f1, c.x, hv, c.hvp)
			}
		}
		e := NewEvaluator(g)
		eg := make([]float64, 2)
		e.Grad1(eg, c.x, []float64{1})
		for i := range c.g {
			if eg[i] != c.g[i] {
				t.Errorf("%s at %v: evaluator gradient %v, want %v", c.f1, c.x, eg, c.g)
			}
		}
	}
}
