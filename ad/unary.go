package ad

import "math"

// unaryOp is an elementwise function of one operand.
type unaryOp struct {
	nm string
	f  func(float64) float64
	// d returns the gradient of the input given the result n, the input x
	// and the result's gradient g, with taped operations.
	d func(n, x, g *Node) *Node
	// d1, if set, is a fused first-order kernel used by Grad1.
	d1 *fusedOp
}

func (u *unaryOp) name() string { return u.nm }
func (u *unaryOp) forward(n *Node) {
	x := n.in[0].val.Data
	for i := range n.val.Data {
		n.val.Data[i] = u.f(x[i])
	}
}
func (u *unaryOp) vjp(n, g *Node) []*Node {
	if u.d == nil {
		return []*Node{nil} // derivative zero almost everywhere (Sign, Step)
	}
	return []*Node{u.d(n, n.in[0], g)}
}
func (u *unaryOp) vjp1(n, g *Node) []*Node {
	if u.d1 == nil {
		return u.vjp(n, g)
	}
	arg := n
	if u.d1.onInput {
		arg = n.in[0]
	}
	return []*Node{newFused(u.d1, g, arg)}
}

func newUnary(u *unaryOp, x *Node) *Node {
	n := x.tape.newNode(u, x.val.Rows, x.val.Cols, x)
	if u.d == nil {
		n.needs = false
	}
	return n
}

// fusedOp is a first-order-only backward kernel g ⊙ h(a), with a the
// operation's result (or input when onInput). It cannot be differentiated.
type fusedOp struct {
	nm      string
	onInput bool
	h       func(g, a float64) float64
}

func (f *fusedOp) name() string { return f.nm }
func (f *fusedOp) forward(n *Node) {
	g, a := n.in[0].val.Data, n.in[1].val.Data
	for i := range n.val.Data {
		n.val.Data[i] = f.h(g[i], a[i])
	}
}
func (f *fusedOp) vjp(n, g *Node) []*Node {
	panic("ad: " + f.nm + " is a first-order-only kernel (from Grad1); use Grad for higher derivatives")
}
func newFused(f *fusedOp, g, a *Node) *Node {
	return g.tape.newNode(f, g.val.Rows, g.val.Cols, g, a)
}

var opExp, opLog, opLog1p, opSqrt, opSquare, opSin, opCos, opTan, opTanh, opSigmoid,
	opSoftplus, opRelu, opAbs, opSign, opStep *unaryOp

