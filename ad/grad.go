package ad

import (
	"fmt"
)

// Grad returns the gradients of the scalar y with respect to each of xs,
// as nodes on y's tape with the shapes of xs. Every backward rule is
// recorded with taped operations, so the results can be differentiated
// again (Hessian–vector and mixed products). An input y does not depend on
// gets a zero gradient. Each x must depend on a Var (a Var itself, or a node
// computed from one); an x computed from others gets the gradient of y
// with respect to it, and the gradient of an earlier x includes the paths
// through it. A node listed twice gets the same gradient node twice.
func Grad(y *Node, xs ...*Node) []*Node { return grad([]*Node{y}, nil, xs, false) }

// Grad1 is Grad for first-order use only, as in a training step: it records
// the same fused backward kernels as Grad but marks every node of the
// backward graph first-order-only, so that differentiating through its
// results panics instead of silently building on them. Use Grad when the
// gradient will be differentiated again.
func Grad1(y *Node, xs ...*Node) []*Node { return grad([]*Node{y}, nil, xs, true) }

// VJP returns the vector–Jacobian products Σᵢ ∇ₓ⟨ys[i], vs[i]⟩ with respect
// to each of xs, where vs[i] has the shape of ys[i] (⟨·,·⟩ sums over all
// elements). It is Grad of the scalar Σᵢ Dot(ys[i], vs[i]) without
// recording that scalar: the backward sweep starts from vs[i] at ys[i]
// instead of from 1 at the sum, which gives the same numbers (the sum's
// backward rule would multiply each vs[i] by 1) without its two passes
// over every element. Hessian–vector products of a network with many
// parameter tensors are VJP(Grad(f, xs...), vs, xs...). Like Grad, the
// results can be differentiated again.
func VJP(ys, vs []*Node, xs ...*Node) []*Node {
	if len(ys) != len(vs) || len(ys) == 0 {
		panic(fmt.Sprintf("ad.VJP: %d outputs and %d directions", len(ys), len(vs)))
	}
	for i, y := range ys {
		if vs[i].val.Rows != y.val.Rows || vs[i].val.Cols != y.val.Cols {
			panic(fmt.Sprintf("ad.VJP: output %d is %s, its direction %s", i, y.val.Shape(), vs[i].val.Shape()))
		}
		if vs[i].tape != y.tape {
			panic(fmt.Sprintf("ad.VJP: direction %d is recorded on another tape", i))
		}
	}
	return grad(ys, vs, xs, false)
}

