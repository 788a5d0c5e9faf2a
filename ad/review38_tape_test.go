package ad

import (
	"math"
	"testing"
)

// TestGradWithRespectToIntermediate: Grad with respect to a node that is
// the result of an operation ran that node's backward rule although every
// gradient it gives goes to inputs outside the sweep (dropped). On a
// result of Grad1 that rule is first-order-only, so the sweep panicked
// "differentiating through Add, a first-order-only gradient from Grad1"
// for y = Σ g₁², g₁ = Grad1(L, w), differentiated with respect to g₁
// itself (nothing is differentiated through g₁; ∂y/∂g₁ = 2g₁). Elsewhere
// it recorded dead nodes: ∇_h Σ h² for h = tanh(x) took one node more
// than the same sum of a leaf (∇_h = 2h). Both dtypes; gradients to 1e-6 (float32)
// and 1e-15 (float64) relative.
func TestGradWithRespectToIntermediate(t *testing.T) {
	for _, d := range []DType{Float64, Float32} {
		tol := 1e-15
		if d == Float32 {
			tol = 1e-6
		}
		tp := NewTapeOf(d)
		w := tp.VarVec(1, 2, 3)
		L := Sum(Mul(Tanh(w), w))
		g1 := Grad1(L, w)[0]
		y := Sum(Square(g1))
		var g *Node
		if msg := panicText(func() { g = Grad(y, g1)[0] }); msg != "" {
			t.Fatalf("%v: Grad(Σ g₁², g₁) of a Grad1 result panicked: %s", d, msg)
		}
		for i, wi := range []float64{1, 2, 3} {
			th := math.Tanh(wi)
			want := 2 * (th + wi*(1-th*th))
			if got := g.Data()[i]; math.Abs(got-want) > tol*math.Abs(want) {
				t.Errorf("%v: ∂y/∂g₁[%d] = %v, want %v", d, i, got, want)
			}
		}
		// Through a Grad1 result the sweep must still refuse.
		if msg := panicText(func() { Grad(y, w) }); msg == "" {
			t.Errorf("%v: Grad through a Grad1 result did not panic", d)
		}

		// ∇_h Σ h² records what it records for a leaf h.
		leaf := NewTapeOf(d)
		v := leaf.VarVec(math.Tanh(1), math.Tanh(2))
		yl := Sum(Square(v))
		n0 := leaf.Len()
		Grad(yl, v)
		wantNodes := leaf.Len() - n0

		tp2 := NewTapeOf(d)
		h := Tanh(tp2.VarVec(1, 2))
		ys := Sum(Square(h))
		n0 = tp2.Len()
		gh := Grad(ys, h)[0]
		if got := tp2.Len() - n0; got != wantNodes {
			t.Errorf("%v: Grad(Σ h², h) for h = tanh(x) recorded %d nodes, a leaf h %d", d, got, wantNodes)
		}
		for i := range 2 {
			if a, b := gh.Data()[i], 2*h.Data()[i]; math.Abs(a-b) > tol*b {
				t.Errorf("%v: ∇_h[%d] = %v, want 2h = %v", d, i, a, b)
			}
		}
	}
}
