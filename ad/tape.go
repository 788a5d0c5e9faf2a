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
	tape  *Tape
	id    int
	val   Tensor
	op    op // nil for leaves
	in    []*Node
	isVar bool
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

// Value returns the node's value. The tensor aliases the node's buffer: it
// changes when a compiled Program re-runs and is recycled by Tape.Reset.
func (n *Node) Value() Tensor { return n.val }

// Scalar returns the value of a 1×1 node.
func (n *Node) Scalar() float64 {
	if n.val.Rows != 1 || n.val.Cols != 1 {
		panic(fmt.Sprintf("ad: Scalar() of a %s node (%s)", n.val.Shape(), n.opName()))
	}
	return n.val.Data[0]
}

// Data returns the node's values (row-major), aliasing its buffer.
func (n *Node) Data() []float64 { return n.val.Data }

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
type Tape struct {
	nodes  []*Node // slab of nodes, reused after Reset
	n      int     // nodes in use
	frozen bool    // a compiled Program holds the nodes
	// firstOrder is set while Grad1 builds its backward graph.
	firstOrder bool
	// scratch for Grad, reused between calls.
	grads []*Node
	reach []bool
	gs    []*Node // one vjp's results
	// gemm holds the packing buffers of matrix products.
	gemm gemmScratch
	// outs is an arena for the slices Grad returns, recycled by Reset.
	outs    []*Node
	outsLen int
}

// NewTape returns an empty tape.
func NewTape() *Tape { return &Tape{} }

// Len returns the number of nodes recorded since the last Reset.
func (t *Tape) Len() int { return t.n }

// Reset forgets every recorded node so that their storage can be reused by
// the next recording. Nodes obtained before Reset must not be used after it.
// Reset panics on a tape whose graph was compiled into a Program.
func (t *Tape) Reset() {
	if t.frozen {
		panic("ad: Reset of a tape that was compiled into a Program")
	}
	t.n = 0
	t.outsLen = 0
}

// Mark is a position on a tape, taken by Tape.Mark for Tape.Rewind.
type Mark struct{ nodes, outs int }

// Mark returns the tape's current position.
func (t *Tape) Mark() Mark { return Mark{t.n, t.outsLen} }

// Rewind forgets the nodes recorded since m was taken, so that their
// storage is reused by what is recorded next; nodes recorded before m stay
// valid. A loop that differentiates one recorded graph many times (the
// Hessian–vector products of a conjugate-gradient solve) rewinds after each
// product instead of re-recording the graph or letting the tape grow.
// Nodes (and gradient slices) obtained after m must not be used after
// Rewind.
func (t *Tape) Rewind(m Mark) {
	if t.frozen {
		panic("ad: Rewind of a tape that was compiled into a Program")
	}
	if m.nodes > t.n {
		panic(fmt.Sprintf("ad: Rewind to node %d of a tape holding %d (a mark taken before a Reset?)", m.nodes, t.n))
	}
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
		if cap(n.val.Data) >= size {
			n.val.Data = n.val.Data[:size]
		} else {
			n.val.Data = make([]float64, size)
		}
	} else {
		n = &Node{tape: t, val: Tensor{Data: make([]float64, size)}}
		t.nodes = append(t.nodes, n)
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

// Var records an input that gradients can be taken with respect to. The
// values are copied.
func (t *Tape) Var(x Tensor) *Node {
	n := t.alloc(x.Rows, x.Cols)
	copy(n.val.Data, x.Data)
	n.isVar, n.needs = true, true
	return n
}

// VarVec records a 1×n input vector.
func (t *Tape) VarVec(v ...float64) *Node {
	n := t.alloc(1, len(v))
	copy(n.val.Data, v)
	n.isVar, n.needs = true, true
	return n
}

// Const records a constant: gradients never flow into it. The values are
// copied.
func (t *Tape) Const(x Tensor) *Node {
	n := t.alloc(x.Rows, x.Cols)
	copy(n.val.Data, x.Data)
	return n
}

// Scalar records a 1×1 constant.
func (t *Tape) Scalar(v float64) *Node {
	n := t.alloc(1, 1)
	n.val.Data[0] = v
	return n
}

// Fill records a rows×cols constant with every element v.
func (t *Tape) Fill(rows, cols int, v float64) *Node {
	n := t.alloc(rows, cols)
	for i := range n.val.Data {
		n.val.Data[i] = v
	}
	return n
}

// Set overwrites the value of a Var (or Const) leaf in place, for re-running
// a compiled Program on new inputs. It panics on an operation node or a
// length mismatch.
func (n *Node) Set(data []float64) {
	if n.op != nil {
		panic(fmt.Sprintf("ad: Set on the result of %s; only leaves can be set", n.op.name()))
	}
	if len(data) != len(n.val.Data) {
		panic(fmt.Sprintf("ad: Set with %d values on a %s leaf", len(data), n.val.Shape()))
	}
	copy(n.val.Data, data)
}
