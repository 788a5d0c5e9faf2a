package ad

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// reluNet is a float32 relu network with bias rows and a skip connection
// (the first hidden layer also feeds the last, so that its gradient has
// two products to accumulate), a squared loss, and up to third-order
// derivatives: the gradient (Grad), its vector–Jacobian product along v
// (a Hessian–vector product, as the follower Hessian of the Stackelberg
// agents is taken) and the VJP of that along u.
type reluNet struct {
	batch, in, hidden, out int
	x, y                   Tensor
	params, v, u           []Tensor
}

func newReluNet(seed uint64, batch, in, hidden, out int) *reluNet {
	r := rand.New(rand.NewPCG(seed, 41))
	randT := func(rows, cols int, scale float64) Tensor {
		t := normalTensor(r, rows, cols)
		for i := range t.Data {
			t.Data[i] *= scale
		}
		return t
	}
	n := &reluNet{batch: batch, in: in, hidden: hidden, out: out}
	shapes := [][2]int{{in, hidden}, {1, hidden}, {hidden, hidden}, {1, hidden}, {hidden, out}, {hidden, out}, {1, out}}
	for _, s := range shapes {
		n.params = append(n.params, randT(s[0], s[1], 1/math.Sqrt(float64(s[0]))))
		n.v = append(n.v, randT(s[0], s[1], 1))
		n.u = append(n.u, randT(s[0], s[1], 1))
	}
	n.x, n.y = randT(batch, in, 1), randT(batch, out, 1)
	return n
}

// loss records mean((relu net(x) − y)²); it returns the loss and the
// first hidden layer's relu node.
func (n *reluNet) loss(t *Tape, p []*Node) (*Node, *Node) {
	h1 := Relu(Add(MatMul(t.Const(n.x), p[0]), p[1]))
	h2 := Relu(Add(MatMul(h1, p[2]), p[3]))
	o := Add(Add(MatMul(h2, p[4]), MatMul(h1, p[5])), p[6])
	d := Sub(o, t.Const(n.y))
	return Mean(Mul(d, d)), h1
}

// derivatives returns the float32 bits of the gradient, the HVP along v
// and the third-order product along u, on a tape of the given threads,
// and the names of the operations the tape recorded.
func (n *reluNet) derivatives(threads int) (bits [][]uint32, ops string) {
	t := NewTapeOf(Float32)
	t.SetThreads(threads)
	p := make([]*Node, len(n.params))
	for i, w := range n.params {
		p[i] = t.Var(w)
	}
	loss, _ := n.loss(t, p)
	g := Grad(loss, p...)
	vs := make([]*Node, len(p))
	us := make([]*Node, len(p))
	for i := range p {
		vs[i], us[i] = t.Const(n.v[i]), t.Const(n.u[i])
	}
	h := VJP(g, vs, p...)
	third := VJP(h, us, p...)
	for _, set := range [][]*Node{g, h, third} {
		for _, x := range set {
			b := make([]uint32, 0, len(x.v32))
			for _, f := range x.v32 {
				b = append(b, math.Float32bits(f))
			}
			bits = append(bits, b)
		}
	}
	var names []string
	for i := 0; i < t.n; i++ {
		if t.nodes[i].op != nil {
			names = append(names, t.nodes[i].op.name())
		}
	}
	return bits, strings.Join(names, " ")
}

// withoutFusion runs f with the sweep's fusion switched off.
func withoutFusion(f func()) {
	fuseSweeps = false
	defer func() { fuseSweeps = true }()
	f()
}