func sigmoid(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

func softplus(x float64) float64 {
	// log(1+e^x) without overflow
	if x > 0 {
		return x + math.Log1p(math.Exp(-x))
	}
	return math.Log1p(math.Exp(x))
}

func init() {
	opExp = &unaryOp{nm: "Exp", f: math.Exp,
		d:  func(n, x, g *Node) *Node { return Mul(g, n) },
		d1: &fusedOp{nm: "ExpGrad", h: func(g, y float64) float64 { return g * y }}}
	opLog = &unaryOp{nm: "Log", f: math.Log,
		d: func(n, x, g *Node) *Node { return Div(g, x) }}
	opLog1p = &unaryOp{nm: "Log1p", f: math.Log1p,
		d: func(n, x, g *Node) *Node { return Div(g, AddScalar(x, 1)) }}
	opSqrt = &unaryOp{nm: "Sqrt", f: math.Sqrt,
		d: func(n, x, g *Node) *Node { return Div(g, Scale(n, 2)) }}
	opSquare = &unaryOp{nm: "Square", f: func(x float64) float64 { return x * x },
		d:  func(n, x, g *Node) *Node { return Mul(g, Scale(x, 2)) },
		d1: &fusedOp{nm: "SquareGrad", onInput: true, h: func(g, x float64) float64 { return 2 * g * x }}}
	opSin = &unaryOp{nm: "Sin", f: math.Sin,
		d: func(n, x, g *Node) *Node { return Mul(g, Cos(x)) }}
	opCos = &unaryOp{nm: "Cos", f: math.Cos,
		d: func(n, x, g *Node) *Node { return Neg(Mul(g, Sin(x))) }}
	opTan = &unaryOp{nm: "Tan", f: math.Tan,
		// d tan x = 1 + tan² x
		d: func(n, x, g *Node) *Node { return Mul(g, AddScalar(Square(n), 1)) }}
	opTanh = &unaryOp{nm: "Tanh", f: math.Tanh,
		d:  func(n, x, g *Node) *Node { return Mul(g, RSub(1, Square(n))) },
		d1: &fusedOp{nm: "TanhGrad", h: func(g, y float64) float64 { return g * (1 - y*y) }}}
	opSigmoid = &unaryOp{nm: "Sigmoid", f: sigmoid,
		d:  func(n, x, g *Node) *Node { return Mul(g, Mul(n, RSub(1, n))) },
		d1: &fusedOp{nm: "SigmoidGrad", h: func(g, y float64) float64 { return g * y * (1 - y) }}}
	opSoftplus = &unaryOp{nm: "Softplus", f: softplus,
		d:  func(n, x, g *Node) *Node { return Mul(g, Sigmoid(x)) },
		d1: &fusedOp{nm: "SoftplusGrad", onInput: true, h: func(g, x float64) float64 { return g * sigmoid(x) }}}
	opRelu = &unaryOp{nm: "Relu", f: func(x float64) float64 { return math.Max(x, 0) },
		d: func(n, x, g *Node) *Node { return Mul(g, Step(x)) },
		d1: &fusedOp{nm: "ReluGrad", onInput: true, h: func(g, x float64) float64 {
			if x > 0 {
				return g
			}
			return 0
		}}}
	opAbs = &unaryOp{nm: "Abs", f: math.Abs,
		d: func(n, x, g *Node) *Node { return Mul(g, Sign(x)) }}
	// Sign and Step are piecewise constant: their derivative is exactly zero
	// almost everywhere (d == nil), not a missing rule.
	opSign = &unaryOp{nm: "Sign", f: func(x float64) float64 {
		switch {
		case x > 0:
			return 1
		case x < 0:
			return -1
		}
		return 0
	}}
	opStep = &unaryOp{nm: "Step", f: func(x float64) float64 {
		if x > 0 {
			return 1
		}
		return 0
	}}
}

// Exp returns eˣ elementwise.
func Exp(x *Node) *Node { return newUnary(opExp, x) }

// Log returns ln x elementwise.
func Log(x *Node) *Node { return newUnary(opLog, x) }

// Log1p returns ln(1 + x) elementwise.
func Log1p(x *Node) *Node { return newUnary(opLog1p, x) }

// Sqrt returns √x elementwise.
func Sqrt(x *Node) *Node { return newUnary(opSqrt, x) }

// Square returns x² elementwise.
func Square(x *Node) *Node { return newUnary(opSquare, x) }

// Sin returns sin x elementwise.
func Sin(x *Node) *Node { return newUnary(opSin, x) }

// Cos returns cos x elementwise.
func Cos(x *Node) *Node { return newUnary(opCos, x) }

// Tan returns tan x elementwise.
func Tan(x *Node) *Node { return newUnary(opTan, x) }

// Tanh returns tanh x elementwise.
func Tanh(x *Node) *Node { return newUnary(opTanh, x) }

// Sigmoid returns 1/(1+e^−x) elementwise.
func Sigmoid(x *Node) *Node { return newUnary(opSigmoid, x) }

// Softplus returns ln(1+eˣ) elementwise, computed without overflow.
func Softplus(x *Node) *Node { return newUnary(opSoftplus, x) }

// Relu returns max(x, 0) elementwise; the derivative at 0 is taken as 0.
func Relu(x *Node) *Node { return newUnary(opRelu, x) }

// Abs returns |x| elementwise; the derivative at 0 is taken as 0.
func Abs(x *Node) *Node { return newUnary(opAbs, x) }

// Sign returns −1, 0 or 1 elementwise. Its derivative is zero almost
// everywhere.
func Sign(x *Node) *Node { return newUnary(opSign, x) }

// Step returns 1 where x > 0 and 0 elsewhere. Its derivative is zero almost
// everywhere.
func Step(x *Node) *Node { return newUnary(opStep, x) }

// PowConst returns x^p elementwise for a constant exponent p.
func PowConst(x *Node, p float64) *Node {
	return x.tape.newNode(powConstOp{p}, x.val.Rows, x.val.Cols, x)
}

type powConstOp struct{ p float64 }

func (o powConstOp) name() string { return "PowConst" }
func (o powConstOp) forward(n *Node) {
	x := n.in[0].val.Data
	for i := range n.val.Data {
		n.val.Data[i] = math.Pow(x[i], o.p)
	}
}
func (o powConstOp) vjp(n, g *Node) []*Node {
	// d x^p = p·x^(p−1)
	return []*Node{Mul(g, Scale(PowConst(n.in[0], o.p-1), o.p))}
}
