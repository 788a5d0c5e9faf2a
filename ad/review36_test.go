package ad

import (
	"fmt"
	"strings"
	"testing"
)

// panicText runs f and returns the text of its panic ("" if none).
func panicText(f func()) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprint(r)
		}
	}()
	f()
	return ""
}

// TestVJPOutputRecordedBeforeInputs: an output of VJP recorded before every
// x (so depending on none) lies below the range whose scratch the sweep
// clears; a previous sweep's entries there seeded it, and the stale
// gradient node (its slab slot reused after Reset) was added to the
// direction: "ad.Add: shapes 1x3 and … do not broadcast".
func TestVJPOutputRecordedBeforeInputs(t *testing.T) {
	tp := NewTape()
	a := tp.Var(NewTensor(2, 2, []float64{1, 2, 3, 4}))
	b := Square(a)
	for range 10 { // a tape long enough that the scratch is kept
		tp.Var(Scalar(1))
	}
	Grad(Sum(b), a) // marks b's slot reached, with a 2×2 gradient
	tp.Reset()
	c := tp.Var(Vector(1, 2, 3))
	y0 := Square(c) // in b's old slot, recorded before x
	x := tp.Var(Scalar(2))
	y1 := Square(x)
	v0 := tp.Const(Vector(1, 1, 1))
	v1 := tp.Const(Scalar(0.5))
	var g []*Node
	if msg := panicText(func() { g = VJP([]*Node{y0, y1}, []*Node{v0, v1}, x) }); msg != "" {
		t.Fatalf("VJP panicked: %s", msg)
	}
	// ∇ₓ⟨x², 0.5⟩ = 0.5·2x = 2 at x = 2; y0 does not depend on x.
	if got := g[0].Scalar(); got != 2 {
		t.Errorf("VJP = %g, want 2", got)
	}
}

// TestNegativeShapesPanic: −2×−3 counts 6 elements but is not a shape;
// Reshape, BroadcastTo, Scatter, NewTensor and Zeros accepted such shapes
// (or failed with a bare runtime error) instead of naming the operation.
func TestNegativeShapesPanic(t *testing.T) {
	tp := NewTape()
	x := tp.Var(NewTensor(2, 3, make([]float64, 6)))
	s := tp.Var(Scalar(1))
	e := tp.Var(Zeros(0, 1))
	cases := []struct {
		name string
		f    func()
		want string
	}{
		{"Reshape", func() { Reshape(x, -2, -3) }, "ad.Reshape"},
		{"BroadcastTo", func() { BroadcastTo(s, -2, -3) }, "ad.BroadcastTo"},
		{"BroadcastTo/rows", func() { BroadcastTo(s, -1, 1) }, "ad.BroadcastTo"},
		{"Scatter", func() { Scatter(e, e, -5) }, "ad.Scatter"},
		{"NewTensor", func() { NewTensor(-2, -3, make([]float64, 6)) }, "ad.NewTensor"},
		{"Zeros", func() { Zeros(-1, -1) }, "ad.Zeros"},
		{"Zeros/one", func() { Zeros(-1, 2) }, "ad.Zeros"},
	}
	for _, c := range cases {
		if msg := panicText(c.f); !strings.Contains(msg, c.want) {
			t.Errorf("%s: panic %q, want one naming %s", c.name, msg, c.want)
		}
	}
}

// TestMaxOfEmptyNamesMax: Max of an empty tensor panicked as
// "ad.RowMax: no columns in 1x0", an operation and a shape the caller
// never used.
func TestMaxOfEmptyNamesMax(t *testing.T) {
	tp := NewTape()
	x := tp.Var(Zeros(0, 3))
	msg := panicText(func() { Max(x) })
	if !strings.Contains(msg, "ad.Max") || !strings.Contains(msg, "0x3") {
		t.Errorf("Max of 0x3: panic %q, want one naming ad.Max and 0x3", msg)
	}
}

// TestCGRejectsMismatchedX: an x longer than b was solved in its first
// len(b) values and the rest left as they were, silently (or, nonzero,
// failed with an index error); a shorter one failed with a slice error.
func TestCGRejectsMismatchedX(t *testing.T) {
	id := func(dst, v []float64) { copy(dst, v) }
	id32 := func(dst, v []float32) { copy(dst, v) }
	b := []float64{1, 2}
	for _, n := range []int{1, 3} {
		x := make([]float64, n)
		if msg := panicText(func() { CG(id, b, x, CGSettings{}, nil) }); !strings.Contains(msg, "ad.CG") {
			t.Errorf("CG with %d-value x, 2-value b: panic %q", n, msg)
		}
		if msg := panicText(func() { CG32(id32, b, x, CGSettings{}, nil, nil) }); !strings.Contains(msg, "ad.CG") {
			t.Errorf("CG32 with %d-value x, 2-value b: panic %q", n, msg)
		}
	}
	// Matching lengths still solve: x = b for the identity.
	x := make([]float64, 2)
	CG(id, b, x, CGSettings{}, nil)
	if x[0] != 1 || x[1] != 2 {
		t.Errorf("CG(I, b) = %v, want %v", x, b)
	}
}

