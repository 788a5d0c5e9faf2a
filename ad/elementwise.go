package ad

import (
	"fmt"
	"math"
)

// needs reports whether input i of n carries a gradient.
func needs(n *Node, i int) bool { return n.in[i].needs }

// binaryOp is an elementwise operation on two broadcastable operands.
type binaryOp struct {
	nm  string
	f   func(x, y float64) float64
	vjp func(n, g *Node) []*Node
}

type binary struct{ *binaryOp }

func (b binary) name() string           { return b.nm }
func (b binary) forward(n *Node)        { binaryLoop(&n.val, &n.in[0].val, &n.in[1].val, b.f) }
func (b binary) vjp(n, g *Node) []*Node { return b.binaryOp.vjp(n, g) }
func newBinary(o *binaryOp, a, b *Node) *Node {
	r, c := broadcastShape(o.nm, a, b)
	return a.tape.newNode(binary{o}, r, c, a, b)
}

var opAdd, opSub, opMul, opDiv, opPow, opMaximum, opMinimum *binaryOp

func init() {
	opAdd = &binaryOp{nm: "Add", f: func(x, y float64) float64 { return x + y },
		vjp: func(n, g *Node) []*Node {
			return []*Node{ifNeeds(n, 0, func() *Node { return unbroadcast(g, n.in[0]) }),
				ifNeeds(n, 1, func() *Node { return unbroadcast(g, n.in[1]) })}
		}}
	opSub = &binaryOp{nm: "Sub", f: func(x, y float64) float64 { return x - y },
		vjp: func(n, g *Node) []*Node {
			return []*Node{ifNeeds(n, 0, func() *Node { return unbroadcast(g, n.in[0]) }),
				ifNeeds(n, 1, func() *Node { return unbroadcast(Neg(g), n.in[1]) })}
		}}
	opMul = &binaryOp{nm: "Mul", f: func(x, y float64) float64 { return x * y },
		vjp: func(n, g *Node) []*Node {
			a, b := n.in[0], n.in[1]
			return []*Node{ifNeeds(n, 0, func() *Node { return unbroadcast(Mul(g, b), a) }),
				ifNeeds(n, 1, func() *Node { return unbroadcast(Mul(g, a), b) })}
		}}
	opDiv = &binaryOp{nm: "Div", f: func(x, y float64) float64 { return x / y },
		vjp: func(n, g *Node) []*Node {
			a, b := n.in[0], n.in[1]
			return []*Node{ifNeeds(n, 0, func() *Node { return unbroadcast(Div(g, b), a) }),
				// d(a/b)/db = −a/b² = −(a/b)/b
				ifNeeds(n, 1, func() *Node { return unbroadcast(Neg(Div(Mul(g, n), b)), b) })}
		}}
	opPow = &binaryOp{nm: "Pow", f: math.Pow,
		vjp: func(n, g *Node) []*Node {
			a, b := n.in[0], n.in[1]
			return []*Node{
				// d(a^b)/da = b·a^(b−1)
				ifNeeds(n, 0, func() *Node { return unbroadcast(Mul(g, Mul(b, Pow(a, AddScalar(b, -1)))), a) }),
				// d(a^b)/db = a^b·ln a
				ifNeeds(n, 1, func() *Node { return unbroadcast(Mul(g, Mul(n, Log(a))), b) })}
		}}
	opMaximum = &binaryOp{nm: "Maximum", f: math.Max,
		vjp: func(n, g *Node) []*Node {
			a, b := n.in[0], n.in[1]
			return []*Node{ifNeeds(n, 0, func() *Node { return unbroadcast(Mul(g, GreaterEq(a, b)), a) }),
				ifNeeds(n, 1, func() *Node { return unbroadcast(Mul(g, Less(a, b)), b) })}
		}}
	opMinimum = &binaryOp{nm: "Minimum", f: math.Min,
		vjp: func(n, g *Node) []*Node {
			a, b := n.in[0], n.in[1]
			return []*Node{ifNeeds(n, 0, func() *Node { return unbroadcast(Mul(g, LessEq(a, b)), a) }),
				ifNeeds(n, 1, func() *Node { return unbroadcast(Mul(g, Greater(a, b)), b) })}
		}}
}

