package ad

// Fused products of the backward sweep.
//
// A float32 backward sweep (grad) would record, after a matrix product
// that contributes to a node's gradient, the elementwise operations that
// take that product up: the addition to the gradient accumulated so far,
// the addition of a bias row's gradient (the backward rule of SumTo: a row
// broadcast down the batch, then added), and, once the gradient is whole,
// the ReluGrad mask that the backward rule of a Relu (or of a ReluGrad)
// puts on it. Each reads and writes a whole batch-sized matrix (100×256
// in the agents' critics) that the product has just written. The sweep
// records instead one fusedOp node,
//
//	F = mask_x((op(A)·op(B) + C) + r)
//
// whose product applies the additions and the mask to each block of
// columns as it stores it (epilogue), on the core that computed the
// block, while the block is still in its cache. The sums and the mask are
// the separate operations' own float32 operations in their order (C + P
// with C first, as Add(C, P): when both are NaN the sum is C's NaN), so
// the numbers are those of the unfused graph (TestFusedSweepSameBits,
// TestFusedSweepRandomGraphs; a third sweep over a fused second one can
// add some sums in another order, a last-bit difference). A Hessian–vector
// product of the critic of STDDPG on Pendulum-v1 records 18 operations
// instead of 34 and takes ≈ 10 % less time, on one thread as on two
// (BenchmarkFusedSweep).

import "fmt"

// fusedOp is op(A)·op(B) followed by its epilogue: + C (acc, C shaped as
// the product), + r (row, r a 1×n row added to every row) and the
// ReluGrad mask of x (mask: every element where x ≤ 0, or x is NaN, set
// to +0). Its inputs are A, B, then C, r and x where present.
type fusedOp struct {
	mm              *matMulOp
	acc, row, mask  bool
	nm              string
	accIn, rowIn, x int // input indices of C, r and x (−1 when absent)
}

// fusedOps holds one fusedOp per transposition variant (as opMatMul) and
// epilogue (bit 0 acc, bit 1 row, bit 2 mask).
var fusedOps [4][8]*fusedOp

func init() {
	for v := range fusedOps {
		for e := 1; e < 8; e++ {
			f := &fusedOp{mm: opMatMul[v], acc: e&1 != 0, row: e&2 != 0, mask: e&4 != 0, accIn: -1, rowIn: -1, x: -1}
			k := 2
			f.nm = "MatMul"
			if f.acc {
				f.accIn, k = k, k+1
				f.nm += "+Add"
			}
			if f.row {
				f.rowIn, k = k, k+1
				f.nm += "+Row"
			}
			if f.mask {
				f.x = k
				f.nm += "+ReluGrad"
			}
			fusedOps[v][e] = f
		}
	}
}

func (f *fusedOp) name() string { return f.nm }

func (f *fusedOp) forward(n *Node) {
	if n.f32() {
		if !matMulForward[float32](f.mm, n) {
			epilogueAll[float32](n)
		}
		return
	}
	if !matMulForward[float64](f.mm, n) {
		epilogueAll[float64](n)
	}
}

// vjp is the product's rule applied to gp, the gradient through the mask
// (ReluGrad(g, x)); C gets gp, r its column sums, x nothing (the mask is
// piecewise constant). A fusing sweep computes gp and the product's part
// itself (fused in turn) and calls vjpRest.
func (f *fusedOp) vjp(n, g *Node, gs []*Node) {
	gp := g
	if f.mask {
		gp = newPair(opReluGrad, g, n.in[f.x])
	}
	f.mm.vjp(n, gp, gs)
	f.vjpRest(n, gp, gs)
}

// vjpRest sets the gradients of the epilogue's operands C and r.
func (f *fusedOp) vjpRest(n, gp *Node, gs []*Node) {
	if f.acc && n.in[f.accIn].needs {
		gs[f.accIn] = gp
	}
	if f.row && n.in[f.rowIn].needs {
		gs[f.rowIn] = SumTo(gp, 1, gp.val.Cols)
	}
}

