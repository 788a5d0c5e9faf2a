package ad

import "fmt"

// broadcastShape returns the shape of an elementwise result of a and b: each
// dimension must be equal or 1 in one of them (scalars, rows and columns
// broadcast).
func broadcastShape(opName string, a, b *Node) (int, int) {
	r, ok1 := bdim(a.val.Rows, b.val.Rows)
	c, ok2 := bdim(a.val.Cols, b.val.Cols)
	if !ok1 || !ok2 {
		panic(fmt.Sprintf("ad.%s: shapes %s and %s do not broadcast", opName, a.val.Shape(), b.val.Shape()))
	}
	return r, c
}

func bdim(a, b int) (int, bool) {
	switch {
	case a == b:
		return a, true
	case a == 1:
		return b, true
	case b == 1:
		return a, true
	}
	return 0, false
}

// rowOf returns row i of t read as if broadcast to out (t's single row when
// its rows broadcast). The slice has t.Cols elements: out.Cols, or 1 when
// t's columns broadcast.
func rowOf[T float](t, out *dmat[T], i int) []T {
	if t.Rows == 1 && out.Rows != 1 {
		return t.Data[:t.Cols]
	}
	return t.Data[i*t.Cols : (i+1)*t.Cols]
}

// stride returns the row and column strides of t read as if broadcast to
// out's shape (0 along a broadcast dimension).
func stride[T float](t, out *dmat[T]) (int, int) {
	rs, cs := t.Cols, 1
	if t.Rows == 1 && out.Rows != 1 {
		rs = 0
	}
	if t.Cols == 1 && out.Cols != 1 {
		cs = 0
	}
	return rs, cs
}

// sumToOp reduces its input by summation to a smaller broadcastable shape
// (the adjoint of broadcasting).
type sumToOp struct{}

var opSumTo = &sumToOp{}

func (*sumToOp) name() string { return "SumTo" }
func (*sumToOp) forward(n *Node) {
	if n.f32() {
		sumToForward[float32](n)
	} else {
		sumToForward[float64](n)
	}
}

func sumToForward[T float](n *Node) {
	xv := view[T](n.in[0])
	x := &xv
	out := vals[T](n)
	switch {
	case len(out) == 1: // sum of all
		out[0] = sumSlice(x.Data)
	case n.val.Rows == 1 && n.val.Cols == x.Cols: // column sums
		if x.Rows >= 2 && splits(n.tape, len(x.Data)) {
			// By blocks of columns (each column summed alone, the
			// same numbers for any thread count).
			colSumsSplit(n)
			return
		}
		colSums(out, x, 0, x.Cols)
	case n.val.Cols == 1 && n.val.Rows == x.Rows: // row sums
		for i := range out {
			out[i] = sumSlice(x.Data[i*x.Cols : (i+1)*x.Cols])
		}
	default:
		panic("ad.SumTo: unreachable shape " + x.Shape() + " to " + n.val.Shape())
	}
}

// colSumsSplit computes the column sums node n by blocks of columns over
// its tape's threads (each block reading the node again, so that the
// split allocates nothing).
func colSumsSplit(n *Node) {
	f, width := colSumsNode64, vecWidth[float64]()
	if n.is32 {
		f, width = colSumsNode32, vecWidth[float32]()
	}
	splitNode(n.tape.Threads(), n.val.Cols, width, f, n, 0)
}

// colSumsNode32 and colSumsNode64 compute columns [lo, hi) of the column
// sums node n (splitNode's form).
func colSumsNode32(n *Node, _, lo, hi int) {
	x := view[float32](n.in[0])
	colSums(vals[float32](n), &x, lo, hi)
}

func colSumsNode64(n *Node, _, lo, hi int) {
	x := view[float64](n.in[0])
	colSums(vals[float64](n), &x, lo, hi)
}

// colSums sets out[j], for j in [lo, hi), to the sum of column j of x,
// adding the rows in order from +0.
func colSums[T float](out []T, x *dmat[T], lo, hi int) {
	if j := lo + vecColSums(out[lo:hi], x.Data[lo:], x.Rows, hi-lo, x.Cols); j > lo {
		// The other columns in the same order, one at a time.
		for ; j < hi; j++ {
			var s T
			for i := 0; i < x.Rows; i++ {
				s += x.Data[i*x.Cols+j]
			}
			out[j] = s
		}
		return
	}
	clear(out[lo:hi])
	for i := 0; i < x.Rows; i++ {
		addTo(out[lo:hi], x.Data[i*x.Cols+lo:i*x.Cols+hi])
	}
}

