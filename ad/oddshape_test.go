package ad

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// oddShapes are the shapes the odd-shape tests run every op at: a scalar, a
// row, a column and a prime-sized matrix.
var oddShapes = [][2]int{{1, 1}, {1, 7}, {7, 1}, {7, 13}}

// oddShapeCases returns opCases for every exported op at the r×c shape,
// with broadcast partners of every orientation (same shape, row, column,
// scalar) and product partners whose inner dimension is 1, 7 or 13.
func oddShapeCases(r, c int) []opCase {
	s := [2]int{r, c}
	small := func(rr *rand.Rand) float64 { return rr.Float64() - 0.5 }
	un := func(name string, sample func(*rand.Rand) float64, f func(x *Node) *Node) opCase {
		return opCase{name, [][2]int{s}, sample, func(in []*Node) *Node { return f(in[0]) }}
	}
	cases := []opCase{
		un("Exp", nil, Exp), un("Log", positive, Log), un("Log1p", positive, Log1p),
		un("Sqrt", positive, Sqrt), un("Square", nil, Square), un("Sin", nil, Sin),
		un("Cos", nil, Cos), un("Tan", small, Tan), un("Tanh", nil, Tanh),
		un("Sigmoid", nil, Sigmoid), un("Softplus", nil, Softplus),
		un("Relu·x", nil, func(x *Node) *Node { return Mul(Relu(x), x) }),
		un("Abs·x", nil, func(x *Node) *Node { return Mul(Abs(x), x) }),
		un("Sign·x²", nil, func(x *Node) *Node { return Mul(Sign(x), Square(x)) }),
		un("Step·x³", nil, func(x *Node) *Node { return Mul(Step(x), PowConst(x, 3)) }),
		un("PowConst", positive, func(x *Node) *Node { return PowConst(x, -1.5) }),
		un("Neg", nil, Neg),
		un("Scale", nil, func(x *Node) *Node { return Square(Scale(x, -1.7)) }),
		un("AddScalar", nil, func(x *Node) *Node { return Square(AddScalar(x, 0.3)) }),
		un("RSub", nil, func(x *Node) *Node { return Square(RSub(0.3, x)) }),
		un("Clamp", nil, func(x *Node) *Node { return Square(Clamp(x, -0.5, 0.5)) }),
		un("Sum", nil, func(x *Node) *Node { return Square(Sum(x)) }),
		un("Mean", nil, func(x *Node) *Node { return Exp(Mean(x)) }),
		un("RowSums", nil, func(x *Node) *Node { return Square(RowSums(x)) }),
		un("ColSums", nil, func(x *Node) *Node { return Square(ColSums(x)) }),
		un("RowMeans", nil, func(x *Node) *Node { return Square(RowMeans(x)) }),
		un("ColMeans", nil, func(x *Node) *Node { return Square(ColMeans(x)) }),
		un("RowMax", nil, func(x *Node) *Node { return Square(RowMax(x)) }),
		un("ColMax", nil, func(x *Node) *Node { return Square(ColMax(x)) }),
		un("Max", nil, func(x *Node) *Node { return Square(Max(x)) }),
		un("LogSumExp", nil, LogSumExp), un("Softmax", nil, Softmax), un("LogSoftmax", nil, LogSoftmax),
		un("Norm2", nil, func(x *Node) *Node { return Mul(Norm2(x), Sum(x)) }),
		un("Transpose", nil, func(x *Node) *Node { return Square(Transpose(x)) }),
		un("Reshape/col", nil, func(x *Node) *Node { return Square(Reshape(x, r*c, 1)) }),
		un("Reshape/row", nil, func(x *Node) *Node { return Square(Reshape(x, 1, r*c)) }),
		un("Slice", nil, func(x *Node) *Node { return Square(Slice(x, r/2, r, c/2, c)) }),
		un("Cols", nil, func(x *Node) *Node { return Square(Cols(x, 0, (c+1)/2)) }),
		un("Index", nil, func(x *Node) *Node { return Mul(Index(x, r*c-1), Index(x, 0)) }),
		un("Pad", nil, func(x *Node) *Node { return Square(Pad(x, r+2, c+1, 1, 1)) }),
		un("BroadcastTo/self", nil, func(x *Node) *Node { return Square(BroadcastTo(x, r, c)) }),
		un("SumTo/scalar", nil, func(x *Node) *Node { return Square(SumTo(x, 1, 1)) }),
		un("ConcatCols", nil, func(x *Node) *Node { return Square(ConcatCols(x, Exp(x), x)) }),
		un("ConcatRows", nil, func(x *Node) *Node { return Square(ConcatRows(x, Exp(x))) }),
		un("MatMul/self-T", nil, func(x *Node) *Node { return MatMul(x, Transpose(Square(x))) }),
		un("MatMulTA/self", nil, func(x *Node) *Node { return MatMulT(x, Sin(x), true, false) }),
		un("MatMulTB/self", nil, func(x *Node) *Node { return MatMulT(Sin(x), x, false, true) }),
		un("Gather", nil, func(x *Node) *Node {
			idx := make([]float64, r)
			for i := range idx {
				idx[i] = float64((3 * i) % c)
			}
			return Square(Gather(x, x.Tape().Const(NewTensor(r, 1, idx))))
		}),
		un("SelectRows", nil, func(x *Node) *Node {
			idx := []float64{float64(r - 1), 0, float64(r / 2)}
			return Square(SelectRows(x, x.Tape().Const(NewTensor(3, 1, idx))))
		}),
	}
	if c == 1 {
		cases = append(cases, un("Scatter", nil, func(x *Node) *Node {
			idx := make([]float64, r)
			for i := range idx {
				idx[i] = float64((2 * i) % 3)
			}
			return Square(Scatter(x, x.Tape().Const(NewTensor(r, 1, idx)), 3))
		}))
	}
	for _, b := range [][2]int{s, {1, c}, {r, 1}, {1, 1}} {
		bin := func(name string, sample func(*rand.Rand) float64, f func(a, b *Node) *Node) {
			for _, sw := range []bool{false, true} {
				shapes := [][2]int{s, b}
				if sw {
					shapes = [][2]int{b, s}
				}
				cases = append(cases, opCase{fmt.Sprintf("%s/%dx%d,%dx%d", name, shapes[0][0], shapes[0][1], shapes[1][0], shapes[1][1]),
					shapes, sample, func(in []*Node) *Node { return f(in[0], in[1]) }})
			}
		}
		bin("Add", nil, func(a, b *Node) *Node { return Square(Add(a, b)) })
		bin("Sub", nil, func(a, b *Node) *Node { return Square(Sub(a, b)) })
		bin("Mul", nil, func(a, b *Node) *Node { return Mul(Mul(a, b), b) })
		bin("Div", positive, Div)
		bin("Pow", positive, Pow)
		bin("Maximum", nil, func(a, b *Node) *Node { return Square(Maximum(a, b)) })
		bin("Minimum", nil, func(a, b *Node) *Node { return Mul(Minimum(a, b), a) })
		bin("Where", nil, func(a, b *Node) *Node {
			return Mul(Where(Less(a, a.Tape().Scalar(0)), Square(a), b), b)
		})
		cases = append(cases, opCase{fmt.Sprintf("BroadcastTo/%dx%d", b[0], b[1]), [][2]int{b}, nil,
			func(in []*Node) *Node { return Square(BroadcastTo(in[0], r, c)) }})
		cases = append(cases, opCase{fmt.Sprintf("SumTo/%dx%d", b[0], b[1]), [][2]int{s}, nil,
			func(in []*Node) *Node { return Square(SumTo(in[0], b[0], b[1])) }})
	}
	for _, k := range []int{1, 7, 13} {
		for _, tr := range [][2]bool{{false, false}, {true, false}, {false, true}, {true, true}} {
			as, bs := [2]int{r, k}, [2]int{k, c}
			if tr[0] {
				as = [2]int{k, r}
			}
			if tr[1] {
				bs = [2]int{c, k}
			}
			cases = append(cases, opCase{fmt.Sprintf("MatMulT%v/k=%d", tr, k), [][2]int{as, bs}, nil,
				func(in []*Node) *Node {
					return Square(MatMulT(in[0], in[1], tr[0], tr[1]))
				}})
		}
	}
	if r == c || r == 1 || c == 1 {
		n := max(r, c)
		if r == c {
			n = r
		}
		cases = append(cases, opCase{"Dot", [][2]int{s, s}, nil, func(in []*Node) *Node {
			return Mul(Dot(in[0], in[1]), Sum(in[0]))
		}})
		if r == c || r > 1 {
			cases = append(cases, opCase{"Solve", [][2]int{{n, n}, {n, c}}, nil, func(in []*Node) *Node {
				eye := make([]float64, n*n)
				for i := 0; i < n; i++ {
					eye[i*n+i] = float64(n) + 3
				}
				return Square(Solve(Add(in[0], in[0].Tape().Const(NewTensor(n, n, eye))), in[1]))
			}})
		}
	} else {
		cases = append(cases, opCase{"Dot", [][2]int{s, s}, nil, func(in []*Node) *Node {
			return Mul(Dot(in[0], in[1]), Sum(in[0]))
		}})
	}
	return cases
}

// TestOddShapesAgainstFiniteDifferences runs every op at 1×1, 1×7, 7×1 and
// 7×13 (with broadcast partners of every orientation and inner dimensions
// 1, 7, 13) through checkGradHVPFD (gradient tolerance 1e-6·(1+|fd|), HVP
// 1e-5·(1+|fd|)) and checkFloat32Against64 (close32: 1e-4·(1+|want|)).
func TestOddShapesAgainstFiniteDifferences(t *testing.T) {
	if testing.Short() {
		t.Skip("odd shapes: many finite differences")
	}
	for _, s := range oddShapes {
		for _, c := range oddShapeCases(s[0], s[1]) {
			t.Run(fmt.Sprintf("%dx%d/%s", s[0], s[1], c.name), func(t *testing.T) {
				checkGradHVPFD(t, c, rand.New(rand.NewPCG(7, uint64(s[0]*100+s[1]))))
				checkFloat32Against64(t, c, rand.New(rand.NewPCG(8, uint64(s[0]*100+s[1]))))
			})
		}
	}
}
