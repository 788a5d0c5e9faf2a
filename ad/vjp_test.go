package ad

import (
	"math"
	"testing"
)

// TestVJPIsGradOfDots checks that VJP gives exactly (bit for bit) the
// gradient of Σᵢ Dot(ys[i], vs[i]), on the Hessian–vector products of a
// relu network with four parameter tensors, in both dtypes; and that its
// result can be differentiated again like Grad's.
func TestVJPIsGradOfDots(t *testing.T) {
	m := newTestMLP(3, 20, 5, 16, 3)
	for _, d := range []DType{Float64, Float32} {
		tp := NewTapeOf(d)
		loss, params := m.record(tp)
		gs := Grad(loss, params...)
		vs := make([]*Node, len(gs))
		var sum *Node
		for i, g := range gs {
			vs[i] = tp.Const(m.vs[i])
			if sum == nil {
				sum = Dot(g, vs[i])
			} else {
				sum = Add(sum, Dot(g, vs[i]))
			}
		}
		want := Grad(sum, params...)
		got := VJP(gs, vs, params...)
		for i := range want {
			w, g := want[i].Data(), got[i].Data()
			for j := range w {
				if w[j] != g[j] {
					t.Fatalf("%v: tensor %d value %d: VJP %v, Grad of the dots %v", d, i, j, g[j], w[j])
				}
			}
		}
		// Third order: differentiate ⟨VJP, v⟩ again both ways.
		w3 := Grad(Dot(want[0], vs[0]), params...)
		g3 := Grad(Dot(got[0], vs[0]), params...)
		for i := range w3 {
			w, g := w3[i].Data(), g3[i].Data()
			for j := range w {
				if w[j] != g[j] {
					t.Fatalf("%v: third order, tensor %d value %d: %v against %v", d, i, j, g[j], w[j])
				}
			}
		}
	}
}

// TestVJPChecksShapes checks the panics for mismatched directions.
func TestVJPChecksShapes(t *testing.T) {
	tp := NewTape()
	x := tp.VarVec(1, 2)
	y := Square(x)
	defer func() {
		if recover() == nil {
			t.Fatal("VJP with a wrongly shaped direction did not panic")
		}
	}()
	VJP([]*Node{y}, []*Node{tp.Fill(2, 1, 1)}, x)
}

// TestGradSkipsProductsOfOtherVars checks that a mixed product
// ∇_X(∇_Y f · Z) records no matrix product for an operand that depends on
// Y only (Grad would drop its gradient), and that the result still matches
// central differences. f = Σ((A·Y)·X)²: of the five products the sweep
// could record, the one giving ∂/∂(A·Y) is skipped.
func TestGradSkipsProductsOfOtherVars(t *testing.T) {
	// Random tensors A 6×4, Y 4×4, X 4×5 and Z 4×4 from a test network.
	r := newTestMLP(9, 6, 4, 4, 5)
	a, y0, x0, z := r.x, r.params[0], r.params[2], r.vs[0]
	mixed := func(x Tensor) (Tensor, int) {
		tp := NewTape()
		X, Y := tp.Var(x), tp.Var(y0)
		f := Sum(Square(MatMul(MatMul(tp.Const(a), Y), X)))
		gY := Grad(f, Y)[0]
		mark := tp.Len()
		m := Grad(Dot(gY, tp.Const(z)), X)[0]
		products := 0
		for _, n := range tp.nodes[mark:tp.Len()] {
			if _, ok := n.op.(*matMulOp); ok {
				products++
			}
		}
		return m.Value(), products
	}
	got, products := mixed(x0)
	if products != 4 {
		t.Fatalf("mixed product recorded %d matrix products, want 4", products)
	}
	// Central differences of X ↦ ∇_Y f(X) · Z.
	gyz := func(x Tensor) float64 {
		tp := NewTape()
		X, Y := tp.Const(x), tp.Var(y0)
		f := Sum(Square(MatMul(MatMul(tp.Const(a), Y), X)))
		return Dot(Grad(f, Y)[0], tp.Const(z)).Scalar()
	}
	const h = 1e-5
	for i := range x0.Data {
		xp, xm := Zeros(x0.Rows, x0.Cols), Zeros(x0.Rows, x0.Cols)
		copy(xp.Data, x0.Data)
		copy(xm.Data, x0.Data)
		xp.Data[i] += h
		xm.Data[i] -= h
		fd := (gyz(xp) - gyz(xm)) / (2 * h)
		if math.Abs(got.Data[i]-fd) > 1e-6*(1+math.Abs(fd)) {
			t.Fatalf("mixed product element %d: %v, central difference %v", i, got.Data[i], fd)
		}
	}
}

// TestGradOfAnEarlierInput: y may be an input itself, recorded before
// other arguments (a linear cost f₁(x, y) = x₀ of a 1×1 game, where x[0]
// is x). ∂y/∂y = 1 and the later argument gets an exact zero; the fuzz
// crasher experiment/testdata/fuzz/FuzzConfig/a9a2801167164f68 panicked
// here with an index out of range. Exact values, no tolerance.
func TestGradOfAnEarlierInput(t *testing.T) {
	tp := NewTape()
	x := tp.VarVec(3)
	y := tp.VarVec(4, 5)
	f := Index(x, 0)
	g := Grad(f, x, y)
	if got := g[0].Value().Data; len(got) != 1 || got[0] != 1 {
		t.Errorf("∂x/∂x = %v, want [1]", got)
	}
	if got := g[1].Value().Data; len(got) != 2 || got[0] != 0 || got[1] != 0 {
		t.Errorf("∂x/∂y = %v, want [0 0]", got)
	}
	// The same through a compiled program, as learn records its oracles,
	// replayed at a new point: the gradient stays 1 and 0.
	p := Compile([]*Node{x, y}, g)
	p.SetInput(0, []float64{-7})
	p.SetInput(1, []float64{1, 2})
	p.Run()
	if got := p.Output(0); got[0] != 1 {
		t.Errorf("compiled ∂x/∂x = %v, want [1]", got)
	}
	if got := p.Output(1); got[0] != 0 || got[1] != 0 {
		t.Errorf("compiled ∂x/∂y = %v, want [0 0]", got)
	}
}