// TestFusedSweepSameBits checks that the fused backward sweep gives the
// unfused sweep's gradients, Hessian–vector products and third-order
// products bit for bit, on 1, 2 and 3 threads, at the shapes of the
// agents' critics (a batch of 100, 256 units: the packed, column-cut
// products), odd small shapes (the loops of small products) and one unit
// (thin products), and that it fuses: the tape records fused products
// (with each epilogue) and fewer operations.
func TestFusedSweepSameBits(t *testing.T) {
	cases := []struct{ batch, in, hidden, out int }{
		{100, 4, 256, 1}, {7, 3, 13, 2}, {1, 5, 9, 1}, {33, 1, 1, 1}, {64, 17, 40, 3},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%dx%dx%dx%d", c.batch, c.in, c.hidden, c.out), func(t *testing.T) {
			n := newReluNet(uint64(c.batch*1000+c.hidden), c.batch, c.in, c.hidden, c.out)
			var want [][]uint32
			var plain string
			withoutFusion(func() { want, plain = n.derivatives(1) })
			for threads := 1; threads <= 3; threads++ {
				got, ops := n.derivatives(threads)
				if len(got) != len(want) {
					t.Fatalf("%d results, want %d", len(got), len(want))
				}
				for i := range want {
					for j := range want[i] {
						if got[i][j] != want[i][j] {
							t.Fatalf("threads %d: result %d element %d: fused %g, unfused %g", threads, i, j,
								math.Float32frombits(got[i][j]), math.Float32frombits(want[i][j]))
						}
					}
				}
				if threads == 1 {
					for _, name := range []string{"MatMul+ReluGrad", "MatMul+Add", "+Row"} {
						if name == "+Row" && c.batch == 1 { // a bias row is added to one row as is: no SumTo
							continue
						}
						if !strings.Contains(ops, name) {
							t.Errorf("no %s recorded: %s", name, ops)
						}
					}
					if a, b := len(strings.Fields(ops)), len(strings.Fields(plain)); a >= b {
						t.Errorf("fused tape records %d operations, unfused %d", a, b)
					}
				}
			}
		})
	}
}

// TestFusedSweepGradOfIntermediate checks that a Relu node among the
// nodes a gradient is taken with respect to keeps its unmasked gradient:
// the sweep must not mask what it returns.
func TestFusedSweepGradOfIntermediate(t *testing.T) {
	n := newReluNet(5, 10, 3, 16, 1)
	run := func() []float32 {
		tp := NewTapeOf(Float32)
		p := make([]*Node, len(n.params))
		for i, w := range n.params {
			p[i] = tp.Var(w)
		}
		loss, h1 := n.loss(tp, p)
		gs := Grad(loss, h1, p[0])
		return append(append([]float32(nil), gs[0].v32...), gs[1].v32...)
	}
	var want []float32
	withoutFusion(func() { want = run() })
	got := run()
	zeros := 0
	for i := range want {
		if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
			t.Fatalf("element %d: fused %g, unfused %g", i, got[i], want[i])
		}
	}
	// The gradient with respect to h1 (the first 160 values) is not
	// masked: about half of h1's pre-activations are negative, yet its
	// gradient is non-zero nearly everywhere.
	for _, v := range want[:10*16] {
		if v == 0 {
			zeros++
		}
	}
	if zeros > 16 {
		t.Errorf("%d of 160 elements of ∂loss/∂h1 are zero: masked", zeros)
	}
}

// TestEpilogueEdgeValues checks the fused epilogue (the vector kernel
// and the Go loop for the columns after the last whole vector) against
// Add, Add and ReluGrad one after the other on values that test the
// IEEE rules: signed zeros, NaN, infinities, subnormals, and x of every
// kind (x = −0, NaN: masked).
func TestEpilogueEdgeValues(t *testing.T) {
	special := []float32{0, float32(math.Copysign(0, -1)), float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1)),
		1e-45, -1e-45, 1, -1, 3.4e38, -3.4e38, 0.5}
	r := rand.New(rand.NewPCG(3, 9))
	pick := func() float32 {
		if r.IntN(3) == 0 {
			return special[r.IntN(len(special))]
		}
		return float32(r.NormFloat64())
	}
	for _, cols := range []int{1, 7, 8, 13, 32, 45} {
		rows := 5
		tp := NewTapeOf(Float32)
		mk := func(rr, cc int) *Node {
			v := Zeros(rr, cc)
			n := tp.Const(v)
			for i := range n.v32 {
				n.v32[i] = pick()
			}
			return n
		}
		a, b, acc, row, x := mk(rows, 1), mk(1, cols), mk(rows, cols), mk(1, cols), mk(rows, cols)
		for e := 1; e < 8; e++ {
			var accN, rowN, xN *Node
			want := MatMul(a, b)
			if e&1 != 0 {
				accN, want = acc, Add(acc, want)
			}
			if e&2 != 0 {
				rowN, want = row, Add(want, row)
			}
			if e&4 != 0 {
				xN, want = x, newPair(opReluGrad, want, x)
			}
			f := recordFused(a, b, false, false, accN, rowN, xN)
			f.op.forward(f)
			for i := range want.v32 {
				if math.Float32bits(f.v32[i]) != math.Float32bits(want.v32[i]) {
					t.Fatalf("cols %d, %s: element %d: %g, want %g", cols, f.op.name(), i, f.v32[i], want.v32[i])
				}
			}
		}
	}
}