func ifNeeds(n *Node, i int, f func() *Node) *Node {
	if !needs(n, i) {
		return nil
	}
	return f()
}

// Add returns a + b elementwise (scalars, rows and columns broadcast).
func Add(a, b *Node) *Node { return newBinary(opAdd, a, b) }

// Sub returns a − b elementwise, broadcasting.
func Sub(a, b *Node) *Node { return newBinary(opSub, a, b) }

// Mul returns a ⊙ b elementwise, broadcasting.
func Mul(a, b *Node) *Node { return newBinary(opMul, a, b) }

// Div returns a / b elementwise, broadcasting.
func Div(a, b *Node) *Node { return newBinary(opDiv, a, b) }

// Pow returns a^b elementwise, broadcasting. The derivative in b uses ln a,
// so it is defined for a > 0.
func Pow(a, b *Node) *Node { return newBinary(opPow, a, b) }

// Maximum returns max(a, b) elementwise; at ties the gradient goes to a.
func Maximum(a, b *Node) *Node { return newBinary(opMaximum, a, b) }

// Minimum returns min(a, b) elementwise; at ties the gradient goes to a.
func Minimum(a, b *Node) *Node { return newBinary(opMinimum, a, b) }

// maskOp is a comparison producing 1 where it holds and 0 elsewhere. Its
// derivative is zero almost everywhere, which is exact, not an omission.
type maskOp struct {
	nm string
	f  func(x, y float64) bool
}

func (m *maskOp) name() string { return m.nm }
func (m *maskOp) forward(n *Node) {
	binaryLoop(&n.val, &n.in[0].val, &n.in[1].val, func(x, y float64) float64 {
		if m.f(x, y) {
			return 1
		}
		return 0
	})
}
func (m *maskOp) vjp(n, g *Node) []*Node { return []*Node{nil, nil} }

var (
	opGreater   = &maskOp{"Greater", func(x, y float64) bool { return x > y }}
	opGreaterEq = &maskOp{"GreaterEq", func(x, y float64) bool { return x >= y }}
	opLess      = &maskOp{"Less", func(x, y float64) bool { return x < y }}
	opLessEq    = &maskOp{"LessEq", func(x, y float64) bool { return x <= y }}
)

func newMask(o *maskOp, a, b *Node) *Node {
	r, c := broadcastShape(o.nm, a, b)
	n := a.tape.newNode(o, r, c, a, b)
	n.needs = false // piecewise constant: no gradient flows through a mask
	return n
}

// Greater returns 1 where a > b and 0 elsewhere (derivative zero a.e.).
func Greater(a, b *Node) *Node { return newMask(opGreater, a, b) }

// GreaterEq returns 1 where a ≥ b and 0 elsewhere.
func GreaterEq(a, b *Node) *Node { return newMask(opGreaterEq, a, b) }

// Less returns 1 where a < b and 0 elsewhere.
func Less(a, b *Node) *Node { return newMask(opLess, a, b) }

// LessEq returns 1 where a ≤ b and 0 elsewhere.
func LessEq(a, b *Node) *Node { return newMask(opLessEq, a, b) }

// whereOp selects a where cond ≠ 0, b elsewhere.
type whereOp struct{}

func (whereOp) name() string { return "Where" }
func (whereOp) forward(n *Node) {
	c, a, b := n.in[0].val.Data, n.in[1].val.Data, n.in[2].val.Data
	for i := range n.val.Data {
		if c[i] != 0 {
			n.val.Data[i] = a[i]
		} else {
			n.val.Data[i] = b[i]
		}
	}
}
func (whereOp) vjp(n, g *Node) []*Node {
	c := n.in[0]
	zero := g.tape.Fill(g.val.Rows, g.val.Cols, 0)
	return []*Node{nil,
		ifNeeds(n, 1, func() *Node { return Where(c, g, zero) }),
		ifNeeds(n, 2, func() *Node { return Where(c, zero, g) })}
}