// mmOf returns the product of a matMulOp or fusedOp node.
func mmOf(n *Node) *matMulOp {
	if f, ok := n.op.(*fusedOp); ok {
		return f.mm
	}
	return n.op.(*matMulOp)
}

// epilogue applies the fused node n's epilogue to rows [r0, r1) and
// columns [c0, c1) of its value, which hold the product; a plain product
// has none.
func epilogue[T float](n *Node, r0, r1, c0, c1 int) {
	f, ok := n.op.(*fusedOp)
	if !ok || r0 >= r1 || c0 >= c1 {
		return
	}
	cols := n.val.Cols
	out := vals[T](n)
	var acc, row, x []T
	if f.acc {
		acc = vals[T](n.in[f.accIn])
	}
	if f.row {
		row = vals[T](n.in[f.rowIn])[c0:c1]
	}
	if f.mask {
		x = vals[T](n.in[f.x])
	}
	if is32[T]() {
		// The whole vectors of each row in one call.
		c := epilogueVec32(f32s(out), f32s(acc), f32s(row), f32s(x), cols, r0, r1, c0, c1)
		if row != nil {
			row = row[c-c0:]
		}
		c0 = c
		if c0 == c1 {
			return
		}
	}
	for i := r0; i < r1; i++ {
		d := out[i*cols+c0 : i*cols+c1]
		if acc != nil {
			accInto(d, acc[i*cols+c0:i*cols+c1])
		}
		if row != nil {
			addInto(d, row)
		}
		if x != nil {
			reluGradLoop(d, d, x[i*cols+c0:i*cols+c1])
		}
	}
}

// accInto sets d[i] = c[i] + d[i], as binaryLoop computes Add(C, P):
// the accumulated gradient first, as the unfused sweep's Add(grads, P)
// has it (the sum is the same either way but for the NaN it returns when
// both are NaN: the first operand's).
func accInto[T float](d, c []T) {
	if len(d) >= 8 {
		binVVvec(kAdd, d, c, d)
	} else {
		binVV(kAdd, d, c, d)
	}
}

// addInto sets d[i] += s[i], as binaryLoop's Add computes it.
func addInto[T float](d, s []T) {
	if len(d) >= 8 {
		binVVvec(kAdd, d, d, s)
	} else {
		binVV(kAdd, d, d, s)
	}
}

// epilogueAll applies the fused node n's epilogue to all of its value, by
// blocks of rows over the tape's threads when it is large (the products
// that matMulForward computes other than by parGemm: thin, small or BLAS).
func epilogueAll[T float](n *Node) {
	rows := n.val.Rows
	if rows >= 2 && splits(n.tape, len(vals[T](n))) {
		f := epilogueRows64
		if is32[T]() {
			f = epilogueRows32
		}
		splitNode(n.tape.Threads(), rows, 1, f, n, 0)
		return
	}
	epilogue[T](n, 0, rows, 0, n.val.Cols)
}

// epilogueRows32 and epilogueRows64 apply rows [lo, hi) of the epilogue
// (splitNode's form).
func epilogueRows32(n *Node, _, lo, hi int) { epilogue[float32](n, lo, hi, 0, n.val.Cols) }
func epilogueRows64(n *Node, _, lo, hi int) { epilogue[float64](n, lo, hi, 0, n.val.Cols) }

// recordFused records op(a)·op(b) with the epilogue given by acc, row and
// x (each nil when absent) without computing it.
func recordFused(a, b *Node, ta, tb bool, acc, row, x *Node) *Node {
	p := matMulRecord(a, b, ta, tb)
	e := 0
	in := p.in
	if acc != nil {
		e |= 1
		in = append(in, acc)
	}
	if row != nil {
		e |= 2
		in = append(in, row)
	}
	if x != nil {
		e |= 4
		in = append(in, x)
	}
	if e == 0 {
		return p
	}
	for _, y := range in[2:] {
		if y.val.Cols != p.val.Cols || (y.val.Rows != p.val.Rows && y != row) || (y == row && y.val.Rows != 1) {
			panic(fmt.Sprintf("ad: fused product %s with a %s operand", p.val.Shape(), y.val.Shape()))
		}
		if y.needs {
			p.needs = true
		}
	}
	v := 0
	if ta {
		v += 2
	}
	if tb {
		v++
	}
	p.op = fusedOps[v][e]
	p.in = in
	return p
}

