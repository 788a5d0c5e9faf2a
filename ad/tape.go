package ad

import (
	"fmt"
)

// op is one kind of taped operation.
type op interface {
	// name identifies the operation in panics and errors.
	name() string
	// forward computes the value of n from its inputs into n.val, whose
	// shape is already set. It must not allocate when called again with
	// inputs of the same shapes (compiled replay relies on it).
	forward(n *Node)
	// vjp stores in gs[i], for each input i of n that carries a gradient,
	// the gradient contribution given the gradient g of the result, built
	// from taped operations so that it can be differentiated again. gs has
	// len(n.in) entries, all nil on entry; a nil entry means an exact zero.
	// An operation without a rule for some input must panic, never leave a
	// silent zero.
	vjp(n, g *Node, gs []*Node)
}

// params are an operation's constant parameters, stored in the node rather
// than in the op value so that recording an operation boxes nothing (the op
// values are shared singletons).
type params struct {
	f0, f1 float64
	i0, i1 int
}

// Node is a value recorded on a Tape: an input (Var), a constant (Const) or
// the result of an operation.
type Node struct {
	tape *Tape
	id   int
	// val holds the shape and, on a float64 tape, the values. On a float32
	// tape the values are in v32 and val.Data is a float64 copy made on
	// demand by Data, Value and Scalar.
	val Tensor
	v32 []float32
	// owned32 keeps the node's own float32 buffer while v32 views a
	// caller's values (View32); alloc takes it back.
	owned32 []float32
	op      op // nil for leaves
	in      []*Node
	isVar   bool
	// is32 caches tape.dtype == Float32 (fixed for the tape's life), so that
	// an operation's dtype dispatch reads the node it already has.
	is32 bool
	// small64 marks a float64 node too small for an elementwise operation
	// to be split over threads (fewer than parMinElems values): its forward
	// runs the loop directly, after one test.
	small64 bool
	// needs reports that the value depends on some Var, so it can carry a
	// gradient.
	needs bool
	// firstOrder marks nodes of a first-order-only gradient (Grad1); taking
	// a gradient through them panics.
	firstOrder bool
	// p holds the operation's constant parameters.
	p params
	// fbuf and ibuf are scratch owned by the operation (an LU factor, pivots),
	// kept with the node so that Reset and compiled replay reuse them.
	fbuf []float64
	ibuf []int
}

// Value returns the node's value. On a float64 tape the tensor aliases the
// node's buffer: it changes when a compiled Program re-runs and is recycled
// by Tape.Reset. On a float32 tape it is a float64 copy of the values at
// the time of the call (its buffer reused by the next call).
func (n *Node) Value() Tensor {
	n.Data()
	return n.val
}

// Scalar returns the value of a 1×1 node.
func (n *Node) Scalar() float64 {
	if n.val.Rows != 1 || n.val.Cols != 1 {
		panic(fmt.Sprintf("ad: Scalar() of a %s node (%s)", n.val.Shape(), n.opName()))
	}
	if n.f32() {
		return float64(n.v32[0])
	}
	return n.val.Data[0]
}

// Data returns the node's values (row-major). On a float64 tape it aliases
// the node's buffer; on a float32 tape it is a float64 copy made at the
// call (see Value). CopyTo reads the values without keeping a copy.
func (n *Node) Data() []float64 {
	if n.f32() {
		size := len(n.v32)
		if cap(n.val.Data) < size {
			n.val.Data = make([]float64, size)
		}
		n.val.Data = n.val.Data[:size]
		convert(n.val.Data, n.v32)
	}
	return n.val.Data
}

// Data32 returns the values of a node on a float32 tape, aliasing its
// buffer. It panics on a float64 tape.
func (n *Node) Data32() []float32 {
	if !n.f32() {
		panic(fmt.Sprintf("ad: Data32 of a node on a float64 tape (%s)", n.opName()))
	}
	return n.v32
}

// CopyTo writes the node's values (row-major, widened to float64 on a
// float32 tape) into dst, which must have the node's size.
func (n *Node) CopyTo(dst []float64) {
	if len(dst) != n.val.Size() {
		panic(fmt.Sprintf("ad: CopyTo of a %s node into %d values", n.val.Shape(), len(dst)))
	}
	if n.f32() {
		parConvert(n.tape, dst, n.v32)
		return
	}
	copy(dst, n.val.Data)
}