// TestFusedOpDerivatives checks the fused operation's own backward rule
// (which a higher-order sweep differentiates, and the only rule on a
// float64 tape) against central differences of its float64 form,
// F = mask_x(op(A)·op(B) + C + r) with x fixed, for every transposition
// and every epilogue, to 1e-6 relative.
func TestFusedOpDerivatives(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 2))
	randT := func(rows, cols int) Tensor { return normalTensor(r, rows, cols) }
	for v := range 4 {
		ta, tb := v&2 != 0, v&1 != 0
		A, B := randT(4, 3), randT(3, 5)
		if ta {
			A = randT(3, 4)
		}
		if tb {
			B = randT(5, 3)
		}
		C, R, X, W := randT(4, 5), randT(1, 5), randT(4, 5), randT(4, 5)
		for e := 1; e < 8; e++ {
			f := func(a, b, c, row Tensor) (float64, []Tensor) {
				tp := NewTape()
				an, bn, cn, rn := tp.Var(a), tp.Var(b), tp.Var(c), tp.Var(row)
				var acc, rw, x *Node
				if e&1 != 0 {
					acc = cn
				}
				if e&2 != 0 {
					rw = rn
				}
				if e&4 != 0 {
					x = tp.Const(X)
				}
				fn := recordFused(an, bn, ta, tb, acc, rw, x)
				fn.op.forward(fn)
				s := Sum(Mul(fn, tp.Const(W)))
				gs := Grad(s, an, bn, cn, rn)
				return s.Scalar(), []Tensor{gs[0].Value(), gs[1].Value(), gs[2].Value(), gs[3].Value()}
			}
			args := []Tensor{A, B, C, R}
			_, grads := f(A, B, C, R)
			const h = 1e-6
			for k, arg := range args {
				for i := range arg.Data {
					old := arg.Data[i]
					arg.Data[i] = old + h
					fp, _ := f(args[0], args[1], args[2], args[3])
					arg.Data[i] = old - h
					fm, _ := f(args[0], args[1], args[2], args[3])
					arg.Data[i] = old
					fd := (fp - fm) / (2 * h)
					if d := math.Abs(grads[k].Data[i] - fd); d > 1e-6*(1+math.Abs(fd)) {
						t.Errorf("%s ta=%v tb=%v: argument %d element %d: gradient %g, central difference %g",
							fusedOps[v][e].nm, ta, tb, k, i, grads[k].Data[i], fd)
					}
				}
			}
		}
	}
}

// TestCompiledFusedSweep checks that a compiled program holding a fused
// sweep (the gradient and an HVP of the relu network, recorded once)
// gives, on new inputs, what a fresh recording gives, bit for bit.
func TestCompiledFusedSweep(t *testing.T) {
	n := newReluNet(9, 12, 3, 20, 1)
	record := func(tp *Tape, params []Tensor) (vars, outs []*Node) {
		for _, w := range params {
			vars = append(vars, tp.Var(w))
		}
		loss, _ := n.loss(tp, vars)
		g := Grad(loss, vars...)
		vs := make([]*Node, len(vars))
		for i := range vars {
			vs[i] = tp.Const(n.v[i])
		}
		return vars, append(g, VJP(g, vs, vars...)...)
	}
	tp := NewTapeOf(Float32)
	vars, outs := record(tp, n.params)
	fused := 0
	for i := 0; i < tp.n; i++ {
		if _, ok := tp.nodes[i].op.(*fusedOp); ok {
			fused++
		}
	}
	if fused == 0 {
		t.Fatal("the sweep recorded no fused product")
	}
	p := Compile(vars, outs)
	r := rand.New(rand.NewPCG(4, 4))
	moved := make([]Tensor, len(n.params))
	for i, w := range n.params {
		moved[i] = normalTensor(r, w.Rows, w.Cols)
		p.SetInput(i, moved[i].Data)
	}
	p.Run()
	_, fresh := record(NewTapeOf(Float32), moved)
	for i := range outs {
		got, want := p.OutputNode(i).v32, fresh[i].v32
		for j := range want {
			if math.Float32bits(got[j]) != math.Float32bits(want[j]) {
				t.Fatalf("output %d element %d: compiled %g, fresh %g", i, j, got[j], want[j])
			}
		}
	}
}

