package ad

import (
	"fmt"
	"math"
	"math/bits"
	"testing"
)

// TestCGRejectsNegativeSettings: a negative CGSettings.MaxIter silently
// meant len(b) and a negative Tol (−∞ included) silently meant 1e-10,
// though only 0 is documented as the default; like the NaN Tol, they are
// a caller's mistake and panic, in CG and CG32 alike. Zero still means
// the defaults: on diag(1, 2, 3) CG then runs len(b) = 3 iterations and
// solves x = (1, 1, 1) to within 1e-12 (CG32, whose operator rounds to
// float32, within 1e-6).
func TestCGRejectsNegativeSettings(t *testing.T) {
	diag := []float64{1, 2, 3}
	op := func(dst, v []float64) {
		for i := range v {
			dst[i] = diag[i] * v[i]
		}
	}
	op32 := func(dst, v []float32) {
		for i := range v {
			dst[i] = float32(diag[i]) * v[i]
		}
	}
	solve := func(which string, s CGSettings) (CGResult, []float64) {
		b, x := []float64{1, 2, 3}, make([]float64, 3)
		if which == "CG" {
			return CG(op, b, x, s, nil), x
		}
		return CG32(op32, b, x, s, nil, nil), x
	}
	for _, which := range []string{"CG", "CG32"} {
		for _, c := range []struct {
			s    CGSettings
			want string
		}{
			{CGSettings{MaxIter: -1}, "ad.CG: CGSettings.MaxIter is -1; want ≥ 0 (0: len(b))"},
			{CGSettings{Tol: -1e-8}, "ad.CG: CGSettings.Tol is -1e-08; want ≥ 0 (0: 1e-10)"},
			{CGSettings{Tol: math.Inf(-1)}, "ad.CG: CGSettings.Tol is -Inf; want ≥ 0 (0: 1e-10)"},
		} {
			if msg := panicText(func() { solve(which, c.s) }); msg != c.want {
				t.Errorf("%s with %+v: panic %q, want %q", which, c.s, msg, c.want)
			}
		}
		res, x := solve(which, CGSettings{})
		if res.Iterations != 3 {
			t.Errorf("%s with zero settings: %d iterations, want 3", which, res.Iterations)
		}
		tol := 1e-12
		if which == "CG32" {
			tol = 1e-6
		}
		for i, v := range x {
			if math.Abs(v-1) > tol {
				t.Errorf("%s with zero settings: x[%d] = %v, want 1 ± %g", which, i, v, tol)
			}
		}
	}
}

// TestShapeOverflowPanics: a shape whose element count overflows an int
// (2³²×2³² on 64 bits wraps to 0) was accepted by NewTensor (with no
// data), Zeros, Fill, Reshape (of an empty node), Var, Const32 and by the
// operations that shape their result from their arguments (Pad; MatMul of
// an n×0 by a 0×n): the tensor or node claimed Rows·Cols elements and held
// none. Each now panics naming the function and the shape. Large shapes
// whose product fits (n×0) are still fine.
func TestShapeOverflowPanics(t *testing.T) {
	n := 1 << (bits.UintSize / 2) // n·n = 2^UintSize wraps to 0
	want := func(name string) string {
		return fmt.Sprintf("ad.%s: shape %dx%d has more elements than an int can count", name, n, n)
	}
	tp := NewTape()
	tp32 := NewTapeOf(Float32)
	empty := tp.Var(Zeros(0, 0))
	for _, c := range []struct {
		name string
		f    func()
	}{
		{"NewTensor", func() { NewTensor(n, n, nil) }},
		{"Zeros", func() { Zeros(n, n) }},
		{"Fill", func() { tp.Fill(n, n, 1) }},
		{"Reshape", func() { Reshape(empty, n, n) }},
		{"Var", func() { tp.Var(Tensor{Rows: n, Cols: n}) }},
		{"Const", func() { tp.Const(Tensor{Rows: n, Cols: n}) }},
		{"Const32", func() { tp32.Const32(n, n, nil) }},
		{"View32", func() { tp32.View32(n, n, nil) }},
		{"Pad", func() { Pad(empty, n, n, 0, 0) }},
		{"MatMul", func() { MatMul(tp.Const(Zeros(n, 0)), tp.Const(Zeros(0, n))) }},
	} {
		if msg := panicText(c.f); msg != want(c.name) {
			t.Errorf("%s of %dx%d: panic %q, want %q", c.name, n, n, msg, want(c.name))
		}
	}
	if z := NewTensor(math.MaxInt, 0, nil); z.Size() != 0 || z.Rows != math.MaxInt {
		t.Errorf("NewTensor(MaxInt, 0) = %dx%d", z.Rows, z.Cols)
	}
	if z := Reshape(empty, 0, math.MaxInt); z.Value().Cols != math.MaxInt {
		t.Errorf("Reshape to 0xMaxInt gave %s", z.Value().Shape())
	}
}