// Rows returns the number of rows of the value.
func (n *Node) Rows() int { return n.val.Rows }

// Cols returns the number of columns of the value.
func (n *Node) Cols() int { return n.val.Cols }

// Tape returns the tape the node is recorded on.
func (n *Node) Tape() *Tape { return n.tape }

func (n *Node) opName() string {
	switch {
	case n.op != nil:
		return n.op.name()
	case n.isVar:
		return "var"
	default:
		return "const"
	}
}

// Tape records operations in the order they run. The zero value is not
// usable; call NewTape.
//
// A Tape and its nodes are not safe for concurrent use: recording, Grad,
// SetThreads, Reset and Rewind mutate the tape, and even reading a float32
// node's values (Data, Value) writes its float64 copy. Nothing detects
// such use; give each goroutine its own tape (separate tapes may run at
// once and share the package's pool of helper goroutines).
type Tape struct {
	dtype  DType
	nodes  []*Node // slab of nodes, reused after Reset
	n      int     // nodes in use
	frozen bool    // a compiled Program holds the nodes
	// firstOrder is set while Grad1 builds its backward graph.
	firstOrder bool
	// scratch for Grad, reused between calls.
	grads []*Node
	reach []bool
	gs    []*Node // one vjp's results
	// fused marks (fuse.go) nodes whose gradient a fused product of the
	// sweep has masked already, and SumTo nodes whose gradient it added.
	fused []uint8
	// vjpSkip marks (bit i) the inputs of the node whose vjp is running
	// whose gradient Grad will drop: they lead to none of its xs.
	vjpSkip uint64
	// gemm and gemm32 hold the packing buffers of matrix products.
	gemm   gemmScratch[float64]
	gemm32 gemmScratch[float32]
	// threads is the number of goroutines a large matrix product is split
	// over (by blocks of rows or columns of the result, so that the
	// numbers do not depend on it); par holds their packing buffers.
	threads int
	par     []gemmScratch[float64]
	par32   []gemmScratch[float32]
	// outs is an arena for the slices Grad returns, recycled by Reset.
	outs    []*Node
	outsLen int
	// resets counts the calls of Reset (a Mark taken before one is stale).
	resets uint64
	// marks is the stack of live Marks since the last Reset, oldest first:
	// Mark pushes (unless the top is at the current position), Rewind(m)
	// pops every mark taken after m, and a Mark is live while the entry at
	// its depth is still its own (checked in O(1)). markSeq numbers the
	// marks, never reused, so that an entry names one mark.
	marks   []markEntry
	markSeq uint64
}

// markEntry is a live Mark on a tape's stack.
type markEntry struct {
	seq         uint64
	nodes, outs int
}

// NewTape returns an empty float64 tape.
func NewTape() *Tape { return &Tape{} }

// NewTapeOf returns an empty tape computing in dtype d.
func NewTapeOf(d DType) *Tape {
	if d != Float64 && d != Float32 {
		panic(fmt.Sprintf("ad.NewTapeOf: unknown %v", d))
	}
	return &Tape{dtype: d}
}

// DType returns the element type of the tape's values.
func (t *Tape) DType() DType { return t.dtype }

// SetThreads lets the tape split each large matrix product over up to n
// goroutines (n ≤ 1: one). The split is by blocks of rows or columns of the
// result, each computed exactly as a single thread would, so results are
// identical for every n.
func (t *Tape) SetThreads(n int) { t.threads = max(n, 1) }

// Threads returns the tape's thread count (see SetThreads).
func (t *Tape) Threads() int { return max(t.threads, 1) }

// Len returns the number of nodes recorded since the last Reset.
func (t *Tape) Len() int { return t.n }

// Reset forgets every recorded node so that their storage can be reused by
// the next recording. Nodes obtained before Reset must not be used after it,
// nor the slices Grad, VJP and HVPMulti returned: the next ones reuse their
// storage, so an old slice silently holds the new results.
// Reset panics on a tape whose graph was compiled into a Program.
func (t *Tape) Reset() {
	if t.frozen {
		panic("ad: Reset of a tape that was compiled into a Program")
	}
	t.n = 0
	t.outsLen = 0
	t.resets++
	t.marks = t.marks[:0]
}