func (*sumToOp) vjp(n, g *Node, gs []*Node) {
	gs[0] = BroadcastTo(g, n.in[0].val.Rows, n.in[0].val.Cols)
}

// sumSlice returns Σ x with four independent partial sums, accumulated in
// float64 for either element type.
func sumSlice[T float](x []T) T {
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(x); i += 4 {
		s0 += float64(x[i])
		s1 += float64(x[i+1])
		s2 += float64(x[i+2])
		s3 += float64(x[i+3])
	}
	for ; i < len(x); i++ {
		s0 += float64(x[i])
	}
	return T((s0 + s1) + (s2 + s3))
}

// addTo does dst += x elementwise.
func addTo[T float](dst, x []T) {
	x = x[:len(dst)]
	if len(dst) >= 8 {
		i := vecBinary(kAdd, dst, dst, x)
		dst, x = dst[i:], x[i:]
	}
	for i := range dst {
		dst[i] += x[i]
	}
}

// SumTo sums x down to rows×cols, where each target dimension equals x's or
// is 1. It is the adjoint of BroadcastTo.
func SumTo(x *Node, rows, cols int) *Node {
	if x.val.Rows == rows && x.val.Cols == cols {
		return x
	}
	if (rows != x.val.Rows && rows != 1) || (cols != x.val.Cols && cols != 1) {
		panic(fmt.Sprintf("ad.SumTo: cannot sum %s to %dx%d", x.val.Shape(), rows, cols))
	}
	return x.tape.newNode(opSumTo, rows, cols, x)
}

// broadcastToOp repeats its input along dimensions of size 1.
type broadcastToOp struct{}

var opBroadcastTo = &broadcastToOp{}

func (*broadcastToOp) name() string { return "BroadcastTo" }
func (*broadcastToOp) forward(n *Node) {
	if n.f32() {
		broadcastForward[float32](n)
	} else {
		broadcastForward[float64](n)
	}
}

func broadcastForward[T float](n *Node) {
	xv, ov := view[T](n.in[0]), view[T](n)
	if ov.Rows >= 2 && splits(n.tape, len(ov.Data)) {
		f := broadcastNode64
		if n.is32 {
			f = broadcastNode32
		}
		splitNode(n.tape.Threads(), ov.Rows, 1, f, n, 0)
		return
	}
	broadcastRows(&xv, &ov, 0, ov.Rows)
}

// broadcastNode32 and broadcastNode64 compute rows [lo, hi) of the
// broadcast node n (splitNode's form: a large broadcast splits by rows
// over the tape's threads, each block reading the node again, so that the
// split allocates nothing).
func broadcastNode32(n *Node, _, lo, hi int) {
	x, out := view[float32](n.in[0]), view[float32](n)
	broadcastRows(&x, &out, lo, hi)
}

func broadcastNode64(n *Node, _, lo, hi int) {
	x, out := view[float64](n.in[0]), view[float64](n)
	broadcastRows(&x, &out, lo, hi)
}

// broadcastRows writes rows [lo, hi) of out, x broadcast to out's shape.
func broadcastRows[T float](x, out *dmat[T], lo, hi int) {
	for i := lo; i < hi; i++ {
		row := out.Data[i*out.Cols : (i+1)*out.Cols]
		src := rowOf(x, out, i)
		if len(src) == len(row) {
			copy(row, src)
		} else {
			v := src[0]
			for j := range row {
				row[j] = v
			}
		}
	}
}
func (*broadcastToOp) vjp(n, g *Node, gs []*Node) {
	gs[0] = SumTo(g, n.in[0].val.Rows, n.in[0].val.Cols)
}

// BroadcastTo repeats x along its dimensions of size 1 to rows×cols. It
// panics unless each of rows and cols is x's or x's is 1 there (and
// rows, cols ≥ 0).
func BroadcastTo(x *Node, rows, cols int) *Node {
	if x.val.Rows == rows && x.val.Cols == cols {
		return x
	}
	if rows < 0 || cols < 0 || (x.val.Rows != rows && x.val.Rows != 1) || (x.val.Cols != cols && x.val.Cols != 1) {
		panic(fmt.Sprintf("ad.BroadcastTo: cannot broadcast %s to %dx%d", x.val.Shape(), rows, cols))
	}
	return x.tape.newNode(opBroadcastTo, rows, cols, x)
}

// unbroadcast sums a gradient g down to the shape of x.
func unbroadcast(g, x *Node) *Node {
	if g == nil {
		return nil
	}
	return SumTo(g, x.val.Rows, x.val.Cols)
}
