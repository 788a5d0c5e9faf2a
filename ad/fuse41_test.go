package ad

import (
	"math"
	"math/rand/v2"
	"testing"
)

// randGraph is a random float32 graph built from a seed: products of
// every transposition (a node with itself among them), elementwise
// operations with row broadcasts, Relu, Tanh and reductions, whose
// structure depends on the seed only (not on the values), so that the
// fused and the unfused sweep see the same tape.
type randGraph struct {
	seed    uint64
	special bool // inputs hold signed zeros, NaN and infinities too
	big     bool // dimensions around the split thresholds
}

// build records the graph on t and returns its Vars, a scalar loss, a
// few intermediate nodes that need gradients, and two non-scalar nodes.
func (g randGraph) build(t *Tape) (vars []*Node, loss *Node, inter, outs []*Node) {
	r := rand.New(rand.NewPCG(g.seed, 4141))
	vr := rand.New(rand.NewPCG(g.seed, 7))
	dims := []int{1, 3, 8, 13, 17}
	batch := []int{1, 6, 9, 33}[r.IntN(4)]
	if g.big {
		dims = []int{1, 7, 64, 129}
		batch = []int{128, 130}[r.IntN(2)]
	}
	special := []float32{0, float32(math.Copysign(0, -1)), float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1))}
	newVal := func(rows, cols int, isVar bool) *Node {
		v := Zeros(rows, cols)
		var n *Node
		if isVar {
			n = t.Var(v)
		} else {
			n = t.Const(v)
		}
		for i := range n.v32 {
			n.v32[i] = float32(vr.NormFloat64())
			if g.special && vr.IntN(12) == 0 {
				n.v32[i] = special[vr.IntN(len(special))]
			}
		}
		return n
	}
	dim := func() int { return dims[r.IntN(len(dims))] }
	var pool []*Node
	newVar := func(rows, cols int) *Node {
		v := newVal(rows, cols, true)
		vars = append(vars, v)
		pool = append(pool, v)
		return v
	}
	newVar(batch, dim())
	newVar(dim(), dim())
	pick := func() *Node { return pool[len(pool)-1-min(r.IntN(len(pool)), r.IntN(len(pool)))] } // recent ones more often
	find := func(ok func(*Node) bool) *Node {
		var c []*Node
		for _, n := range pool {
			if ok(n) {
				c = append(c, n)
			}
		}
		if len(c) == 0 || r.IntN(4) == 0 {
			return nil
		}
		return c[r.IntN(len(c))]
	}
	steps := 6 + r.IntN(14)
	for s := 0; s < steps; s++ {
		x := pick()
		R, C := x.val.Rows, x.val.Cols
		var y *Node
		switch k := r.IntN(13); k {
		case 0, 1, 2: // a product
			ta, tb := r.IntN(2) == 0, r.IntN(2) == 0
			m, inner := R, C
			if ta {
				m, inner = C, R
			}
			b := find(func(n *Node) bool {
				if tb {
					return n.val.Cols == inner
				}
				return n.val.Rows == inner
			})
			if b == nil {
				if tb {
					b = newVar(dim(), inner)
				} else {
					b = newVar(inner, dim())
				}
			}
			_ = m
			y = MatMulT(x, b, ta, tb)
		case 3: // a product of x with itself
			switch {
			case R == C && r.IntN(2) == 0:
				y = MatMul(x, x)
			case r.IntN(2) == 0:
				y = MatMulT(x, x, true, false)
			default:
				y = MatMulT(x, x, false, true)
			}
		case 4, 5: // a Relu (sometimes read by a product at once)
			y = Relu(x)
			if r.IntN(3) == 0 {
				pool = append(pool, y)
				y = MatMulT(y, newVar(dim(), C), false, true)
			}
		case 6:
			y = Tanh(x)
		case 7: // Add, Sub or Mul of two nodes of one shape
			o := find(func(n *Node) bool { return n.val.Rows == R && n.val.Cols == C })
			if o == nil {
				o = x
			}
			y = []func(a, b *Node) *Node{Add, Sub, Mul}[r.IntN(3)](x, o)
		case 8: // a bias row added, by broadcasting or BroadcastTo
			row := find(func(n *Node) bool { return n.val.Rows == 1 && n.val.Cols == C })
			if row == nil {
				row = newVar(1, C)
			}
			if r.IntN(2) == 0 {
				y = Add(x, row)
			} else {
				y = Add(BroadcastTo(row, R, C), x)
			}
		case 9: // a column sum, read by something else
			y = SumTo(x, 1, C)
		case 10: // a sum or mean, scaled into a node of x's shape
			var s *Node
			if r.IntN(2) == 0 {
				s = Sum(x)
			} else {
				s = Mean(x)
			}
			y = Mul(x, BroadcastTo(s, R, C))
		case 11: // a column broadcast back
			if R > 1 {
				y = Add(x, BroadcastTo(SumTo(x, 1, C), R, C))
			} else {
				y = Relu(x)
			}
		default: // a chain of elementwise operations (long graphs between a product and its operand)
			y = x
			for range 5 + r.IntN(40) {
				y = Add(Relu(y), x)
			}
		}
		pool = append(pool, y)
	}
	// The loss reads a few nodes of the pool, Relu ones and the last.
	loss = Sum(Mul(pool[len(pool)-1], pool[len(pool)-1]))
	for range 1 + r.IntN(3) {
		n := pick()
		if r.IntN(2) == 0 {
			loss = Add(loss, Sum(Mul(n, Tanh(n))))
		} else {
			loss = Add(loss, Mean(Relu(n)))
		}
	}
	for range 2 {
		n := pool[len(vars)+r.IntN(len(pool)-len(vars))+0]
		if n.needs {
			inter = append(inter, n)
		}
	}
	outs = []*Node{pick(), pool[len(pool)-1]}
	return vars, loss, inter, outs
}