// grad runs the backward sweep from the nodes ys, seeded with vs (ones
// for a single scalar y when vs is nil), to xs.
func grad(ys, vs []*Node, xs []*Node, first bool) []*Node {
	if vs == nil {
		checkScalar("Grad", ys[0])
	}
	y := ys[0]
	for _, yi := range ys[1:] {
		if yi.id > y.id {
			y = yi
		}
	}
	t := y.tape
	lo := y.id
	for _, yi := range ys {
		if yi.tape != t {
			panic("ad.VJP: outputs recorded on different tapes")
		}
	}
	for i, x := range xs {
		if x.tape != t {
			panic(fmt.Sprintf("ad.Grad: argument %d is recorded on another tape", i))
		}
		if !x.needs {
			panic(fmt.Sprintf("ad.Grad: argument %d (%s %s) depends on no Var", i, x.opName(), x.val.Shape()))
		}
		lo = min(lo, x.id)
	}
	// An x recorded after every y (y = x₀ itself, say, differentiated
	// with respect to x₀ and a later x₁) cannot reach y; its slot must
	// still exist so it is marked and gets its zero gradient below.
	size := y.id + 1
	for _, x := range xs {
		size = max(size, x.id+1)
	}
	if cap(t.reach) < size {
		t.reach = make([]bool, size)
		t.grads = make([]*Node, size)
		t.fused = make([]uint8, size)
	}
	reach, grads := t.reach[:size], t.grads[:size]
	clear(reach[lo:])
	clear(grads[lo:])
	clear(t.fused[lo:size])
	for _, x := range xs {
		reach[x.id] = true
	}
	// Forward sweep: which nodes depend on some x.
	for id := lo; id <= y.id; id++ {
		nd := t.nodes[id]
		if reach[id] || !nd.needs {
			continue
		}
		for _, in := range nd.in {
			if in.id >= lo && reach[in.id] {
				reach[id] = true
				break
			}
		}
	}
	out := t.nodeSlice(len(xs))
	// An output recorded before lo (before every x, so depending on none)
	// is not reached; its slots of reach and grads were not cleared above
	// and may hold a previous sweep's entries.
	seeded := false
	for _, yi := range ys {
		seeded = seeded || (yi.id >= lo && reach[yi.id])
	}
	if seeded {
		prev := t.firstOrder
		t.firstOrder = first
		defer func() { t.firstOrder = prev }()
		if vs == nil {
			grads[y.id] = t.Scalar(1)
		}
		for i, yi := range ys {
			switch {
			case vs == nil || yi.id < lo || !reach[yi.id]:
			case grads[yi.id] == nil:
				grads[yi.id] = vs[i]
			default:
				grads[yi.id] = Add(grads[yi.id], vs[i])
			}
		}
		sw := sweep{t: t, lo: lo, xs: xs, fuse: fuseSweeps && t.dtype == Float32, grads: grads, reach: reach}
		for id := y.id; id >= lo; id-- {
			g := grads[id]
			nd := t.nodes[id]
			if g == nil || !reach[id] || nd.op == nil || !inputReached(nd, lo, reach) {
				continue
			}
			if nd.firstOrder {
				panic(fmt.Sprintf("ad.Grad: differentiating through %s, a first-order-only gradient from Grad1; use Grad for higher derivatives", nd.op.name()))
			}
			if t.fused[id]&rowAdded != 0 { // a fused product added its gradient already
				continue
			}
			k := len(nd.in)
			if cap(t.gs) < k {
				t.gs = make([]*Node, k)
			}
			gs := t.gs[:k]
			clear(gs)
			// Inputs that lead to no x are marked for the rules that can
			// skip their products (the products' rules, the only readers
			// of vjpSkip): such a gradient would be computed and then
			// dropped below. On a float32 tape a product's gradients are
			// fused with what the sweep adds to them next (fuse.go); a
			// node whose gradient such a product has masked already
			// passes it on as it is, and a column sum whose gradient it
			// added was skipped above.
			_, isMM := nd.op.(*matMulOp)
			fop, isFused := nd.op.(*fusedOp)
			premasked := t.fused[id]&masked != 0
			replaced := 0 // bit i: gs[i] holds the accumulated gradient (a fused sum)
			switch {
			case isMM || isFused:
				t.vjpSkip = 0
				for i, in := range nd.in[:2] {
					if in.needs && (in.id < lo || !reach[in.id]) {
						t.vjpSkip |= 1 << i
					}
				}
				if sw.fuse {
					gp := g // the gradient through the fused mask, if any
					if isFused && fop.mask && !premasked {
						gp = newPair(opReluGrad, g, nd.in[fop.x])
					}
					if isFused {
						// r and C take theirs first, and the products
						// then read C's operand's gradient with it.
						fop.vjpRest(nd, gp, gs)
						sw.accumulateRest(nd, fop, gs)
					}
					replaced = sw.productVJP(nd, gp, gs)
				} else {
					nd.op.vjp(nd, g, gs)
					if isFused {
						sw.accumulateRest(nd, fop, gs)
					}
				}
				t.vjpSkip = 0
			case premasked: // a Relu or ReluGrad whose gradient was masked by the product before
				gs[0] = g
			default:
				nd.op.vjp(nd, g, gs)
			}
			for i, gi := range gs {
				sw.accumulate(nd, i, gi, replaced&(1<<i) != 0)
			}
		}
		for i, x := range xs {
			out[i] = grads[x.id]
		}
	}
	for i, x := range xs {
		if out[i] == nil {
			out[i] = t.Fill(x.val.Rows, x.val.Cols, 0)
		}
	}
	return out
}