// Where returns a where cond ≠ 0 and b elsewhere; all three have one shape.
// No gradient flows into cond.
func Where(cond, a, b *Node) *Node {
	if cond.val.Rows != a.val.Rows || cond.val.Cols != a.val.Cols ||
		b.val.Rows != a.val.Rows || b.val.Cols != a.val.Cols {
		panic(fmt.Sprintf("ad.Where: shapes cond %s, a %s, b %s differ", cond.val.Shape(), a.val.Shape(), b.val.Shape()))
	}
	return a.tape.newNode(whereOp{}, a.val.Rows, a.val.Cols, cond, a, b)
}

// scalarOp applies x·mul + add with constants.
type scalarOp struct{ mul, add float64 }

func (s scalarOp) name() string { return "Affine" }
func (s scalarOp) forward(n *Node) {
	x := n.in[0].val.Data
	for i := range n.val.Data {
		n.val.Data[i] = x[i]*s.mul + s.add
	}
}
func (s scalarOp) vjp(n, g *Node) []*Node {
	if s.mul == 1 {
		return []*Node{g}
	}
	return []*Node{Scale(g, s.mul)}
}

// AddScalar returns x + c elementwise.
func AddScalar(x *Node, c float64) *Node {
	return x.tape.newNode(scalarOp{1, c}, x.val.Rows, x.val.Cols, x)
}

// Scale returns c·x elementwise.
func Scale(x *Node, c float64) *Node {
	return x.tape.newNode(scalarOp{c, 0}, x.val.Rows, x.val.Cols, x)
}

// Neg returns −x.
func Neg(x *Node) *Node { return Scale(x, -1) }

// RSub returns c − x elementwise.
func RSub(c float64, x *Node) *Node {
	return x.tape.newNode(scalarOp{-1, c}, x.val.Rows, x.val.Cols, x)
}

// clampOp limits values to [lo, hi].
type clampOp struct{ lo, hi float64 }

func (c clampOp) name() string { return "Clamp" }
func (c clampOp) forward(n *Node) {
	x := n.in[0].val.Data
	for i := range n.val.Data {
		n.val.Data[i] = math.Min(math.Max(x[i], c.lo), c.hi)
	}
}
func (c clampOp) vjp(n, g *Node) []*Node {
	return []*Node{Mul(g, inRange(n.in[0], c.lo, c.hi))}
}

// inRangeOp is 1 where lo ≤ x ≤ hi and 0 elsewhere (derivative zero a.e.).
type inRangeOp struct{ lo, hi float64 }

func (c inRangeOp) name() string { return "InRange" }
func (c inRangeOp) forward(n *Node) {
	x := n.in[0].val.Data
	for i := range n.val.Data {
		if x[i] >= c.lo && x[i] <= c.hi {
			n.val.Data[i] = 1
		} else {
			n.val.Data[i] = 0
		}
	}
}
func (c inRangeOp) vjp(n, g *Node) []*Node { return []*Node{nil} }

func inRange(x *Node, lo, hi float64) *Node {
	n := x.tape.newNode(inRangeOp{lo, hi}, x.val.Rows, x.val.Cols, x)
	n.needs = false
	return n
}

// Clamp limits x to [lo, hi] elementwise; the gradient is passed where
// lo ≤ x ≤ hi and zero outside.
func Clamp(x *Node, lo, hi float64) *Node {
	if lo > hi {
		panic(fmt.Sprintf("ad.Clamp: lo %g > hi %g", lo, hi))
	}
	return x.tape.newNode(clampOp{lo, hi}, x.val.Rows, x.val.Cols, x)
}