// bitsOf appends the float32 bits of the nodes' values.
func bitsOf(dst []uint32, ns ...*Node) []uint32 {
	for _, n := range ns {
		for _, f := range n.v32 {
			dst = append(dst, math.Float32bits(f))
		}
	}
	return dst
}

// derivatives returns the bits of: the gradient of the loss with respect
// to the Vars and to intermediate nodes; an HVP (the VJP of the
// gradient); a VJP of two non-scalar outputs (one listed twice); and,
// apart, a third-order product (the VJP of the HVP).
func (g randGraph) derivatives(threads int) (bits, third []uint32) {
	t := NewTapeOf(Float32)
	t.SetThreads(threads)
	vars, loss, inter, outs := g.build(t)
	vr := rand.New(rand.NewPCG(g.seed, 99))
	dir := func(n *Node) *Node {
		v := t.Const(Zeros(n.val.Rows, n.val.Cols))
		for i := range v.v32 {
			v.v32[i] = float32(vr.NormFloat64())
		}
		return v
	}
	gr := Grad(loss, append(append([]*Node(nil), vars...), inter...)...)
	bits = bitsOf(bits, gr...)
	gv := gr[:len(vars)]
	vs := make([]*Node, len(gv))
	for i, x := range gv {
		vs[i] = dir(x)
	}
	h := VJP(gv, vs, vars...)
	bits = bitsOf(bits, h...)
	ys := []*Node{outs[0], outs[1], outs[0]}
	w := []*Node{dir(outs[0]), dir(outs[1]), dir(outs[0])}
	// A direction the graph reads itself (a Var of the output's shape),
	// when there is one: the sweep must not fuse its gradient where a
	// reader of it comes between.
	for _, v := range vars {
		if v.val.Rows == outs[1].val.Rows && v.val.Cols == outs[1].val.Cols && vr.IntN(2) == 0 {
			w[1] = v
			break
		}
	}
	bits = bitsOf(bits, VJP(ys, w, append(append([]*Node(nil), vars...), inter...)...)...)
	us := make([]*Node, len(h))
	for i, x := range h {
		us[i] = dir(x)
	}
	return bits, bitsOf(nil, VJP(h, us, vars...)...)
}

