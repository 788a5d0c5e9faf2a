package ad

import (
	"math"
	"testing"
)

// The allocation tests count heap allocations per iteration with
// testing.AllocsPerRun after warm-up runs; the engine promises zero.

// TestEagerLoopDoesNotAllocate records an MLP loss on a Reset tape and takes
// its gradient, as a learning loop does each step, in the three modes:
// Grad1, Grad, and Grad followed by an HVP.
func TestEagerLoopDoesNotAllocate(t *testing.T) {
	m := newTestMLP(1, 16, 4, 32, 16, 2)
	tp := NewTape()
	params := make([]*Node, len(m.params))
	vs := make([]*Node, len(m.params))
	steps := map[string]func(){
		"Grad1": func() {
			tp.Reset()
			for i, p := range m.params {
				params[i] = tp.Var(p)
			}
			Grad1(m.loss(tp, params), params...)
		},
		"Grad": func() {
			tp.Reset()
			for i, p := range m.params {
				params[i] = tp.Var(p)
			}
			Grad(m.loss(tp, params), params...)
		},
		"Grad+HVP": func() {
			tp.Reset()
			for i, p := range m.params {
				params[i] = tp.Var(p)
				vs[i] = tp.Const(m.vs[i])
			}
			HVPMulti(m.loss(tp, params), params, vs)
		},
	}
	for name, step := range steps {
		t.Run(name, func(t *testing.T) {
			for range 3 {
				step() // warm-up: the tape grows its slab and buffers
			}
			if a := testing.AllocsPerRun(20, step); a != 0 {
				t.Errorf("%v allocations per step after warm-up, want 0", a)
			}
		})
	}
}

// TestCompiledDoesNotAllocate re-runs compiled value+gradient+HVP programs
// of small game objectives, one of them containing Solve, on new inputs.
func TestCompiledDoesNotAllocate(t *testing.T) {
	q := newQuadGame(2, 3)
	cases := map[string]func(x, y *Node) *Node{
		"torus":     func(x, y *Node) *Node { return torusF1(x, y, 1.5, 0.3) },
		"quadratic": q.record,
		// f = bᵀ(A(x) + 3I)⁻¹y with A(x) = xᵀx: Solve in a differentiated
		// program.
		"solve": func(x, y *Node) *Node {
			tp := x.Tape()
			eye := tp.Const(NewTensor(3, 3, []float64{3, 0, 0, 0, 3, 0, 0, 0, 3}))
			A := Add(MatMulT(x, x, true, false), eye)
			z := Solve(A, Transpose(y))
			return Sum(Mul(Sin(z), Transpose(y)))
		},
	}
	for name, f := range cases {
		t.Run(name, func(t *testing.T) {
			n := 3
			if name == "torus" {
				n = 1
			}
			tp := NewTape()
			x, y := tp.Var(Zeros(1, n)), tp.Var(Zeros(1, n))
			vx, vy := tp.Const(Zeros(1, n)), tp.Const(Zeros(1, n))
			fn := f(x, y)
			gx, gy, hx, hy := gradHVP(fn, x, y, vx, vy)
			p := Compile([]*Node{x, y, vx, vy}, []*Node{fn, gx, gy, hx, hy})
			in := make([]float64, n)
			k := 0.0
			run := func() {
				k++
				for i := range in {
					in[i] = math.Sin(k + float64(i))
				}
				p.SetInput(0, in)
				p.SetInput(1, in)
				p.SetInput(2, in)
				p.SetInput(3, in)
				p.Run()
			}
			run()
			if a := testing.AllocsPerRun(50, run); a != 0 {
				t.Errorf("%v allocations per Run, want 0", a)
			}
		})
	}
}

// TestResetReproducesBitForBit: recording the same computation on a Reset
// tape (whose buffers hold the previous step's values) gives the same bits
// as a fresh tape, for the gradient and an HVP of an MLP.
func TestResetReproducesBitForBit(t *testing.T) {
	m := newTestMLP(9, 13, 5, 20, 9, 3)
	run := func(tp *Tape) []float64 {
		params := make([]*Node, len(m.params))
		vs := make([]*Node, len(m.params))
		for i, p := range m.params {
			params[i] = tp.Var(p)
			vs[i] = tp.Const(m.vs[i])
		}
		L := m.loss(tp, params)
		out := []float64{L.Scalar()}
		for _, g := range Grad(L, params...) {
			out = append(out, g.Data()...)
		}
		for _, h := range HVPMulti(L, params, vs) {
			out = append(out, h.Data()...)
		}
		return out
	}
	want := run(NewTape())
	tp := NewTape()
	// Fill the tape's buffers with another computation first.
	other := newTestMLP(10, 13, 5, 20, 9, 3)
	other.record(tp)
	for step := 0; step < 3; step++ {
		tp.Reset()
		got := run(tp)
		for i := range want {
			if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
				t.Fatalf("step %d: value %d = %v on a reused tape, %v on a fresh one", step, i, got[i], want[i])
			}
		}
	}
}
