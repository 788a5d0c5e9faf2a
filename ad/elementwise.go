package ad

import (
	"fmt"
	"math"
)

// binKind names an elementwise binary function.
type binKind uint8

const (
	kAdd binKind = iota
	kSub
	kMul
	kDiv
	kPow
	kMax
	kMin
	kGreater
	kGreaterEq
	kLess
	kLessEq
)

// apply evaluates one element of kind k (the slow path; the common kinds
// have their own loops in binVV, binVS and binSV).
func apply[T float](k binKind, x, y T) T {
	switch k {
	case kAdd:
		return x + y
	case kSub:
		return x - y
	case kMul:
		return x * y
	case kDiv:
		return x / y
	case kPow:
		return T(math.Pow(float64(x), float64(y)))
	case kMax: // the builtins: a NaN gives NaN (math.Max(NaN, +Inf) is +Inf)
		return max(x, y)
	case kMin:
		return min(x, y)
	case kGreater:
		return b2f[T](x > y)
	case kGreaterEq:
		return b2f[T](x >= y)
	case kLess:
		return b2f[T](x < y)
	case kLessEq:
		return b2f[T](x <= y)
	}
	panic("ad: unknown elementwise kind")
}

func b2f[T float](b bool) T {
	if b {
		return 1
	}
	return 0
}

// binVV does d[i] = a[i] k b[i].
func binVV[T float](k binKind, d, a, b []T) {
	a, b = a[:len(d)], b[:len(d)]
	switch k {
	case kAdd:
		for i := range d {
			d[i] = a[i] + b[i]
		}
	case kSub:
		for i := range d {
			d[i] = a[i] - b[i]
		}
	case kMul:
		for i := range d {
			d[i] = a[i] * b[i]
		}
	case kDiv:
		for i := range d {
			d[i] = a[i] / b[i]
		}
	default:
		for i := range d {
			d[i] = apply(k, a[i], b[i])
		}
	}
}

// binVVvec is binVV with the leading whole vectors in the AVX2 kernels
// (vecBinary) where the CPU has them; callers use it from 8 elements on, so
// that the tiny operations of small games keep binVV's plain loop.
func binVVvec[T float](k binKind, d, a, b []T) {
	i := vecBinary(k, d, a, b)
	binVV(k, d[i:], a[i:len(d)], b[i:len(d)])
}

// binVS does d[i] = a[i] k y.
func binVS[T float](k binKind, d, a []T, y T) {
	a = a[:len(d)]
	switch k {
	case kAdd:
		for i := range d {
			d[i] = a[i] + y
		}
	case kSub:
		for i := range d {
			d[i] = a[i] - y
		}
	case kMul:
		for i := range d {
			d[i] = a[i] * y
		}
	case kDiv:
		for i := range d {
			d[i] = a[i] / y
		}
	default:
		for i := range d {
			d[i] = apply(k, a[i], y)
		}
	}
}

// binSV does d[i] = x k b[i].
func binSV[T float](k binKind, d []T, x T, b []T) {
	b = b[:len(d)]
	switch k {
	case kAdd:
		for i := range d {
			d[i] = x + b[i]
		}
	case kSub:
		for i := range d {
			d[i] = x - b[i]
		}
	case kMul:
		for i := range d {
			d[i] = x * b[i]
		}
	case kDiv:
		for i := range d {
			d[i] = x / b[i]
		}
	default:
		for i := range d {
			d[i] = apply(k, x, b[i])
		}
	}
}

