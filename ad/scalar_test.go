package ad

import (
	"math"
	"math/rand/v2"
	"testing"
)

// scalarProgram records a random program of 1×1 float64 operations from a
// seed — every binary, mask, affine, unary, PowConst and Clamp operation,
// with Where and Sum of a 1×2 row among them (which the scalar path leaves
// to their forward) — and its gradient in the inputs (the pair operations
// TanhGrad, SigmoidGrad, … of the backward rules), and compiles it. It
// returns the Program and the number of its steps the scalar path must
// leave to their forward.
func scalarProgram(seed uint64) (*Program, int) {
	r := rand.New(rand.NewPCG(seed, 47))
	t := NewTape()
	xs := []*Node{t.Var(Zeros(1, 1)), t.Var(Zeros(1, 1)), t.Var(Zeros(1, 1))}
	pool := append([]*Node{t.Scalar(0.5), t.Scalar(-2), t.Scalar(0)}, xs...)
	pick := func() *Node { return pool[len(pool)-1-min(r.IntN(len(pool)), r.IntN(len(pool)))] } // recent ones more often
	binary := []func(a, b *Node) *Node{Add, Sub, Mul, Div, Pow, Maximum, Minimum, Greater, GreaterEq, Less, LessEq}
	unary := []func(x *Node) *Node{Exp, Log, Log1p, Sqrt, Square, Sin, Cos, Tan, Tanh, Sigmoid, Softplus, Relu, Abs, Sign, Step}
	consts := []float64{0, 1, -1, 2.5, -0.3}
	c := func() float64 { return consts[r.IntN(len(consts))] }
	for range 8 + r.IntN(24) {
		var n *Node
		switch k := r.IntN(10); {
		case k < 4:
			n = binary[r.IntN(len(binary))](pick(), pick())
		case k < 6:
			n = unary[r.IntN(len(unary))](pick())
		case k == 6:
			n = []func(*Node) *Node{
				func(x *Node) *Node { return AddScalar(x, c()) },
				func(x *Node) *Node { return Scale(x, c()) },
				Neg,
				func(x *Node) *Node { return RSub(c(), x) },
				func(x *Node) *Node { return affine(x, c(), c()) },
			}[r.IntN(5)](pick())
		case k == 7:
			n = PowConst(pick(), []float64{0, 1, 2, 0.5, -1, 3.7}[r.IntN(6)])
		case k == 8:
			n = Clamp(pick(), -1, 1.5)
		default:
			if r.IntN(2) == 0 {
				n = Where(pick(), pick(), pick())
			} else {
				n = Sum(ConcatCols(pick(), pick()))
			}
		}
		pool = append(pool, n)
	}
	y := pool[len(pool)-1]
	for range 3 {
		y = Add(y, Tanh(Mul(Sigmoid(pick()), Softplus(Relu(pick())))))
	}
	y = Add(y, Square(pick()))
	outs := append([]*Node{y}, Grad(y, xs...)...)
	p := Compile(xs, outs)
	forward := 0
	for _, n := range p.steps {
		one := n.val.Rows == 1 && n.val.Cols == 1
		for _, in := range n.in {
			one = one && in.val.Rows == 1 && in.val.Cols == 1
		}
		if !one || !scalarListed[n.op.name()] {
			forward++
		}
	}
	return p, forward
}

// scalarListed names the operations the scalar path computes where they
// and their operands are 1×1.
var scalarListed = map[string]bool{
	"Add": true, "Sub": true, "Mul": true, "Div": true, "Pow": true, "Maximum": true, "Minimum": true,
	"Greater": true, "GreaterEq": true, "Less": true, "LessEq": true, "Affine": true,
	"Exp": true, "Log": true, "Log1p": true, "Sqrt": true, "Square": true, "Sin": true, "Cos": true,
	"Tan": true, "Tanh": true, "Sigmoid": true, "Softplus": true, "Relu": true, "Abs": true, "Sign": true, "Step": true,
	"TanhGrad": true, "SigmoidGrad": true, "ReluGrad": true, "SquareGrad": true, "SoftplusGrad": true,
	"PowConst": true, "Clamp": true, "InRange": true,
}

// TestScalarPathSameBits checks on random programs of 1×1 operations that
// the scalar path of Program.Run gives the bits of the general path (each
// operation's forward) at every step, at inputs that include signed zeros,
// infinities and NaN; the scalar path's buffers are poisoned before it
// runs, so a step it skips shows. It also checks that the scalar path
// lists every 1×1 operation it knows and only leaves the others (Where,
// Sum, ConcatCols) to their forward.
func TestScalarPathSameBits(t *testing.T) {
	special := []float64{0, math.Copysign(0, -1), 1, -1, math.Inf(1), math.Inf(-1), math.NaN(), 1e-310, 710}
	vr := rand.New(rand.NewPCG(47, 1))
	for seed := range uint64(300) {
		p, forward := scalarProgram(seed)
		if p.scalar == nil {
			t.Fatalf("seed %d: no scalar path for a program of %d 1×1 steps", seed, len(p.steps))
		}
		left := 0
		for _, s := range p.scalar {
			if s.code == sForward {
				left++
			}
		}
		if left != forward {
			t.Fatalf("seed %d: the scalar path leaves %d of %d steps to their forward, want %d", seed, left, len(p.steps), forward)
		}
		for range 6 {
			for i := range p.inputs {
				v := 3 * vr.NormFloat64()
				if vr.IntN(4) == 0 {
					v = special[vr.IntN(len(special))]
				}
				p.SetInput(i, []float64{v})
			}
			p.runSteps()
			want := make([]uint64, 0, len(p.steps))
			for _, n := range p.steps {
				want = append(want, math.Float64bits(n.val.Data[0]))
			}
			poison(p.steps, 12345)
			p.Run()
			for j, n := range p.steps {
				if got := math.Float64bits(n.val.Data[0]); got != want[j] {
					in := []float64{p.inputs[0].val.Data[0], p.inputs[1].val.Data[0], p.inputs[2].val.Data[0]}
					t.Fatalf("seed %d, inputs %v: step %d (%s) = %v (%#x) on the scalar path, %v (%#x) on the general path",
						seed, in, j, n.op.name(), n.val.Data[0], got, math.Float64frombits(want[j]), want[j])
				}
			}
		}
	}
}

// TestScalarPathNotOnLargerOperands checks that the scalar path lists no
// operation of a float32 tape (whose float64 copies of the values, made by
// Data, are not what its operations compute on) or with a result larger
// than 1×1 (a scalar broadcast over a row), and that such a Program has
// none.
func TestScalarPathNotOnLargerOperands(t *testing.T) {
	t32 := NewTapeOf(Float32)
	x := t32.Var(Zeros(1, 1))
	y := Mul(Exp(x), x)
	y.in[0].Data()
	y.Data()
	if p := Compile([]*Node{x}, []*Node{y}); p.scalar != nil {
		t.Errorf("float32 program: scalar path of %d steps", len(p.scalar))
	}
	t64 := NewTape()
	a, b := t64.Var(Zeros(1, 1)), t64.Var(Zeros(1, 2))
	if p := Compile([]*Node{a, b}, []*Node{Sum(Mul(a, b))}); p.scalar != nil {
		t.Errorf("1×1 times 1×2: scalar path of %d steps", len(p.scalar))
	}
}
