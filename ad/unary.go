package ad

import "math"

// unaryOp is an elementwise function of one operand.
type unaryOp struct {
	nm string
	// loop64 and loop32 compute d[i] = f(x[i]) in each dtype (instances of
	// one generic loop); len(x) == len(d).
	loop64 func(d, x []float64)
	loop32 func(d, x []float32)
	// d returns the gradient of the input given the result n, the input x
	// and the result's gradient g, with taped operations. nil means the
	// derivative is exactly zero almost everywhere (Sign, Step).
	d func(n, x, g *Node) *Node
}

func (u *unaryOp) name() string { return u.nm }
func (u *unaryOp) forward(n *Node) {
	if n.small64 { // small float64: call the loop directly (per-op cost)
		u.loop64(n.val.Data, n.in[0].val.Data[:len(n.val.Data)])
		return
	}
	if n.f32() {
		unaryPar(n.tape, u.loop32, n.v32, n.in[0].v32[:len(n.v32)])
		return
	}
	d := n.val.Data
	if !splits(n.tape, len(d)) { // small: call the loop directly (per-op cost)
		u.loop64(d, n.in[0].val.Data[:len(d)])
		return
	}
	unaryPar(n.tape, u.loop64, d, n.in[0].val.Data[:len(d)])
}

// unaryPar runs loop over d and x, split over the tape's threads when they
// are large, in chunks of multiples of 8 elements (which keeps the vector
// tanh's blocks of 4 as they are in one call).
func unaryPar[T float](t *Tape, loop func(d, x []T), d, x []T) {
	if !splits(t, len(d)) {
		loop(d, x)
		return
	}
	parFor(t, len(d), 8, func(lo, hi int) { loop(d[lo:hi], x[lo:hi]) })
}

// pairPar is unaryPar for a pair operation.
func pairPar[T float](t *Tape, loop func(d, g, a []T), d, g, a []T) {
	if !splits(t, len(d)) {
		loop(d, g, a)
		return
	}
	parFor(t, len(d), 8, func(lo, hi int) { loop(d[lo:hi], g[lo:hi], a[lo:hi]) })
}
func (u *unaryOp) vjp(n, g *Node, gs []*Node) {
	if u.d != nil {
		gs[0] = u.d(n, n.in[0], g)
	}
}

func newUnary(u *unaryOp, x *Node) *Node {
	n := x.tape.newNode(u, x.val.Rows, x.val.Cols, x)
	if u.d == nil {
		n.needs = false
	}
	return n
}

// pairOp is an elementwise function h(g, a) of two equally shaped operands,
// used for fused backward rules: g ⊙ f'(x) written with the operation's
// result or input a. Each has its own, taped, backward rule, so gradients
// through it can be differentiated again.
type pairOp struct {
	nm     string
	loop64 func(d, g, a []float64)
	loop32 func(d, g, a []float32)
	// rule fills gs for the result n = h(g, a) given its gradient u.
	rule func(n, u *Node, gs []*Node)
}

func (p *pairOp) name() string { return p.nm }
func (p *pairOp) forward(n *Node) {
	if n.small64 {
		d := n.val.Data
		p.loop64(d, n.in[0].val.Data[:len(d)], n.in[1].val.Data[:len(d)])
		return
	}
	if n.f32() {
		pairPar(n.tape, p.loop32, n.v32, n.in[0].v32[:len(n.v32)], n.in[1].v32[:len(n.v32)])
		return
	}
	d := n.val.Data
	if !splits(n.tape, len(d)) { // small: call the loop directly (per-op cost)
		p.loop64(d, n.in[0].val.Data[:len(d)], n.in[1].val.Data[:len(d)])
		return
	}
	pairPar(n.tape, p.loop64, d, n.in[0].val.Data[:len(d)], n.in[1].val.Data[:len(d)])
}
func (p *pairOp) vjp(n, u *Node, gs []*Node) { p.rule(n, u, gs) }

func newPair(p *pairOp, g, a *Node) *Node {
	return g.tape.newNode(p, g.val.Rows, g.val.Cols, g, a)
}

var opExp, opLog, opLog1p, opSqrt, opSquare, opSin, opCos, opTan, opTanh, opSigmoid,
	opSoftplus, opRelu, opAbs, opSign, opStep *unaryOp