// accumulateRest adds the gradients in gs of the fused product nd's row r
// and sum C to theirs, r's first, and clears them from gs: the unfused
// graph's broadcast and Add, recorded after the product, pass theirs
// before the product's rule does.
func (s *sweep) accumulateRest(nd *Node, f *fusedOp, gs []*Node) {
	for _, i := range [2]int{f.rowIn, f.accIn} {
		if i >= 0 {
			s.accumulate(nd, i, gs[i], false)
			gs[i] = nil
		}
	}
}

// accumulate adds gi, the gradient the rule of nd gave its input i, to
// that input's gradient in grads (replace: gi includes it already).
func (s *sweep) accumulate(nd *Node, i int, gi *Node, replace bool) {
	in := nd.in[i]
	if gi == nil || in.id < s.lo || !s.reach[in.id] {
		return
	}
	if gi.val.Rows != in.val.Rows || gi.val.Cols != in.val.Cols {
		panic(fmt.Sprintf("ad: backward rule of %s gave a %s gradient for a %s input %d",
			nd.op.name(), gi.val.Shape(), in.val.Shape(), i))
	}
	if s.grads[in.id] == nil || replace {
		s.grads[in.id] = gi
	} else {
		s.grads[in.id] = Add(s.grads[in.id], gi)
	}
}

// inputReached reports whether some input of nd leads to an x of the
// sweep (reach, valid from lo on). A node reached only because it is
// itself an x (Grad with respect to an intermediate result) has none: its
// backward rule would record gradients that are all dropped, and on a
// node of Grad1 the sweep would refuse to go through it though it goes no
// further.
func inputReached(nd *Node, lo int, reach []bool) bool {
	for _, in := range nd.in {
		if in.id >= lo && reach[in.id] {
			return true
		}
	}
	return false
}

// HVP returns the Hessian–vector product ∇²ₓ y · v, built as
// ∇ₓ(∇ₓy · v). v has the shape of x and must not depend on x (it panics
// otherwise): for a v computed from x, ∇ₓ(∇ₓy · v) adds (∂v/∂x)ᵀ∇ₓy to
// the product (v = ∇ₓy gave 2∇²ₓy·∇ₓy). Pass such a v's values as a Const.
func HVP(y, x, v *Node) *Node {
	checkScalar("HVP", y)
	checkDirection("HVP", "x", -1, x, v)
	checkIndependent("HVP", "v", -1, "x", -1, v, x)
	g := Grad(y, x)[0]
	return Grad(Dot(g, v), x)[0]
}

// MixedVP returns the mixed product ∇ₓᵧ f · z = ∇ₓ(∇ᵧ f · z), the term of
// the implicit total derivative (e.g. Eq. 3 of the Hi-C paper). z has the
// shape of y and must not depend on x (it panics otherwise, as HVP does
// for a direction computed from x); the result has the shape of x.
func MixedVP(f, x, y, z *Node) *Node {
	checkScalar("MixedVP", f)
	checkDirection("MixedVP", "y", -1, y, z)
	checkIndependent("MixedVP", "z", -1, "x", -1, z, x)
	g := Grad(f, y)[0]
	return Grad(Dot(g, z), x)[0]
}

// Jacobian returns the dense m×n Jacobian of the m elements of ys (in
// row-major order) with respect to the concatenated elements of xs.
func Jacobian(ys *Node, xs ...*Node) Tensor {
	n := 0
	for _, x := range xs {
		n += x.val.Size()
	}
	m := ys.val.Size()
	J := Zeros(m, n)
	for i := 0; i < m; i++ {
		yi := Index(ys, i)
		if !yi.needs {
			continue
		}
		gs := Grad(yi, xs...)
		off := 0
		for _, g := range gs {
			g.CopyTo(J.Data[i*n+off : i*n+off+g.val.Size()])
			off += g.val.Size()
		}
	}
	return J
}

// Hessian returns the dense Hessian of the scalar y with respect to the
// concatenated elements of xs, computed by differentiating the gradient
// again (0×0 for no xs).
func Hessian(y *Node, xs ...*Node) Tensor {
	checkScalar("Hessian", y)
	if len(xs) == 0 {
		return Tensor{}
	}
	gs := Grad(y, xs...)
	flat := make([]*Node, len(gs))
	for i, g := range gs {
		flat[i] = Reshape(g, 1, g.val.Size())
	}
	all := flat[0]
	if len(flat) > 1 {
		all = ConcatCols(flat...)
	}
	return Jacobian(all, xs...)
}