// TestFusedSweepLateContribution checks that a product's gradient is not
// taken as the last one for its operand while another reader of the
// operand (here a column sum, s) will still pass it a gradient: s's own
// gradient comes from a node recorded after s but before the product, so
// when the sweep reaches the product, s has no gradient yet.
func TestFusedSweepLateContribution(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 8))
	randT := func(rows, cols int) Tensor { return normalTensor(r, rows, cols) }
	X, W1, W2 := randT(20, 6), randT(6, 16), randT(16, 16)
	run := func() []uint32 {
		tp := NewTapeOf(Float32)
		w1, w2 := tp.Var(W1), tp.Var(W2)
		h := Relu(MatMul(tp.Const(X), w1))
		s := SumTo(h, 1, 16) // a reader of h before the product
		u := Sum(Mul(s, s))  // s's gradient comes from here
		p := MatMul(h, w2)
		loss := Add(Sum(Mul(p, p)), u)
		gs := Grad(loss, w1, w2)
		var bits []uint32
		for _, g := range gs {
			for _, f := range g.v32 {
				bits = append(bits, math.Float32bits(f))
			}
		}
		return bits
	}
	var want []uint32
	withoutFusion(func() { want = run() })
	got := run()
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("element %d: fused %g, unfused %g", i, math.Float32frombits(got[i]), math.Float32frombits(want[i]))
		}
	}
}

// BenchmarkFusedSweep times one Hessian–vector product (the VJP of the
// recorded gradient, rewound after each, as the Stackelberg agents' CG
// takes them) of a float32 relu network of the shapes of STDDPG's critic
// on Pendulum-v1 (a batch of 100, 4 inputs, 256 units), with the sweep's
// fusion and without, on 1 and 2 threads.
func BenchmarkFusedSweep(b *testing.B) {
	n := newReluNet(1, 100, 4, 256, 1)
	for _, fused := range []bool{true, false} {
		for _, threads := range []int{1, 2} {
			name := fmt.Sprintf("fused=%v/threads=%d", fused, threads)
			b.Run(name, func(b *testing.B) {
				fuseSweeps = fused
				defer func() { fuseSweeps = true }()
				t := NewTapeOf(Float32)
				t.SetThreads(threads)
				p := make([]*Node, len(n.params))
				vs := make([]*Node, len(p))
				for i, w := range n.params {
					p[i] = t.Var(w)
				}
				loss, _ := n.loss(t, p)
				g := Grad(loss, p...)
				for i := range p {
					vs[i] = t.Const(n.v[i])
				}
				m := t.Mark()
				for b.Loop() {
					VJP(g, vs, p...)
					t.Rewind(m)
				}
			})
		}
	}
}

// TestFusedSweepUnfusedRowKeepsMask checks that when a column sum's
// gradient r cannot be fused into the product before it (here r is the
// direction given for the column sum, and the product reads it too), the
// product does not mask its operand's gradient either: the column sum
// still adds r to it afterwards, and the mask must come after that.
func TestFusedSweepUnfusedRowKeepsMask(t *testing.T) {
	r := rand.New(rand.NewPCG(12, 12))
	Z, V, W := normalTensor(r, 9, 6), normalTensor(r, 1, 6), normalTensor(r, 9, 1)
	run := func() []uint32 {
		tp := NewTapeOf(Float32)
		z := tp.Var(Z)
		h := Relu(z)
		c := SumTo(h, 1, 6)
		v := tp.Const(V)
		p := MatMulT(h, v, false, true) // h·vᵀ reads v, the direction of c
		g := VJP([]*Node{c, p}, []*Node{v, tp.Const(W)}, z)
		return bitsOf(nil, g...)
	}
	var want []uint32
	withoutFusion(func() { want = run() })
	if i := firstMismatch(run(), want, 0); i >= 0 {
		t.Fatalf("element %d: fused differs from unfused", i)
	}
}
