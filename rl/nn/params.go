package nn

import (
	"fmt"

	"github.com/stackel/stackel/ad"
)

// span locates one tensor inside a Params vector.
type span struct{ off, rows, cols int }

// Params is a flat vector of parameters partitioned into tensors (weight
// matrices, bias rows, log-standard-deviation rows). Networks built on a
// Params refer to its tensors by index; the zero value is an empty Params
// ready for NewMLP and friends to add tensors to.
type Params struct {
	// Data holds every tensor, one after the other, each row-major.
	Data  []float64
	spans []span
}

// Add appends a rows×cols tensor of zeros and returns its index.
func (p *Params) Add(rows, cols int) int {
	if rows <= 0 || cols <= 0 {
		panic(fmt.Sprintf("nn: Params.Add(%d, %d): dimensions must be positive", rows, cols))
	}
	p.spans = append(p.spans, span{off: len(p.Data), rows: rows, cols: cols})
	p.Data = append(p.Data, make([]float64, rows*cols)...)
	return len(p.spans) - 1
}

// Len returns the number of scalar parameters.
func (p *Params) Len() int { return len(p.Data) }

// NumTensors returns the number of tensors.
func (p *Params) NumTensors() int { return len(p.spans) }

// Tensor returns tensor i as an ad.Tensor aliasing Data.
func (p *Params) Tensor(i int) ad.Tensor {
	s := p.spans[i]
	return ad.NewTensor(s.rows, s.cols, p.Data[s.off:s.off+s.rows*s.cols])
}

// Slice returns the part of a flat vector laid out like p (such as a
// gradient) that belongs to tensor i. It panics unless flat has Len
// values.
func (p *Params) Slice(flat []float64, i int) []float64 {
	if len(flat) != len(p.Data) {
		panic(fmt.Sprintf("nn: Params.Slice of %d values for a Params of %d", len(flat), len(p.Data)))
	}
	s := p.spans[i]
	return flat[s.off : s.off+s.rows*s.cols]
}

// Slice32 is Slice for a float32 vector.
func (p *Params) Slice32(flat []float32, i int) []float32 {
	if len(flat) != len(p.Data) {
		panic(fmt.Sprintf("nn: Params.Slice32 of %d values for a Params of %d", len(flat), len(p.Data)))
	}
	s := p.spans[i]
	return flat[s.off : s.off+s.rows*s.cols]
}

// Clone returns a deep copy with the same layout (a target network's
// parameters start as a clone of the online ones).
func (p *Params) Clone() *Params {
	return &Params{Data: append([]float64(nil), p.Data...), spans: append([]span(nil), p.spans...)}
}

// SameLayout reports whether q has exactly p's tensors.
func (p *Params) SameLayout(q *Params) bool {
	if len(p.spans) != len(q.spans) {
		return false
	}
	for i := range p.spans {
		if p.spans[i] != q.spans[i] {
			return false
		}
	}
	return true
}

// Var records every tensor of p on t as a Var (values copied), so that
// gradients with respect to the parameters can be taken. On a float32
// tape the values are rounded to float32 (ad.Tape.Var), and one beyond
// float32's range (≈3.4e38) becomes ±Inf there although it is finite in
// Data: Var does not look (it is on every update's path); a caller whose
// optimiser can take Data that far checks it (rl/agent does once an
// epoch, and when an update has failed).
func (p *Params) Var(t *ad.Tape) Bound { return p.bind(t, p.Data, true) }

// Const records every tensor of p on t as a constant (no gradient flows into
// it; target networks and the frozen player of a partial derivative),
// rounded to float32 on a float32 tape as Var's are.
func (p *Params) Const(t *ad.Tape) Bound { return p.bind(t, p.Data, false) }

// ConstVec records a flat vector laid out like p (a direction v of a
// Hessian–vector product, or the solution z of a CG solve) as constants.
func (p *Params) ConstVec(t *ad.Tape, flat []float64) Bound { return p.bind(t, flat, false) }

// ConstVec32 is ConstVec for float32 values on a float32 tape (no
// conversion through float64), the nodes viewing flat rather than copying
// it (ad.Tape.View32): flat must not change while the tape still uses
// them.
func (p *Params) ConstVec32(t *ad.Tape, flat []float32) Bound {
	if len(flat) != len(p.Data) {
		panic(fmt.Sprintf("nn: binding %d values to a Params of %d", len(flat), len(p.Data)))
	}
	nodes := make([]*ad.Node, len(p.spans))
	for i, s := range p.spans {
		nodes[i] = t.View32(s.rows, s.cols, flat[s.off:s.off+s.rows*s.cols])
	}
	return Bound{Nodes: nodes, Params: p}
}