// binaryLoop applies k elementwise over a and b broadcast to out's shape.
func binaryLoop[T float](k binKind, out, a, b *dmat[T]) {
	od, ad, bd := out.Data, a.Data, b.Data
	switch {
	case len(ad) == len(od) && len(bd) == len(od):
		if len(od) >= 8 {
			binVVvec(k, od, ad, bd)
		} else {
			binVV(k, od, ad, bd)
		}
	case len(bd) == 1 && len(ad) == len(od):
		binVS(k, od, ad, bd[0])
	case len(ad) == 1 && len(bd) == len(od):
		binSV(k, od, ad[0], bd)
	default: // rows or columns broadcast: one call per row
		c := out.Cols
		if k == kAdd && out.Rows > 1 && c >= 8 { // a bias row added to a batch: one loop
			switch {
			case b.Rows == 1 && len(bd) == c && len(ad) == len(od):
				if vecAddRows(od, ad, bd, out.Rows, c) {
					return
				}
			case a.Rows == 1 && len(ad) == c && len(bd) == len(od):
				if vecAddRows(od, bd, ad, out.Rows, c) { // r + b = b + r
					return
				}
			}
		}
		for i := 0; i < out.Rows; i++ {
			d := od[i*c : (i+1)*c]
			ar, br := rowOf(a, out, i), rowOf(b, out, i)
			switch {
			case len(ar) == c && len(br) == c && c >= 8:
				binVVvec(k, d, ar, br)
			case len(ar) == c && len(br) == c:
				binVV(k, d, ar, br)
			case len(ar) == c:
				binVS(k, d, ar, br[0])
			default:
				binSV(k, d, ar[0], br)
			}
		}
	}
}

// binaryOp is an elementwise operation on two broadcastable operands.
type binaryOp struct {
	nm   string
	kind binKind
}

func (o *binaryOp) name() string { return o.nm }
func (o *binaryOp) forward(n *Node) {
	// The float64 operation of a small game is a few instructions: go
	// straight to the loop.
	if n.small64 {
		binaryLoop(o.kind, tensorMat(&n.val), tensorMat(&n.in[0].val), tensorMat(&n.in[1].val))
		return
	}
	binaryForward(o.kind, n)
}

// binaryForward computes an elementwise binary node in its tape's dtype.
func binaryForward(k binKind, n *Node) {
	if n.f32() {
		binaryForward32(k, n)
		return
	}
	// The float64 values are read in place through the nodes' Tensors, and
	// the unsplit path calls the loop directly: on small tapes this call
	// chain is the cost of an operation.
	out, a, b := tensorMat(&n.val), tensorMat(&n.in[0].val), tensorMat(&n.in[1].val)
	if !binarySplits(n.tape, out.Rows, len(out.Data)) {
		binaryLoop(k, out, a, b)
		return
	}
	binarySplit(k, n)
}

// binaryForward32 is binaryForward's float32 path, a function of its own so
// that its matrix views do not weigh on the float64 path's frame.
func binaryForward32(k binKind, n *Node) {
	o, x, y := view[float32](n), view[float32](n.in[0]), view[float32](n.in[1])
	binaryPar(k, n, &o, &x, &y)
}

// binarySplits reports that a binary operation with a result of rows rows
// and size elements is split by blocks of rows over the tape's threads.
func binarySplits(t *Tape, rows, size int) bool { return rows >= 2 && splits(t, size) }

// binaryPar runs binaryLoop, split by blocks of rows over the tape's
// threads when the result is large. It takes pointers so that the common,
// unsplit path copies no matrix headers.
func binaryPar[T float](k binKind, n *Node, out, a, b *dmat[T]) {
	if !binarySplits(n.tape, out.Rows, len(out.Data)) {
		binaryLoop(k, out, a, b)
		return
	}
	binarySplit(k, n)
}

// binarySplit computes the binary node n by blocks of rows over its
// tape's threads: the result is large (binarySplits), though the count of
// its rows is below ParallelFor's threshold. Each block reads the node
// again (binaryRows), so that the split allocates nothing.
func binarySplit(k binKind, n *Node) {
	f := binaryRows64
	if n.is32 {
		f = binaryRows32
	}
	splitNode(n.tape.Threads(), n.val.Rows, 1, f, n, int(k))
}