var opTanhGrad, opSigmoidGrad, opReluGrad, opSquareGrad, opSoftplusGrad *pairOp

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

// mapLoop applies f elementwise, in float64 (exactly rounded to T).
func mapLoop[T float](d, x []T, f func(float64) float64) {
	for i := range d {
		d[i] = T(f(float64(x[i])))
	}
}

// The elementwise loops of the unary operations, one generic function each.
func expLoop[T float](d, x []T)     { mapLoop(d, x, math.Exp) }
func logLoop[T float](d, x []T)     { mapLoop(d, x, math.Log) }
func log1pLoop[T float](d, x []T)   { mapLoop(d, x, math.Log1p) }
func sqrtLoop[T float](d, x []T)    { mapLoop(d, x, math.Sqrt) }
func sinLoop[T float](d, x []T)     { mapLoop(d, x, math.Sin) }
func cosLoop[T float](d, x []T)     { mapLoop(d, x, math.Cos) }
func tanLoop[T float](d, x []T)     { mapLoop(d, x, math.Tan) }
func absLoop[T float](d, x []T)     { mapLoop(d, x, math.Abs) }
func sigmoidLoop[T float](d, x []T) { mapLoop(d, x, sigmoid) }
func softplusLoop[T float](d, x []T) {
	mapLoop(d, x, softplus)
}

func squareLoop[T float](d, x []T) {
	for i := range d {
		d[i] = x[i] * x[i]
	}
}

func reluLoop[T float](d, x []T) {
	for i := range d {
		d[i] = max(x[i], 0)
	}
}

// signLoop sets d[i] to 1, −1 or +0 (for ±0), and to NaN for a NaN, which
// a 0 would hide: Abs's gradient g·sign(x) must be NaN where x is.
func signLoop[T float](d, x []T) {
	for i := range d {
		switch v := x[i]; {
		case v > 0:
			d[i] = 1
		case v < 0:
			d[i] = -1
		case v == 0:
			d[i] = 0
		default: // NaN
			d[i] = v
		}
	}
}

func stepLoop[T float](d, x []T) {
	for i := range d {
		d[i] = b2f[T](x[i] > 0)
	}
}

// The loops of the fused backward rules.
func tanhGradLoop[T float](d, g, y []T) {
	g, y = g[:len(d)], y[:len(d)]
	if len(d) >= 8 {
		i := vecTanhGrad(d, g, y)
		d, g, y = d[i:], g[i:], y[i:]
	}
	for i := range d {
		d[i] = g[i] * (1 - y[i]*y[i])
	}
}

func sigmoidGradLoop[T float](d, g, y []T) {
	for i := range d {
		d[i] = g[i] * y[i] * (1 - y[i])
	}
}

// reluGradLoop sets d[i] = g[i] where x[i] > 0 and +0 elsewhere, without a
// branch (the signs of x are random, so a branch mispredicts half the
// time): g's bits masked by all ones or all zeros.
func reluGradLoop[T float](d, g, x []T) {
	if is32[T]() {
		reluGrad32(f32s(d), f32s(g), f32s(x))
		return
	}
	reluGrad64(f64s(d), f64s(g), f64s(x))
}

func reluGradBits[U uint32 | uint64, X float](d, g []U, x []X) {
	g, x = g[:len(d)], x[:len(d)]
	for i := range d {
		var m U
		if x[i] > 0 {
			m = ^U(0)
		}
		d[i] = g[i] & m
	}
}

func squareGradLoop[T float](d, g, x []T) {
	for i := range d {
		d[i] = 2 * g[i] * x[i]
	}
}

func softplusGradLoop[T float](d, g, x []T) {
	for i := range d {
		d[i] = g[i] * T(sigmoid(float64(x[i])))
	}
}