// TestTensorAtChecksColumn: At(0, 5) of a 2×3 tensor returned element
// (1, 2) and At(1, −1) element (0, 2), silently.
func TestTensorAtChecksColumn(t *testing.T) {
	m := NewTensor(2, 3, []float64{1, 2, 3, 4, 5, 6})
	if got := m.At(1, 2); got != 6 {
		t.Errorf("At(1, 2) = %g, want 6", got)
	}
	for _, ij := range [][2]int{{0, 5}, {1, -1}, {0, 3}, {2, 0}, {-1, 4}} {
		msg := panicText(func() { m.At(ij[0], ij[1]) })
		if !strings.Contains(msg, "ad.Tensor.At") || !strings.Contains(msg, "2x3") {
			t.Errorf("At(%d, %d) of 2x3: panic %q, want one naming ad.Tensor.At and 2x3", ij[0], ij[1], msg)
		}
	}
}

// TestHVPHelpersEdges: HVPMulti with no inputs dereferenced a nil node and
// Hessian with no inputs indexed an empty slice (Grad and Jacobian accept
// no inputs); a direction of the wrong shape was reported as
// "ad.Dot: shapes … differ", an operation the caller never called.
func TestHVPHelpersEdges(t *testing.T) {
	tp := NewTape()
	x := tp.Var(Vector(1, 2))
	y := Sum(Square(x))
	var hv []*Node
	if msg := panicText(func() { hv = HVPMulti(y, nil, nil) }); msg != "" || len(hv) != 0 {
		t.Errorf("HVPMulti with no inputs: %d products, panic %q; want none and no panic", len(hv), msg)
	}
	var h Tensor
	if msg := panicText(func() { h = Hessian(y) }); msg != "" || h.Rows != 0 || h.Cols != 0 {
		t.Errorf("Hessian with no inputs: %s, panic %q; want 0x0", h.Shape(), msg)
	}
	// The ordinary cases are unchanged: ∇²(x₁² + x₂²) = 2I.
	if got := HVP(y, x, tp.Const(Vector(1, -3))).Data(); got[0] != 2 || got[1] != -6 {
		t.Errorf("HVP = %v, want [2 -6]", got)
	}
	if got := Hessian(y, x); got.At(0, 0) != 2 || got.At(0, 1) != 0 || got.At(1, 1) != 2 {
		t.Errorf("Hessian = %v, want 2I", got.Data)
	}
	bad := tp.Const(Vector(1, 2, 3))
	for _, c := range []struct {
		f    func()
		want string
	}{
		{func() { HVP(y, x, bad) }, "ad.HVP: x is 1x2, its direction 1x3"},
		{func() { MixedVP(y, x, x, bad) }, "ad.MixedVP: y is 1x2, its direction 1x3"},
		{func() { HVPMulti(y, []*Node{x}, []*Node{bad}) }, "ad.HVPMulti: input 0 is 1x2, its direction 1x3"},
	} {
		if msg := panicText(c.f); msg != c.want {
			t.Errorf("panic %q, want %q", msg, c.want)
		}
	}
}

// TestBlocksCheckParts: a part shorter than dst, or SumBlocks with one
// part, failed with a bare index error, and on a split (2¹⁴ values or
// more, threads ≥ 2) in a helper goroutine of the pool, ending the
// process; now the caller gets a panic naming the function, before any
// work starts.
func TestBlocksCheckParts(t *testing.T) {
	dst := make([]float64, 3)
	for _, c := range []struct {
		f    func()
		want string
	}{
		{func() { AddBlocks(1, dst, [][]float64{make([]float64, 3), make([]float64, 2)}) }, "ad.AddBlocks: part 1 has 2 values for 3"},
		{func() { SumBlocks(1, dst, [][]float64{make([]float64, 3)}) }, "ad.SumBlocks: 1 parts, need at least 2"},
		{func() { SumBlocks(1, dst, [][]float64{make([]float64, 2), make([]float64, 3)}) }, "ad.SumBlocks: part 0 has 2 values for 3"},
		{func() { AddBlocks(2, make([]float32, 1<<14), [][]float32{make([]float32, 1<<13)}) }, "ad.AddBlocks: part 0 has 8192 values for 16384"},
	} {
		if msg := panicText(c.f); msg != c.want {
			t.Errorf("panic %q, want %q", msg, c.want)
		}
	}
	// Valid calls are unchanged: the parts added in order.
	SumBlocks(2, dst, [][]float64{{1, 2, 3}, {10, 20, 30}, {100, 200, 300, 400}})
	AddBlocks(2, dst, [][]float64{{1000, 2000, 3000}})
	AddBlocks(2, dst, nil)
	if dst[0] != 1111 || dst[1] != 2222 || dst[2] != 3333 {
		t.Errorf("blocks = %v, want [1111 2222 3333]", dst)
	}
}