// binaryRows32 and binaryRows64 compute rows [lo, hi) of the binary node n
// of kind k (splitNode's form).
func binaryRows32(n *Node, k, lo, hi int) { binaryRows[float32](n, binKind(k), lo, hi) }
func binaryRows64(n *Node, k, lo, hi int) { binaryRows[float64](n, binKind(k), lo, hi) }

func binaryRows[T float](n *Node, k binKind, lo, hi int) {
	out, a, b := view[T](n), view[T](n.in[0]), view[T](n.in[1])
	o, x, y := rowsOf(&out, &out, lo, hi), rowsOf(&a, &out, lo, hi), rowsOf(&b, &out, lo, hi)
	binaryLoop(k, &o, &x, &y)
}

// rowsOf returns rows [lo, hi) of t read as if broadcast to out's shape
// (all of t when its rows broadcast).
func rowsOf[T float](t, out *dmat[T], lo, hi int) dmat[T] {
	if t.Rows == 1 && out.Rows != 1 {
		return *t
	}
	return dmat[T]{Rows: hi - lo, Cols: t.Cols, Data: t.Data[lo*t.Cols : hi*t.Cols]}
}
func (o *binaryOp) vjp(n, g *Node, gs []*Node) {
	a, b := n.in[0], n.in[1]
	da, db := a.needs, b.needs
	switch o.kind {
	case kAdd:
		if da {
			gs[0] = unbroadcast(g, a)
		}
		if db {
			gs[1] = unbroadcast(g, b)
		}
	case kSub:
		if da {
			gs[0] = unbroadcast(g, a)
		}
		if db {
			gs[1] = unbroadcast(Neg(g), b)
		}
	case kMul:
		if da {
			gs[0] = unbroadcast(Mul(g, b), a)
		}
		if db {
			gs[1] = unbroadcast(Mul(g, a), b)
		}
	case kDiv:
		if da {
			gs[0] = unbroadcast(Div(g, b), a)
		}
		if db { // d(a/b)/db = −a/b² = −(a/b)/b
			gs[1] = unbroadcast(Neg(Div(Mul(g, n), b)), b)
		}
	case kPow:
		if da { // d(a^b)/da = b·a^(b−1)
			gs[0] = unbroadcast(Mul(g, Mul(b, Pow(a, AddScalar(b, -1)))), a)
		}
		if db { // d(a^b)/db = a^b·ln a
			// At a = 0 < b, a^b = 0 for every exponent near b, so the
			// derivative is 0, not 0·ln 0 = 0·(−Inf) = NaN: ln a is taken
			// of 1 there instead (taped, so the rule differentiates again
			// without a NaN from the unselected branch). Elsewhere the
			// selection passes a through unchanged, bit for bit.
			z := a.tape.Scalar(0)
			at0 := Mul(Mul(GreaterEq(a, z), LessEq(a, z)), Greater(b, z))
			gs[1] = unbroadcast(Mul(g, Mul(n, Log(Where(at0, a.tape.Scalar(1), a)))), b)
		}
	case kMax: // ties go to a
		if da {
			gs[0] = unbroadcast(Mul(g, GreaterEq(a, b)), a)
		}
		if db {
			gs[1] = unbroadcast(Mul(g, Less(a, b)), b)
		}
	case kMin: // ties go to a
		if da {
			gs[0] = unbroadcast(Mul(g, LessEq(a, b)), a)
		}
		if db {
			gs[1] = unbroadcast(Mul(g, Greater(a, b)), b)
		}
	default:
		panic("ad: no derivative rule for " + o.nm)
	}
}

var (
	opAdd     = &binaryOp{"Add", kAdd}
	opSub     = &binaryOp{"Sub", kSub}
	opMul     = &binaryOp{"Mul", kMul}
	opDiv     = &binaryOp{"Div", kDiv}
	opPow     = &binaryOp{"Pow", kPow}
	opMaximum = &binaryOp{"Maximum", kMax}
	opMinimum = &binaryOp{"Minimum", kMin}
)

