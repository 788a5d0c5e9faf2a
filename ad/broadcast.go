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

// binaryLoop applies f elementwise over a and b broadcast to out's shape.
func binaryLoop(out, a, b *Tensor, f func(x, y float64) float64) {
	od, ad, bd := out.Data, a.Data, b.Data
	switch {
	case len(ad) == len(od) && len(bd) == len(od):
		for i := range od {
			od[i] = f(ad[i], bd[i])
		}
	case len(bd) == 1 && len(ad) == len(od):
		y := bd[0]
		for i := range od {
			od[i] = f(ad[i], y)
		}
	case len(ad) == 1 && len(bd) == len(od):
		x := ad[0]
		for i := range od {
			od[i] = f(x, bd[i])
		}
	default:
		ars, acs := stride(a, out)
		brs, bcs := stride(b, out)
		k := 0
		for i := 0; i < out.Rows; i++ {
			for j := 0; j < out.Cols; j++ {
				od[k] = f(ad[i*ars+j*acs], bd[i*brs+j*bcs])
				k++
			}
		}
	}
}

// stride returns the row and column strides of t read as if broadcast to
// out's shape (0 along a broadcast dimension).
func stride(t, out *Tensor) (int, int) {
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

func (sumToOp) name() string { return "SumTo" }
func (sumToOp) forward(n *Node) {
	x := &n.in[0].val
	out := &n.val
	for i := range out.Data {
		out.Data[i] = 0
	}
	rs, cs := stride(out, x)
	k := 0
	for i := 0; i < x.Rows; i++ {
		for j := 0; j < x.Cols; j++ {
			out.Data[i*rs+j*cs] += x.Data[k]
			k++
		}
	}
}
func (sumToOp) vjp(n, g *Node) []*Node {
	return []*Node{BroadcastTo(g, n.in[0].val.Rows, n.in[0].val.Cols)}
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
	return x.tape.newNode(sumToOp{}, rows, cols, x)
}

// broadcastToOp repeats its input along dimensions of size 1.
type broadcastToOp struct{}

func (broadcastToOp) name() string { return "BroadcastTo" }
func (broadcastToOp) forward(n *Node) {
	x := &n.in[0].val
	out := &n.val
	rs, cs := stride(x, out)
	k := 0
	for i := 0; i < out.Rows; i++ {
		for j := 0; j < out.Cols; j++ {
			out.Data[k] = x.Data[i*rs+j*cs]
			k++
		}
	}
}
func (broadcastToOp) vjp(n, g *Node) []*Node {
	return []*Node{SumTo(g, n.in[0].val.Rows, n.in[0].val.Cols)}
}

// BroadcastTo repeats x along its dimensions of size 1 to rows×cols.
func BroadcastTo(x *Node, rows, cols int) *Node {
	if x.val.Rows == rows && x.val.Cols == cols {
		return x
	}
	if (x.val.Rows != rows && x.val.Rows != 1) || (x.val.Cols != cols && x.val.Cols != 1) {
		panic(fmt.Sprintf("ad.BroadcastTo: cannot broadcast %s to %dx%d", x.val.Shape(), rows, cols))
	}
	return x.tape.newNode(broadcastToOp{}, rows, cols, x)
}

// unbroadcast sums a gradient g down to the shape of x.
func unbroadcast(g, x *Node) *Node {
	if g == nil {
		return nil
	}
	return SumTo(g, x.val.Rows, x.val.Cols)
}