// Marks of Tape.fused, set by a sweep's fused products.
const (
	// masked: the node's gradient in the sweep is already masked by the
	// ReluGrad its backward rule begins with (a Relu, a ReluGrad, a fused
	// product with a mask).
	masked uint8 = 1 << iota
	// rowAdded: the gradient this SumTo node passes to its input (a row
	// broadcast down the rows) was added by a fused product already.
	rowAdded
)

// fuseSweeps switches the fusion on (tests compare it with the unfused
// sweep).
var fuseSweeps = true

// lookMax bounds how far back from a product node the sweep looks for
// the remaining contributions to its operands' gradients.
const lookMax = 64

// sweep is the state a backward sweep's fusion reads.
type sweep struct {
	t     *Tape
	lo    int
	xs    []*Node
	fuse  bool
	grads []*Node
	reach []bool
}

// productVJP records and computes the gradients of the product (or fused
// product) node nd with respect to its operands A and B given its masked
// gradient gp, as matMulOp.vjp does, each fused with what the sweep adds
// to it next (fusedTarget); bit i of replaced is set when gs[i] includes
// the gradient accumulated so far for operand i.
func (s *sweep) productVJP(nd, gp *Node, gs []*Node) (replaced int) {
	mm := mmOf(nd)
	if nd.in[0] == nd.in[1] { // both gradients go to one node, in order: no fusion
		mm.vjp(nd, gp, gs)
		return 0
	}
	da, db := mm.needed(nd)
	ga, gb := mm.gradArgs(nd, gp)
	var p, q *Node
	if da {
		// A's accumulated gradient is added after both products in the
		// unfused sweep, B's product among them: a later sweep adds
		// what it passes to it after what it passes to B's product's
		// operands, which it could not if one of them were that sum.
		var later *matMulArgs
		if db {
			later = &gb
		}
		p = s.fusedTarget(nd, nd.in[0], ga, later)
		if accumulates(p) {
			replaced |= 1
		}
	}
	if db {
		q = s.fusedTarget(nd, nd.in[1], gb, nil)
		if accumulates(q) {
			replaced |= 2
		}
	}
	switch {
	case da && db:
		computePair(p, q)
	case da:
		p.op.forward(p)
	case db:
		q.op.forward(q)
	}
	gs[0], gs[1] = p, q
	return replaced
}

// accumulates reports that the recorded product n adds the gradient
// accumulated before it.
func accumulates(n *Node) bool {
	f, ok := n.op.(*fusedOp)
	return ok && f.acc
}

// fusedTarget records, without computing it, the product args, the
// gradient that the product node nd passes to its operand target, fused
// with: the gradient of target accumulated so far (C); the bias-row
// gradient of a SumTo of target that the sweep would add next (r); and,
// when nothing else will add to target's gradient, the mask that
// target's backward rule begins with (x). It marks what it took over in
// the tape's fused marks. later, when not nil, is the other product of
// nd's rule, which the unfused sweep records before it adds C: C is not
// fused when that product reads it.
//
// A later sweep through the fused node passes C and r their gradients
// where the unfused sweep's Add and broadcast would (grad accumulates
// them before the product's: r, C, then the product's operands), so
// their sums keep their order, unless a node the unfused sweep records
// between the product and that Add (later's product) or that broadcast
// (the rules of the nodes between rowSrc and nd) reads them too: C and
// r are fused only when none does.
func (s *sweep) fusedTarget(nd, target *Node, args matMulArgs, later *matMulArgs) *Node {
	t := s.t
	acc := s.grads[target.id]
	if acc != nil && later != nil && (later.a == acc || later.b == acc) {
		// Not fused: the sweep adds the product to C itself, and
		// neither r nor the mask can come before that.
		return recordFused(args.a, args.b, args.ta, args.tb, nil, nil, nil)
	}
	last, rowSrc := s.lookahead(nd, target)
	var row, x *Node
	if rowSrc != nil {
		if s.readBetween(s.grads[rowSrc.id], rowSrc, nd) {
			last = false // the column sum still adds r to target's gradient later
		} else {
			row = s.grads[rowSrc.id]
			t.fused[rowSrc.id] |= rowAdded
		}
	}
	if last {
		if x = s.maskSource(target); x != nil {
			t.fused[target.id] |= masked
		}
	}
	return recordFused(args.a, args.b, args.ta, args.tb, acc, row, x)
}