func newBinary(o *binaryOp, a, b *Node) *Node {
	r, c := broadcastShape(o.nm, a, b)
	return a.tape.newNode(o, r, c, a, b)
}

// Add returns a + b elementwise (scalars, rows and columns broadcast).
func Add(a, b *Node) *Node { return newBinary(opAdd, a, b) }

// Sub returns a − b elementwise, broadcasting.
func Sub(a, b *Node) *Node { return newBinary(opSub, a, b) }

// Mul returns a ⊙ b elementwise, broadcasting.
func Mul(a, b *Node) *Node { return newBinary(opMul, a, b) }

// Div returns a / b elementwise, broadcasting.
func Div(a, b *Node) *Node { return newBinary(opDiv, a, b) }

// Pow returns a^b elementwise, broadcasting. The derivative in b, a^b·ln a,
// is defined for a > 0 and is 0 at a = 0 where b > 0 (a^b = 0 for every
// exponent near b); at a = 0 where b ≤ 0, a^b jumps from 1 (b = 0) or is
// +Inf (b < 0), there is no finite derivative and the rule gives
// a^b·ln 0 = −Inf. The derivative in a, b·a^(b−1), is NaN at
// a = 0 where b = 0 (and the second at a = 0 where b = 1): for a constant
// exponent use PowConst, whose derivatives are exact there.
func Pow(a, b *Node) *Node { return newBinary(opPow, a, b) }

// Maximum returns max(a, b) elementwise, broadcasting (NaN where either is
// NaN); at ties the gradient goes to a. Where either is NaN neither
// receives a gradient (both masks compare false): the derivative is 0, not
// NaN.
func Maximum(a, b *Node) *Node { return newBinary(opMaximum, a, b) }

// Minimum returns min(a, b) elementwise, broadcasting (NaN where either is
// NaN); at ties the gradient goes to a. Where either is NaN neither
// receives a gradient (0, not NaN), as for Maximum.
func Minimum(a, b *Node) *Node { return newBinary(opMinimum, a, b) }

// maskOp is a comparison producing 1 where it holds and 0 elsewhere. Its
// derivative is zero almost everywhere, which is exact, not an omission.
type maskOp struct {
	nm   string
	kind binKind
}

func (m *maskOp) name() string               { return m.nm }
func (m *maskOp) forward(n *Node)            { binaryForward(m.kind, n) }
func (m *maskOp) vjp(n, g *Node, gs []*Node) {}

var (
	opGreater   = &maskOp{"Greater", kGreater}
	opGreaterEq = &maskOp{"GreaterEq", kGreaterEq}
	opLess      = &maskOp{"Less", kLess}
	opLessEq    = &maskOp{"LessEq", kLessEq}
)

func newMask(o *maskOp, a, b *Node) *Node {
	r, c := broadcastShape(o.nm, a, b)
	n := a.tape.newNode(o, r, c, a, b)
	n.needs = false // piecewise constant: no gradient flows through a mask
	return n
}

// Greater returns 1 where a > b and 0 elsewhere, broadcasting (derivative
// zero a.e.).
func Greater(a, b *Node) *Node { return newMask(opGreater, a, b) }

// GreaterEq returns 1 where a ≥ b and 0 elsewhere, broadcasting.
func GreaterEq(a, b *Node) *Node { return newMask(opGreaterEq, a, b) }

// Less returns 1 where a < b and 0 elsewhere, broadcasting.
func Less(a, b *Node) *Node { return newMask(opLess, a, b) }

// LessEq returns 1 where a ≤ b and 0 elsewhere, broadcasting.
func LessEq(a, b *Node) *Node { return newMask(opLessEq, a, b) }

// whereOp selects a where cond ≠ 0, b elsewhere, all three broadcast to the
// result's shape.
type whereOp struct{}

var opWhere = &whereOp{}

func (*whereOp) name() string { return "Where" }
func (*whereOp) forward(n *Node) {
	if n.f32() {
		whereForward[float32](n)
	} else {
		whereForward[float64](n)
	}
}

