package game

import (
	"math"
	"strings"
	"testing"

	"github.com/stackel/stackel/ad"
)

// TestBimatrixValuesAndGradients checks the closed-form evaluator against
// the ad objectives (values to 1e-12, gradients to 1e-10) and against
// central finite differences (step 1e-6, tolerance 1e-7), with and without
// regularisers.
func TestBimatrixValuesAndGradients(t *testing.T) {
	A := [][]float64{{2, 4, -1}, {1, 3, 0.5}}
	B := [][]float64{{1, 0, 2}, {0, 1, -3}}
	for _, opts := range []BimatrixOptions{{}, {Entropy: 0.3}, {L2: 0.7}, {Entropy: 0.1, L2: 0.2}} {
		g, err := NewBimatrix(A, B, opts)
		if err != nil {
			t.Fatal(err)
		}
		x := []float64{0.3, -0.8}
		y := []float64{1.1, -0.4, 0.2}
		tp := ad.NewTape()
		xn, yn := tp.VarVec(x...), tp.VarVec(y...)
		f1, f2 := g.F1(xn, yn), g.F2(xn, yn)
		if d := math.Abs(f1.Scalar() - g.Value1(x, y)); d > 1e-12 {
			t.Errorf("%+v: f1 ad %v, evaluator %v", opts, f1.Scalar(), g.Value1(x, y))
		}
		if d := math.Abs(f2.Scalar() - g.Value2(x, y)); d > 1e-12 {
			t.Errorf("%+v: f2 ad %v, evaluator %v", opts, f2.Scalar(), g.Value2(x, y))
		}
		g1 := ad.Grad(f1, xn)[0].Data()
		g2 := ad.Grad(f2, yn)[0].Data()
		d1, d2 := make([]float64, 2), make([]float64, 3)
		g.Grad1(d1, x, y)
		g.Grad2(d2, x, y)
		const h = 1e-6
		for i := range x {
			xp := append([]float64(nil), x...)
			xm := append([]float64(nil), x...)
			xp[i] += h
			xm[i] -= h
			fd := (g.Value1(xp, y) - g.Value1(xm, y)) / (2 * h)
			if math.Abs(fd-d1[i]) > 1e-7 || math.Abs(g1[i]-d1[i]) > 1e-10 {
				t.Errorf("%+v: ∂f1/∂x%d = %v, ad %v, fd %v", opts, i, d1[i], g1[i], fd)
			}
		}
		for j := range y {
			yp := append([]float64(nil), y...)
			ym := append([]float64(nil), y...)
			yp[j] += h
			ym[j] -= h
			fd := (g.Value2(x, yp) - g.Value2(x, ym)) / (2 * h)
			if math.Abs(fd-d2[j]) > 1e-7 || math.Abs(g2[j]-d2[j]) > 1e-10 {
				t.Errorf("%+v: ∂f2/∂y%d = %v, ad %v, fd %v", opts, j, d2[j], g2[j], fd)
			}
		}
	}
}

// TestBimatrixExpected: the unregularised payoff at pure strategies is the
// matrix entry, and at the uniform mix the matrix mean.
func TestBimatrixExpected(t *testing.T) {
	g, err := NewBimatrix([][]float64{{2, 4}, {1, 3}}, [][]float64{{1, 0}, {0, 1}}, BimatrixOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		p, q   []float64
		v1, v2 float64
	}{
		{[]float64{1, 0}, []float64{0, 1}, 4, 0},
		{[]float64{0, 1}, []float64{0, 1}, 3, 1},
		{[]float64{0.5, 0.5}, []float64{0.5, 0.5}, 2.5, 0.5},
	} {
		v1, v2 := g.Expected(tc.p, tc.q)
		if math.Abs(v1-tc.v1) > 1e-15 || math.Abs(v2-tc.v2) > 1e-15 {
			t.Errorf("Expected(%v, %v) = (%v, %v), want (%v, %v)", tc.p, tc.q, v1, v2, tc.v1, tc.v2)
		}
	}
	// Zero logits are the uniform mix: f1 = 2.5.
	if v := g.Value1([]float64{0, 0}, []float64{0, 0}); math.Abs(v-2.5) > 1e-15 {
		t.Errorf("f1 at zero logits = %v, want 2.5", v)
	}
	if d1, d2 := g.Dims(); d1 != 2 || d2 != 2 || g.Sense() != Payoff {
		t.Errorf("dims (%d, %d) sense %v", d1, d2, g.Sense())
	}
	if dx, dy := g.Domains(); dx.Kind != Simplex || dy.Kind != Simplex {
		t.Errorf("domains %v %v, want simplex", dx, dy)
	}
}

// TestBimatrixErrors: malformed input is an error naming the field.
func TestBimatrixErrors(t *testing.T) {
	ok := [][]float64{{1, 2}, {3, 4}}
	for _, tc := range []struct {
		name string
		A, B [][]float64
		opts BimatrixOptions
		want string
	}{
		{"empty", nil, nil, BimatrixOptions{}, "matrix A is empty"},
		{"rows", ok, [][]float64{{1, 2}}, BimatrixOptions{}, "matrix B has 1 rows"},
		{"ragged", ok, [][]float64{{1, 2}, {3}}, BimatrixOptions{}, "matrix B row 1"},
		{"nan", [][]float64{{1, math.NaN()}, {3, 4}}, ok, BimatrixOptions{}, "matrix A[0][1]"},
		{"entropy", ok, ok, BimatrixOptions{Entropy: -1}, "entropy"},
		{"l2", ok, ok, BimatrixOptions{L2: math.Inf(1)}, "l2"},
	} {
		if _, err := NewBimatrix(tc.A, tc.B, tc.opts); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}

var (
	_ Game      = (*Bimatrix)(nil)
	_ Evaluator = (*Bimatrix)(nil)
)