// Mark is a position on a tape, taken by Tape.Mark for Tape.Rewind.
type Mark struct {
	nodes, outs int
	tape        *Tape
	resets      uint64 // the tape's Reset count when the mark was taken
	depth       int    // the mark's index in the tape's stack of live marks
	seq         uint64 // its number there
}

// Mark returns the tape's current position. Marks nest: a Mark stays
// valid until a Reset, or a Rewind to a Mark taken before it.
func (t *Tape) Mark() Mark {
	if k := len(t.marks) - 1; k >= 0 && t.marks[k].nodes == t.n && t.marks[k].outs == t.outsLen {
		// Nothing recorded since the top mark: rewinding to either does the
		// same, so they are one mark (a loop taking a Mark at each pass
		// without Rewind does not grow the stack).
		return Mark{t.n, t.outsLen, t, t.resets, k, t.marks[k].seq}
	}
	t.markSeq++
	t.marks = append(t.marks, markEntry{t.markSeq, t.n, t.outsLen})
	return Mark{t.n, t.outsLen, t, t.resets, len(t.marks) - 1, t.markSeq}
}

// Rewind forgets the nodes recorded since m was taken, so that their
// storage is reused by what is recorded next; nodes recorded before m stay
// valid. A loop that differentiates one recorded graph many times (the
// Hessian–vector products of a conjugate-gradient solve) rewinds after each
// product instead of re-recording the graph or letting the tape grow.
// Nodes (and gradient slices) obtained after m must not be used after
// Rewind. Rewind(m) can be repeated as often as wanted, but it invalidates
// every Mark taken after m (their positions then name other nodes and
// slices). It panics when m was taken on another tape, on this one before
// its last Reset, or before a Rewind to a Mark taken before m.
func (t *Tape) Rewind(m Mark) {
	if t.frozen {
		panic("ad: Rewind of a tape that was compiled into a Program")
	}
	if m.tape != t {
		panic("ad: Rewind to a Mark of another tape")
	}
	if m.resets != t.resets {
		panic("ad: Rewind to a Mark taken before the tape's last Reset")
	}
	if m.depth >= len(t.marks) || t.marks[m.depth].seq != m.seq {
		panic("ad: Rewind to a Mark invalidated by a Rewind to an earlier Mark")
	}
	if m.nodes > t.n {
		// Unreachable while only Reset and Rewind shorten the tape.
		panic(fmt.Sprintf("ad: Rewind to node %d of a tape holding %d", m.nodes, t.n))
	}
	t.marks = t.marks[:m.depth+1]
	t.n = m.nodes
	t.outsLen = min(m.outs, t.outsLen)
}

// nodeSlice returns a slice of k nil nodes that stays valid until Reset.
func (t *Tape) nodeSlice(k int) []*Node {
	if t.outsLen+k > len(t.outs) {
		// Start a new arena; slices handed out earlier keep the old one.
		t.outs = make([]*Node, max(2*len(t.outs), k, 16))
		t.outsLen = 0
	}
	s := t.outs[t.outsLen : t.outsLen+k : t.outsLen+k]
	t.outsLen += k
	clear(s)
	return s
}

// newNode takes a node from the slab, shaped rows×cols, with the given op
// and inputs, and computes its value.
func (t *Tape) newNode(o op, rows, cols int, in ...*Node) *Node {
	n := t.record(o, rows, cols, in)
	o.forward(n)
	return n
}

// newNodeP is newNode for an operation with constant parameters.
func (t *Tape) newNodeP(o op, p params, rows, cols int, in ...*Node) *Node {
	n := t.record(o, rows, cols, in)
	n.p = p
	o.forward(n)
	return n
}

func (t *Tape) record(o op, rows, cols int, in []*Node) *Node {
	// A result's shape can overflow though every operand's fits: Pad or
	// Scatter to a huge shape, or MatMul of an m×0 by a 0×n.
	if !sizeFits(rows, cols) {
		panic(sizeMsg(o.name(), rows, cols))
	}
	n := t.alloc(rows, cols)
	n.op = o
	n.in = append(n.in[:0], in...)
	for _, x := range in {
		if x.tape != t {
			panic(fmt.Sprintf("ad.%s: operands recorded on different tapes", o.name()))
		}
		if x.needs {
			n.needs = true
		}
	}
	n.firstOrder = t.firstOrder
	return n
}