func init() {
	opExp = &unaryOp{nm: "Exp", loop64: expLoop[float64], loop32: expLoop[float32],
		d: func(n, x, g *Node) *Node { return Mul(g, n) }}
	opLog = &unaryOp{nm: "Log", loop64: logLoop[float64], loop32: logLoop[float32],
		d: func(n, x, g *Node) *Node { return Div(g, x) }}
	opLog1p = &unaryOp{nm: "Log1p", loop64: log1pLoop[float64], loop32: log1pLoop[float32],
		d: func(n, x, g *Node) *Node { return Div(g, AddScalar(x, 1)) }}
	opSqrt = &unaryOp{nm: "Sqrt", loop64: sqrtLoop[float64], loop32: sqrtLoop[float32],
		d: func(n, x, g *Node) *Node { return Div(g, Scale(n, 2)) }}
	opSquare = &unaryOp{nm: "Square", loop64: squareLoop[float64], loop32: squareLoop[float32],
		d: func(n, x, g *Node) *Node { return newPair(opSquareGrad, g, x) }}
	opSin = &unaryOp{nm: "Sin", loop64: sinLoop[float64], loop32: sinLoop[float32],
		d: func(n, x, g *Node) *Node { return Mul(g, Cos(x)) }}
	opCos = &unaryOp{nm: "Cos", loop64: cosLoop[float64], loop32: cosLoop[float32],
		d: func(n, x, g *Node) *Node { return Neg(Mul(g, Sin(x))) }}
	opTan = &unaryOp{nm: "Tan", loop64: tanLoop[float64], loop32: tanLoop[float32],
		// d tan x = 1 + tan² x
		d: func(n, x, g *Node) *Node { return Mul(g, AddScalar(Square(n), 1)) }}
	opTanh = &unaryOp{nm: "Tanh", loop64: tanhLoop, loop32: tanhLoop32,
		d: func(n, x, g *Node) *Node { return newPair(opTanhGrad, g, n) }}
	opSigmoid = &unaryOp{nm: "Sigmoid", loop64: sigmoidLoop[float64], loop32: sigmoidLoop[float32],
		d: func(n, x, g *Node) *Node { return newPair(opSigmoidGrad, g, n) }}
	opSoftplus = &unaryOp{nm: "Softplus", loop64: softplusLoop[float64], loop32: softplusLoop[float32],
		d: func(n, x, g *Node) *Node { return newPair(opSoftplusGrad, g, x) }}
	opRelu = &unaryOp{nm: "Relu", loop64: reluLoop[float64], loop32: reluLoop[float32],
		d: func(n, x, g *Node) *Node { return newPair(opReluGrad, g, x) }}
	opAbs = &unaryOp{nm: "Abs", loop64: absLoop[float64], loop32: absLoop[float32],
		d: func(n, x, g *Node) *Node { return Mul(g, Sign(x)) }}
	// Sign and Step are piecewise constant: their derivative is exactly zero
	// almost everywhere (d == nil), not a missing rule.
	opSign = &unaryOp{nm: "Sign", loop64: signLoop[float64], loop32: signLoop[float32]}
	opStep = &unaryOp{nm: "Step", loop64: stepLoop[float64], loop32: stepLoop[float32]}

	// Fused backward rules. For h(g, a) with upstream gradient u, the rules
	// give ∂/∂g = h(u, a) (h is linear in g) and ∂/∂a = u ⊙ g ⊙ f''.
	opTanhGrad = &pairOp{nm: "TanhGrad", loop64: tanhGradLoop[float64], loop32: tanhGradLoop[float32],
		rule: func(n, u *Node, gs []*Node) {
			g, y := n.in[0], n.in[1]
			if g.needs {
				gs[0] = newPair(opTanhGrad, u, y)
			}
			if y.needs { // ∂/∂y g(1−y²) = −2gy
				gs[1] = Scale(Mul(Mul(u, g), y), -2)
			}
		}}
	opSigmoidGrad = &pairOp{nm: "SigmoidGrad", loop64: sigmoidGradLoop[float64], loop32: sigmoidGradLoop[float32],
		rule: func(n, u *Node, gs []*Node) {
			g, y := n.in[0], n.in[1]
			if g.needs {
				gs[0] = newPair(opSigmoidGrad, u, y)
			}
			if y.needs { // ∂/∂y g·y(1−y) = g(1−2y)
				gs[1] = Mul(Mul(u, g), affine(y, -2, 1))
			}
		}}
	opReluGrad = &pairOp{nm: "ReluGrad", loop64: reluGradLoop[float64], loop32: reluGradLoop[float32],
		rule: func(n, u *Node, gs []*Node) {
			// The step x > 0 is piecewise constant: ∂/∂x is exactly zero a.e.
			if n.in[0].needs {
				gs[0] = newPair(opReluGrad, u, n.in[1])
			}
		}}
	opSquareGrad = &pairOp{nm: "SquareGrad", loop64: squareGradLoop[float64], loop32: squareGradLoop[float32],
		rule: func(n, u *Node, gs []*Node) {
			g, x := n.in[0], n.in[1]
			if g.needs {
				gs[0] = newPair(opSquareGrad, u, x)
			}
			if x.needs {
				gs[1] = newPair(opSquareGrad, u, g)
			}
		}}
	opSoftplusGrad = &pairOp{nm: "SoftplusGrad", loop64: softplusGradLoop[float64], loop32: softplusGradLoop[float32],
		rule: func(n, u *Node, gs []*Node) {
			g, x := n.in[0], n.in[1]
			if g.needs {
				gs[0] = newPair(opSoftplusGrad, u, x)
			}
			if x.needs { // ∂/∂x g·σ(x) = g·σ(x)(1−σ(x))
				gs[1] = newPair(opSigmoidGrad, Mul(u, g), Sigmoid(x))
			}
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

// Tanh returns tanh x elementwise. Its derivative is computed from the
// rounded value y as 1 − y², so it is exactly 0 where y rounds to ±1:
// from |x| ≈ 19.1 on a float64 tape and ≈ 8.5 on a float32 one (9.0
// without the AVX2 kernel), where the true derivative 4e^−2|x| is below
// 1.2e-16 and 2e-7.
func Tanh(x *Node) *Node { return newUnary(opTanh, x) }

// Sigmoid returns 1/(1+e^−x) elementwise. Its derivative is computed from
// the rounded value y as y(1 − y), so it is exactly 0 where y rounds to 1:
// from x ≈ 36.7 on a float64 tape and ≈ 17.3 on a float32 one, where the
// true derivative, about e^−x, is below 1.2e-16 and 3e-8. Toward −∞ it
// keeps its relative accuracy (y itself is accurate there).
func Sigmoid(x *Node) *Node { return newUnary(opSigmoid, x) }

// Softplus returns ln(1+eˣ) elementwise, computed without overflow. Its
// derivative is σ(x), its second σ(x)(1 − σ(x)), which is 0 from the
// points where Sigmoid's derivative is (see Sigmoid).
func Softplus(x *Node) *Node { return newUnary(opSoftplus, x) }

// Relu returns max(x, 0) elementwise; the derivative at 0 is taken as 0.
// Where x is NaN the value is NaN but the derivative is 0 (its mask x > 0
// compares false), so a NaN input leaves the gradient finite.
func Relu(x *Node) *Node { return newUnary(opRelu, x) }

// Abs returns |x| elementwise; the derivative at 0 is taken as 0 (and is
// NaN where x is NaN).
func Abs(x *Node) *Node { return newUnary(opAbs, x) }

// Sign returns −1, 0 or 1 elementwise (+0 for ±0), and NaN where x is NaN.
// Its derivative is zero almost everywhere.
func Sign(x *Node) *Node { return newUnary(opSign, x) }

// Step returns 1 where x > 0 and 0 elsewhere. Its derivative is zero almost
// everywhere.
func Step(x *Node) *Node { return newUnary(opStep, x) }

// PowConst returns x^p elementwise for a constant exponent p.
func PowConst(x *Node, p float64) *Node {
	return x.tape.newNodeP(opPowConst, params{f0: p}, x.val.Rows, x.val.Cols, x)
}

// powConstOp is x^p with p = params.f0.
type powConstOp struct{}

var opPowConst = &powConstOp{}

func (*powConstOp) name() string { return "PowConst" }
func (*powConstOp) forward(n *Node) {
	if n.f32() {
		powLoop(n.v32, n.in[0].v32, n.p.f0)
	} else {
		powLoop(n.val.Data, n.in[0].val.Data, n.p.f0)
	}
}

func powLoop[T float](d, x []T, p float64) {
	for i := range d {
		d[i] = T(math.Pow(float64(x[i]), p))
	}
}
func (*powConstOp) vjp(n, g *Node, gs []*Node) {
	// d x^p = p·x^(p−1). x⁰ is the constant 1: its derivative is exactly
	// zero, where 0·x⁻¹ would be NaN at x = 0 (and so the second
	// derivative of x¹, the third of x², … at 0).
	p := n.p.f0
	if p == 0 {
		return
	}
	gs[0] = Mul(g, Scale(PowConst(n.in[0], p-1), p))
}