// HVPMulti returns the Hessian–vector products of y with respect to the
// joint input (x₁, …, xₖ) along (v₁, …, vₖ): entry i is
// Σⱼ ∇²_{xᵢxⱼ} y · vⱼ, built as ∇ₓ(Σⱼ ∇_{xⱼ}y · vⱼ). vs[i] has the shape of
// xs[i] and depends on no xs[j] (it panics otherwise, as HVP does). Use it
// for a network whose parameters are several tensors. For no xs it returns
// no products, as Grad does.
func HVPMulti(y *Node, xs, vs []*Node) []*Node {
	checkScalar("HVPMulti", y)
	if len(xs) != len(vs) {
		panic(fmt.Sprintf("ad.HVPMulti: %d inputs but %d directions", len(xs), len(vs)))
	}
	for i, x := range xs {
		checkDirection("HVPMulti", "input", i, x, vs[i])
	}
	for i, v := range vs {
		for j, x := range xs {
			checkIndependent("HVPMulti", "direction", i, "input", j, v, x)
		}
	}
	if len(xs) == 0 {
		return Grad(y)
	}
	gs := Grad(y, xs...)
	var gv *Node
	for i, g := range gs {
		d := Dot(g, vs[i])
		if gv == nil {
			gv = d
		} else {
			gv = Add(gv, d)
		}
	}
	return Grad(gv, xs...)
}

// checkDirection panics unless the direction v has the shape of x, named
// what (followed by i when i ≥ 0) in the message of operation opName. It
// formats nothing unless it panics.
func checkDirection(opName, what string, i int, x, v *Node) {
	if v.val.Rows != x.val.Rows || v.val.Cols != x.val.Cols {
		if i >= 0 {
			what = fmt.Sprintf("%s %d", what, i)
		}
		panic(fmt.Sprintf("ad.%s: %s is %s, its direction %s", opName, what, x.val.Shape(), v.val.Shape()))
	}
}

// checkIndependent panics when the direction v (named vName, followed by
// vi when vi ≥ 0) depends on x (xName, xi) through differentiable
// operations, as the backward sweep from v would reach x: the product
// built as ∇ₓ(g · v) would then hold a term of v's derivative besides the
// second derivative asked for. A leaf v other than x, and any v recorded
// before x, are independent at once; otherwise the nodes from x to v are
// marked in the tape's scratch as Grad marks them. An x that depends on
// no Var is left to Grad, whose error names that mistake.
func checkIndependent(opName, vName string, vi int, xName string, xi int, v, x *Node) {
	if !x.needs || v != x && (v.op == nil || !v.needs || v.id < x.id || v.tape != x.tape) {
		return
	}
	if v != x && !dependsOn(v, x) {
		return
	}
	if vi >= 0 {
		vName = fmt.Sprintf("%s %d", vName, vi)
	}
	if xi >= 0 {
		xName = fmt.Sprintf("%s %d", xName, xi)
	}
	panic(fmt.Sprintf("ad.%s: %s depends on %s, so the product would not be a second derivative times %s; pass its values as a Const",
		opName, vName, xName, vName))
}

// dependsOn reports whether v, recorded after x on its tape, depends on x
// through operations that pass gradients (Grad's forward sweep), using the
// tape's scratch.
func dependsOn(v, x *Node) bool {
	t := v.tape
	size := v.id + 1
	if cap(t.reach) < size {
		t.reach = make([]bool, size)
		t.grads = make([]*Node, size)
		t.fused = make([]uint8, size)
	}
	reach := t.reach[:size]
	clear(reach[x.id:])
	reach[x.id] = true
	for id := x.id + 1; id <= v.id; id++ {
		nd := t.nodes[id]
		if !nd.needs {
			continue
		}
		for _, in := range nd.in {
			if in.id >= x.id && reach[in.id] {
				reach[id] = true
				break
			}
		}
	}
	return reach[v.id]
}