// TestFusedSweepRandomGraphs compares the fused and the unfused sweep bit
// for bit on random graphs (gradients with respect to Vars and
// intermediate nodes, HVPs and VJPs of several outputs), on 1 and 2
// threads. Seeds 19 (a NaN sum's sign: the epilogue added C last) and 270
// (a residual Add: C was also the other product's operand, and a later
// sweep added to it in another order) failed before session 41's fixes.
// Third-order products (a sweep over a fused second sweep) are compared
// to within 1e-5 of the largest element (firstMismatch), NaN for NaN: fusion records the
// second sweep's mask and its Add of C at other places, so a third sweep
// may add some gradients in another order (seed 610 differs in the last
// bit; 7 of 4000 seeds did) — the same sums, rounded in another order.
func TestFusedSweepRandomGraphs(t *testing.T) {
	n := 300
	if testing.Short() {
		n = 60
	}
	var cases []randGraph
	for s := range n {
		cases = append(cases, randGraph{seed: uint64(s), special: s%5 == 4})
	}
	for s := range 6 {
		cases = append(cases, randGraph{seed: uint64(1000 + s), big: true})
	}
	for _, c := range cases {
		var want, want3 []uint32
		withoutFusion(func() { want, want3 = c.derivatives(1) })
		for threads := 1; threads <= 2; threads++ {
			got, got3 := c.derivatives(threads)
			if i := firstMismatch(got3, want3, 1e-5); i >= 0 {
				t.Errorf("%+v threads %d: third-order element %d: fused %g, unfused %g", c, threads, i,
					math.Float32frombits(got3[i]), math.Float32frombits(want3[i]))
			}
			if i := firstMismatch(got, want, 0); i >= 0 {
				t.Errorf("%+v threads %d: element %d: fused %#x, unfused %#x", c, threads, i, got[i], want[i])
			}
		}
	}
}

// FuzzFusedSweep is TestFusedSweepRandomGraphs over any seed: the random
// graph of seed (with special values when flags&1, dimensions around the
// split thresholds when flags&2) gives the unfused sweep's gradients,
// HVP and multi-output VJP bit for bit on 1 and 2 threads, and its
// third-order product to within 1e-5 of its largest element.
func FuzzFusedSweep(f *testing.F) {
	for _, s := range []uint64{19, 270, 610, 1535} {
		f.Add(s, uint8(0))
		f.Add(s, uint8(1))
	}
	f.Add(uint64(1000), uint8(2))
	f.Fuzz(func(t *testing.T, seed uint64, flags uint8) {
		c := randGraph{seed: seed, special: flags&1 != 0, big: flags&2 != 0}
		var want, want3 []uint32
		withoutFusion(func() { want, want3 = c.derivatives(1) })
		for threads := 1; threads <= 2; threads++ {
			got, got3 := c.derivatives(threads)
			if i := firstMismatch(got, want, 0); i >= 0 {
				t.Fatalf("%+v threads %d: element %d: fused %#x, unfused %#x", c, threads, i, got[i], want[i])
			}
			if i := firstMismatch(got3, want3, 1e-5); i >= 0 {
				t.Fatalf("%+v threads %d: third-order element %d: fused %g, unfused %g", c, threads, i,
					math.Float32frombits(got3[i]), math.Float32frombits(want3[i]))
			}
		}
	})
}

// firstMismatch returns the first index at which got and want (float32
// bits) differ, or −1; a length difference is a mismatch at the shorter
// length. With tol 0 any bit differs (NaN payloads included); otherwise
// NaN matches NaN and values match within tol of the larger of the
// element and the largest finite |want| (plus 1e-30): sums of the same
// terms in another order differ by rounding relative to the terms, which
// can be far larger than a sum that cancels.
func firstMismatch(got, want []uint32, tol float64) int {
	if len(got) != len(want) {
		return min(len(got), len(want))
	}
	scale := 0.0
	for _, w := range want {
		if b := math.Abs(float64(math.Float32frombits(w))); !math.IsInf(b, 0) && b > scale {
			scale = b
		}
	}
	for i := range want {
		if got[i] == want[i] {
			continue
		}
		a, b := float64(math.Float32frombits(got[i])), float64(math.Float32frombits(want[i]))
		if tol == 0 || !(math.IsNaN(a) && math.IsNaN(b) || math.Abs(a-b) <= tol*math.Max(math.Abs(b), scale)+1e-30) {
			return i
		}
	}
	return -1
}