func whereForward[T float](n *Node) {
	cv, av, bv, ov := view[T](n.in[0]), view[T](n.in[1]), view[T](n.in[2]), view[T](n)
	c, a, b, out := &cv, &av, &bv, &ov
	if len(c.Data) == len(out.Data) && len(a.Data) == len(out.Data) && len(b.Data) == len(out.Data) {
		cd, ad, bd := c.Data, a.Data[:len(c.Data)], b.Data[:len(c.Data)]
		for i, ci := range cd {
			if ci != 0 {
				out.Data[i] = ad[i]
			} else {
				out.Data[i] = bd[i]
			}
		}
		return
	}
	crs, ccs := stride(c, out)
	ars, acs := stride(a, out)
	brs, bcs := stride(b, out)
	k := 0
	for i := 0; i < out.Rows; i++ {
		for j := 0; j < out.Cols; j++ {
			if c.Data[i*crs+j*ccs] != 0 {
				out.Data[k] = a.Data[i*ars+j*acs]
			} else {
				out.Data[k] = b.Data[i*brs+j*bcs]
			}
			k++
		}
	}
}
func (*whereOp) vjp(n, g *Node, gs []*Node) {
	c, a, b := n.in[0], n.in[1], n.in[2]
	if !a.needs && !b.needs {
		return
	}
	zero := g.tape.Scalar(0)
	if a.needs {
		gs[1] = unbroadcast(Where(c, g, zero), a)
	}
	if b.needs {
		gs[2] = unbroadcast(Where(c, zero, g), b)
	}
}

// Where returns a where cond ≠ 0 and b elsewhere. The three operands
// broadcast (scalars, rows and columns) to a common shape. No gradient
// flows into cond.
func Where(cond, a, b *Node) *Node {
	r, ok1 := bdim(a.val.Rows, b.val.Rows)
	c, ok2 := bdim(a.val.Cols, b.val.Cols)
	var ok3, ok4 bool
	r, ok3 = bdim(r, cond.val.Rows)
	c, ok4 = bdim(c, cond.val.Cols)
	if !ok1 || !ok2 || !ok3 || !ok4 {
		panic(fmt.Sprintf("ad.Where: shapes cond %s, a %s, b %s do not broadcast", cond.val.Shape(), a.val.Shape(), b.val.Shape()))
	}
	return a.tape.newNode(opWhere, r, c, cond, a, b)
}

// affineOp computes x·mul + add with constants (mul = p.f0, add = p.f1).
type affineOp struct{}

var opAffine = &affineOp{}

func (*affineOp) name() string { return "Affine" }
func (*affineOp) forward(n *Node) {
	if n.small64 {
		affineLoop(n.val.Data, n.in[0].val.Data, n.p.f0, n.p.f1)
		return
	}
	if n.f32() {
		affineForward32(n)
		return
	}
	// float64: the unsplit path runs the (inlined) loop here, without the
	// generic affinePar call, which on small tapes is the cost of the op.
	d, x := n.val.Data, n.in[0].val.Data
	if !splits(n.tape, len(d)) {
		affineLoop(d, x, n.p.f0, n.p.f1)
		return
	}
	affineSplit(n.tape, d, x, n.p.f0, n.p.f1)
}

// affineForward32 is affineOp.forward's float32 path.
func affineForward32(n *Node) {
	affinePar(n.tape, vals[float32](n), vals[float32](n.in[0]), float32(n.p.f0), float32(n.p.f1))
}

// affinePar runs affineLoop, split over the tape's threads when d is
// large; it is small enough to be inlined into forward.
func affinePar[T float](t *Tape, d, x []T, mul, add T) {
	if !splits(t, len(d)) {
		affineLoop(d, x, mul, add)
		return
	}
	affineSplit(t, d, x, mul, add)
}

// affineSplit is affinePar's split path (a function of its own so that the
// closure stays off the common path).
func affineSplit[T float](t *Tape, d, x []T, mul, add T) {
	parFor(t, len(d), 8, func(lo, hi int) { affineLoop(d[lo:hi], x[lo:hi], mul, add) })
}