// lookahead reports whether the gradient that nd now passes to target
// completes target's gradient (no node the sweep reaches after nd adds to
// it), and the column-sum node whose gradient (a bias row's) the sweep
// would add to target's next, if any, when that is known now. It looks at
// the nodes recorded between target and nd, at most lookMax of them, and
// answers "not last" when unsure.
func (s *sweep) lookahead(nd, target *Node) (last bool, rowSrc *Node) {
	if nd.id-target.id > lookMax || target.id < s.lo {
		return false, nil
	}
	t := s.t
	for j := nd.id - 1; j > target.id; j-- {
		c := t.nodes[j]
		if !consumes(c, target) {
			continue
		}
		if !s.settled(c, nd.id) { // its gradient may still grow
			return false, rowSrc
		}
		if s.grads[c.id] == nil || !s.reach[c.id] || c.op == nil || t.fused[c.id]&rowAdded != 0 {
			continue // it adds nothing
		}
		if rowSrc == nil && isColSum(c, target) {
			rowSrc = c
			continue
		}
		return false, rowSrc
	}
	return true, rowSrc
}

// readBetween reports whether r, the gradient of the column sum c, may
// be read by a node that the unfused sweep records after the product nd's
// rule and before c's: a rule of a node in (c, nd) (which reads its
// gradient, its operands and itself), nd's own (its operands) or the
// Adds of its products to its operands' gradients. A node
// in (c, nd) whose gradient is not r now cannot get r later: only a rule
// that passes its own gradient on gives r to another node.
func (s *sweep) readBetween(r, c, nd *Node) bool {
	if consumes(nd, r) {
		return true
	}
	for _, in := range nd.in[:2] { // the Adds of the two products' gradients
		if in.id >= s.lo && s.grads[in.id] == r {
			return true
		}
	}
	for j := c.id + 1; j < nd.id; j++ {
		n := s.t.nodes[j]
		if n == r || s.grads[j] == r || consumes(n, r) {
			return true
		}
	}
	return false
}

// settled reports that no node in (c.id, upto] reads c: the sweep, at
// upto, has then added every gradient c will get.
func (s *sweep) settled(c *Node, upto int) bool {
	for j := c.id + 1; j <= upto; j++ {
		if consumes(s.t.nodes[j], c) {
			return false
		}
	}
	return true
}

// consumes reports whether x is an operand of n.
func consumes(n, x *Node) bool {
	for _, in := range n.in {
		if in == x {
			return true
		}
	}
	return false
}

// isColSum reports whether c sums the rows of target into one row (a
// bias row's gradient; its backward rule broadcasts its gradient down
// target's rows).
func isColSum(c, target *Node) bool {
	return c.op == opSumTo && c.in[0] == target && c.val.Rows == 1 && target.val.Rows > 1 && c.val.Cols == target.val.Cols
}

// maskSource returns the x of the ReluGrad mask that target's backward
// rule puts on its gradient first (target a Relu, a ReluGrad or a fused
// product with a mask), or nil; never for a node whose gradient the sweep
// returns (one of its xs).
func (s *sweep) maskSource(target *Node) *Node {
	for _, x := range s.xs {
		if x == target {
			return nil
		}
	}
	switch op := target.op.(type) {
	case *unaryOp:
		if op == opRelu {
			return target.in[0]
		}
	case *pairOp:
		if op == opReluGrad && target.in[0].needs {
			return target.in[1]
		}
	case *fusedOp:
		if op.mask {
			return target.in[op.x]
		}
	}
	return nil
}