func (t *Tape) alloc(rows, cols int) *Node {
	if t.frozen {
		panic("ad: recording on a tape that was compiled into a Program")
	}
	size := rows * cols
	var n *Node
	if t.n < len(t.nodes) {
		n = t.nodes[t.n]
	} else {
		n = &Node{tape: t, is32: t.dtype == Float32}
		t.nodes = append(t.nodes, n)
	}
	if n.is32 {
		if n.owned32 != nil { // the slot held a View32: never write there
			n.v32, n.owned32 = n.owned32, nil
		}
		if cap(n.v32) >= size {
			n.v32 = n.v32[:size]
		} else {
			n.v32 = make([]float32, size)
		}
		n.val.Data = n.val.Data[:0]
	} else {
		if cap(n.val.Data) >= size {
			n.val.Data = n.val.Data[:size]
		} else {
			n.val.Data = make([]float64, size)
		}
		n.small64 = size < parMinElems // never set on a float32 node
	}
	n.id = t.n
	t.n++
	n.val.Rows, n.val.Cols = rows, cols
	n.op = nil
	n.in = n.in[:0]
	n.isVar, n.needs, n.firstOrder = false, false, false
	n.p = params{}
	return n
}

// checkLeafTensor panics unless x holds exactly Rows·Cols values with Rows and
// Cols ≥ 0: a shorter Data left the rest of a recycled buffer holding the
// previous recording's values (a longer one was cut silently).
func checkLeafTensor(opName string, x Tensor) {
	checkSize(opName, x.Rows, x.Cols)
	if x.Rows < 0 || x.Cols < 0 || len(x.Data) != x.Rows*x.Cols {
		panic(fmt.Sprintf("ad.%s: a %dx%d tensor holding %d values", opName, x.Rows, x.Cols, len(x.Data)))
	}
}

// Var records an input that gradients can be taken with respect to. The
// values are copied (rounded to float32 on a float32 tape). It panics
// unless len(x.Data) = x.Rows·x.Cols.
func (t *Tape) Var(x Tensor) *Node {
	checkLeafTensor("Var", x)
	n := t.alloc(x.Rows, x.Cols)
	n.setVals(x.Data)
	n.isVar, n.needs = true, true
	return n
}

// VarVec records a 1×n input vector.
func (t *Tape) VarVec(v ...float64) *Node {
	n := t.alloc(1, len(v))
	n.setVals(v)
	n.isVar, n.needs = true, true
	return n
}

// Const records a constant: gradients never flow into it. The values are
// copied (rounded to float32 on a float32 tape). It panics unless
// len(x.Data) = x.Rows·x.Cols.
func (t *Tape) Const(x Tensor) *Node {
	checkLeafTensor("Const", x)
	n := t.alloc(x.Rows, x.Cols)
	n.setVals(x.Data)
	return n
}

// Scalar records a 1×1 constant.
func (t *Tape) Scalar(v float64) *Node {
	return t.Fill(1, 1, v)
}

// Fill records a rows×cols constant with every element v. It panics on a
// negative dimension or a shape of more elements than an int counts.
func (t *Tape) Fill(rows, cols int, v float64) *Node {
	if rows < 0 || cols < 0 {
		panic(fmt.Sprintf("ad.Fill: a %dx%d constant", rows, cols))
	}
	checkSize("Fill", rows, cols)
	n := t.alloc(rows, cols)
	if t.dtype == Float32 {
		fill(n.v32, float32(v))
	} else {
		fill(n.val.Data, v)
	}
	return n
}

func fill[T float](d []T, v T) {
	for i := range d {
		d[i] = v
	}
}

// Set overwrites the value of a Var (or Const) leaf in place, for re-running
// a compiled Program on new inputs. It panics on an operation node or a
// length mismatch.
func (n *Node) Set(data []float64) {
	if n.op != nil {
		panic(fmt.Sprintf("ad: Set on the result of %s; only leaves can be set", n.op.name()))
	}
	if n.owned32 != nil {
		panic("ad: Set on a View32 leaf, whose values are the caller's")
	}
	if n.is32 {
		if len(data) != len(n.v32) {
			panic(fmt.Sprintf("ad: Set with %d values on a %s leaf", len(data), n.val.Shape()))
		}
		convert(n.v32, data)
		return
	}
	if len(data) != len(n.val.Data) {
		panic(fmt.Sprintf("ad: Set with %d values on a %s leaf", len(data), n.val.Shape()))
	}
	copy(n.val.Data, data)
}