// affineLoop does d[i] = x[i]·mul + add.
func affineLoop[T float](d, x []T, mul, add T) {
	x = x[:len(d)]
	switch {
	case add == 0:
		for i := range d {
			d[i] = x[i] * mul
		}
	case mul == 1:
		for i := range d {
			d[i] = x[i] + add
		}
	default:
		for i := range d {
			d[i] = x[i]*mul + add
		}
	}
}
func (*affineOp) vjp(n, g *Node, gs []*Node) {
	if n.p.f0 == 1 {
		gs[0] = g
	} else {
		gs[0] = Scale(g, n.p.f0)
	}
}

func affine(x *Node, mul, add float64) *Node {
	return x.tape.newNodeP(opAffine, params{f0: mul, f1: add}, x.val.Rows, x.val.Cols, x)
}

// AddScalar returns x + c elementwise.
func AddScalar(x *Node, c float64) *Node { return affine(x, 1, c) }

// Scale returns c·x elementwise.
func Scale(x *Node, c float64) *Node { return affine(x, c, 0) }

// Neg returns −x.
func Neg(x *Node) *Node { return affine(x, -1, 0) }

// RSub returns c − x elementwise.
func RSub(c float64, x *Node) *Node { return affine(x, -1, c) }

// clampOp limits values to [lo, hi] = [p.f0, p.f1].
type clampOp struct{}

var opClamp = &clampOp{}

func (*clampOp) name() string { return "Clamp" }
func (*clampOp) forward(n *Node) {
	if n.f32() {
		clampLoop(vals[float32](n), vals[float32](n.in[0]), n.p.f0, n.p.f1)
	} else {
		clampLoop(vals[float64](n), vals[float64](n.in[0]), n.p.f0, n.p.f1)
	}
}

func clampLoop[T float](d, x []T, lo, hi float64) {
	for i := range d {
		d[i] = T(math.Min(math.Max(float64(x[i]), lo), hi))
	}
}
func (*clampOp) vjp(n, g *Node, gs []*Node) {
	gs[0] = Mul(g, inRange(n.in[0], n.p.f0, n.p.f1))
}

// inRangeOp is 1 where lo ≤ x ≤ hi and 0 elsewhere (derivative zero a.e.).
type inRangeOp struct{}

var opInRange = &inRangeOp{}

func (*inRangeOp) name() string { return "InRange" }
func (*inRangeOp) forward(n *Node) {
	if n.f32() {
		inRangeLoop(vals[float32](n), vals[float32](n.in[0]), n.p.f0, n.p.f1)
	} else {
		inRangeLoop(vals[float64](n), vals[float64](n.in[0]), n.p.f0, n.p.f1)
	}
}

func inRangeLoop[T float](d, x []T, lo, hi float64) {
	for i := range d {
		d[i] = b2f[T](float64(x[i]) >= lo && float64(x[i]) <= hi)
	}
}
func (*inRangeOp) vjp(n, g *Node, gs []*Node) {}

func inRange(x *Node, lo, hi float64) *Node {
	n := x.tape.newNodeP(opInRange, params{f0: lo, f1: hi}, x.val.Rows, x.val.Cols, x)
	n.needs = false
	return n
}

// Clamp limits x to [lo, hi] elementwise; the gradient is passed where
// lo ≤ x ≤ hi and zero outside, NaN included (the value there is NaN, its
// derivative 0). It panics unless lo ≤ hi (a NaN bound
// included, which made every value NaN).
func Clamp(x *Node, lo, hi float64) *Node {
	if !(lo <= hi) {
		panic(fmt.Sprintf("ad.Clamp: need lo ≤ hi, got lo %g, hi %g", lo, hi))
	}
	return x.tape.newNodeP(opClamp, params{f0: lo, f1: hi}, x.val.Rows, x.val.Cols, x)
}