func (p *Params) bind(t *ad.Tape, flat []float64, isVar bool) Bound {
	if len(flat) != len(p.Data) {
		panic(fmt.Sprintf("nn: binding %d values to a Params of %d", len(flat), len(p.Data)))
	}
	nodes := make([]*ad.Node, len(p.spans))
	for i, s := range p.spans {
		x := ad.NewTensor(s.rows, s.cols, flat[s.off:s.off+s.rows*s.cols])
		if isVar {
			nodes[i] = t.Var(x)
		} else {
			nodes[i] = t.Const(x)
		}
	}
	return Bound{Nodes: nodes, Params: p}
}

// Bound is a Params recorded on a tape: one node per tensor, in order.
type Bound struct {
	// Nodes holds one node per tensor of Params, in order, each shaped
	// like its tensor: the tensors as recorded by Var, Const, ConstVec or
	// ConstVec32, or nodes computed from them, such as the gradient that
	// VJP takes as gs.
	Nodes []*ad.Node
	// Params is the Params the nodes stand for, whose layout the flat
	// vectors of Grad, Flatten and VJP follow.
	Params *Params
}

// Grad writes ∇y with respect to the bound parameters into the flat vector
// dst (laid out like the Params) using the first-order-only ad.Grad1.
func (b Bound) Grad(y *ad.Node, dst []float64) {
	b.Flatten(ad.Grad1(y, b.Nodes...), dst)
}

// GradNodes returns ∇y as differentiable nodes (ad.Grad), one per tensor, for
// Hessian–vector and mixed products.
func (b Bound) GradNodes(y *ad.Node) []*ad.Node { return ad.Grad(y, b.Nodes...) }

// Flatten copies per-tensor nodes shaped like the bound tensors (gradients)
// into the flat vector dst.
func (b Bound) Flatten(nodes []*ad.Node, dst []float64) {
	if len(dst) != len(b.Params.Data) || len(nodes) != len(b.Nodes) {
		panic(fmt.Sprintf("nn: Flatten of %d nodes into %d values for a Params of %d tensors, %d values",
			len(nodes), len(dst), len(b.Nodes), len(b.Params.Data)))
	}
	for i, n := range nodes {
		n.CopyTo(b.Params.Slice(dst, i))
	}
}

// Flatten32 is Flatten for nodes of a float32 tape into a float32 vector
// (no conversion through float64); a large tensor is copied on the tape's
// threads (ad.Copy32).
func (b Bound) Flatten32(nodes []*ad.Node, dst []float32) {
	if len(dst) != len(b.Params.Data) || len(nodes) != len(b.Nodes) {
		panic(fmt.Sprintf("nn: Flatten32 of %d nodes into %d values for a Params of %d tensors, %d values",
			len(nodes), len(dst), len(b.Nodes), len(b.Params.Data)))
	}
	for i, n := range nodes {
		s := b.Params.spans[i]
		ad.Copy32(n.Tape(), dst[s.off:s.off+s.rows*s.cols], n.Data32())
	}
}

// VJP writes Σᵢ ∇⟨gs[i], v[i]⟩ with respect to the bound parameters into
// dst (ad.VJP), where v is a flat vector laid out like gs's Params
// recorded as constants: the Hessian–vector product along v when gs is the
// gradient with respect to the same parameters, a mixed product
// otherwise.
func (b Bound) VJP(gs Bound, v []float64, dst []float64) {
	b.Flatten(ad.VJP(gs.Nodes, gs.Params.ConstVec(gs.Nodes[0].Tape(), v).Nodes, b.Nodes...), dst)
}

// VJP32 is VJP on a float32 tape with float32 vectors.
func (b Bound) VJP32(gs Bound, v []float32, dst []float32) {
	b.Flatten32(b.VJPNodes32(gs, v), dst)
}

// VJPNodes32 is VJP32 returning the per-tensor nodes instead of copying
// them into a flat vector (for a caller that combines several tapes'
// products); they are valid until the tape is rewound past them.
func (b Bound) VJPNodes32(gs Bound, v []float32) []*ad.Node {
	return ad.VJP(gs.Nodes, gs.Params.ConstVec32(gs.Nodes[0].Tape(), v).Nodes, b.Nodes...)
}

// Dot records Σᵢ ⟨aᵢ, bᵢ⟩ over two lists of equally shaped nodes (for
// instance a gradient and a direction), as one scalar node.
func Dot(a, b []*ad.Node) *ad.Node {
	if len(a) != len(b) || len(a) == 0 {
		panic(fmt.Sprintf("nn.Dot: %d and %d nodes", len(a), len(b)))
	}
	s := ad.Dot(a[0], b[0])
	for i := 1; i < len(a); i++ {
		s = ad.Add(s, ad.Dot(a[i], b[i]))
	}
	return s
}
