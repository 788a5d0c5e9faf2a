package ad

import (
	"math"
	"math/rand/v2"
	"testing"
)

// opCase is an operation under test with the shapes of its inputs and a
// sampler for valid input values.
type opCase struct {
	name   string
	shapes [][2]int
	sample func(r *rand.Rand) float64 // nil: standard normal
	build  func(in []*Node) *Node
}

func normal(r *rand.Rand) float64 { return r.NormFloat64() }
func positive(r *rand.Rand) float64 {
	return 0.5 + 1.5*r.Float64()
}

var opCases = []opCase{
	{"Add", [][2]int{{3, 4}, {3, 4}}, nil, func(in []*Node) *Node { return Add(in[0], in[1]) }},
	{"Add/row", [][2]int{{3, 4}, {1, 4}}, nil, func(in []*Node) *Node { return Add(in[0], in[1]) }},
	{"Add/scalar", [][2]int{{1, 1}, {3, 4}}, nil, func(in []*Node) *Node { return Add(in[0], in[1]) }},
	{"Sub/col", [][2]int{{3, 4}, {3, 1}}, nil, func(in []*Node) *Node { return Sub(in[0], in[1]) }},
	{"Mul/row", [][2]int{{1, 4}, {3, 4}}, nil, func(in []*Node) *Node { return Mul(in[0], in[1]) }},
	{"Mul/self", [][2]int{{2, 3}}, nil, func(in []*Node) *Node { return Mul(in[0], in[0]) }},
	{"Div/scalar", [][2]int{{3, 4}, {1, 1}}, positive, func(in []*Node) *Node { return Div(in[0], in[1]) }},
	{"Pow", [][2]int{{2, 3}, {2, 3}}, positive, func(in []*Node) *Node { return Pow(in[0], in[1]) }},
	{"PowConst", [][2]int{{2, 3}}, positive, func(in []*Node) *Node { return PowConst(in[0], 2.5) }},
	{"Neg", [][2]int{{2, 3}}, nil, func(in []*Node) *Node { return Neg(in[0]) }},
	{"Scale", [][2]int{{2, 3}}, nil, func(in []*Node) *Node { return Scale(in[0], -1.7) }},
	{"Square", [][2]int{{2, 3}}, nil, func(in []*Node) *Node { return Square(in[0]) }},
	{"Sqrt", [][2]int{{2, 3}}, positive, func(in []*Node) *Node { return Sqrt(in[0]) }},
	{"Exp", [][2]int{{2, 3}}, nil, func(in []*Node) *Node { return Exp(in[0]) }},
	{"Log", [][2]int{{2, 3}}, positive, func(in []*Node) *Node { return Log(in[0]) }},
	{"Log1p", [][2]int{{2, 3}}, positive, func(in []*Node) *Node { return Log1p(in[0]) }},
	{"Sin", [][2]int{{2, 3}}, nil, func(in []*Node) *Node { return Sin(in[0]) }},
	{"Cos", [][2]int{{2, 3}}, nil, func(in []*Node) *Node { return Cos(in[0]) }},
	{"Tan", [][2]int{{2, 3}}, func(r *rand.Rand) float64 { return r.Float64() - 0.5 }, func(in []*Node) *Node { return Tan(in[0]) }},
	{"Tanh", [][2]int{{2, 3}}, nil, func(in []*Node) *Node { return Tanh(in[0]) }},
	{"Sigmoid", [][2]int{{2, 3}}, nil, func(in []*Node) *Node { return Sigmoid(in[0]) }},
	{"Softplus", [][2]int{{2, 3}}, nil, func(in []*Node) *Node { return Softplus(in[0]) }},
	{"Relu·x", [][2]int{{2, 3}}, nil, func(in []*Node) *Node { return Mul(Relu(in[0]), in[0]) }},
	{"Abs·x", [][2]int{{2, 3}}, nil, func(in []*Node) *Node { return Mul(Abs(in[0]), in[0]) }},
	{"Maximum", [][2]int{{2, 3}, {2, 3}}, nil, func(in []*Node) *Node { return Mul(Maximum(in[0], in[1]), in[0]) }},
	{"Minimum/scalar", [][2]int{{2, 3}, {1, 1}}, nil, func(in []*Node) *Node { return Square(Minimum(in[0], in[1])) }},
	{"Clamp", [][2]int{{2, 3}}, nil, func(in []*Node) *Node { return Square(Clamp(in[0], -0.5, 0.5)) }},
	{"Where", [][2]int{{2, 3}, {2, 3}, {2, 3}}, nil, func(in []*Node) *Node {
		return Where(Greater(in[0], in[1]), Square(in[1]), Mul(in[2], in[0]))
	}},
	{"MatMul", [][2]int{{3, 4}, {4, 2}}, nil, func(in []*Node) *Node { return MatMul(in[0], in[1]) }},
	{"MatMul/big", [][2]int{{5, 6}, {6, 7}}, nil, func(in []*Node) *Node { return MatMul(in[0], in[1]) }},
	{"MatMulTA", [][2]int{{4, 3}, {4, 2}}, nil, func(in []*Node) *Node { return MatMulT(in[0], in[1], true, false) }},
	{"MatMulTB", [][2]int{{3, 4}, {2, 4}}, nil, func(in []*Node) *Node { return MatMulT(in[0], in[1], false, true) }},
	{"MatMulTT", [][2]int{{4, 3}, {2, 4}}, nil, func(in []*Node) *Node { return MatMulT(in[0], in[1], true, true) }},
	{"MatMul²", [][2]int{{3, 3}}, nil, func(in []*Node) *Node { return MatMul(in[0], in[0]) }},
	{"Dot", [][2]int{{2, 3}, {2, 3}}, nil, func(in []*Node) *Node { return Mul(Dot(in[0], in[1]), Sum(in[0])) }},
	{"Sum", [][2]int{{2, 3}}, nil, func(in []*Node) *Node { return Square(Sum(in[0])) }},
	{"Mean", [][2]int{{2, 3}}, nil, func(in []*Node) *Node { return Exp(Mean(in[0])) }},
	{"RowSums", [][2]int{{3, 4}}, nil, func(in []*Node) *Node { return Square(RowSums(in[0])) }},
	{"ColSums", [][2]int{{3, 4}}, nil, func(in []*Node) *Node { return Square(ColSums(in[0])) }},
	{"RowMeans", [][2]int{{3, 4}}, nil, func(in []*Node) *Node { return Square(RowMeans(in[0])) }},
	{"ColMeans", [][2]int{{3, 4}}, nil, func(in []*Node) *Node { return Square(ColMeans(in[0])) }},
	{"RowMax", [][2]int{{3, 4}}, nil, func(in []*Node) *Node { return Square(RowMax(in[0])) }},
	{"Max", [][2]int{{3, 4}}, nil, func(in []*Node) *Node { return Square(Max(in[0])) }},
	{"LogSumExp", [][2]int{{3, 4}}, nil, func(in []*Node) *Node { return LogSumExp(in[0]) }},
	{"Softmax", [][2]int{{3, 4}}, nil, func(in []*Node) *Node { return Softmax(in[0]) }},
	{"LogSoftmax", [][2]int{{3, 4}}, nil, func(in []*Node) *Node { return LogSoftmax(in[0]) }},
	{"Transpose", [][2]int{{3, 4}}, nil, func(in []*Node) *Node { return Mul(Transpose(in[0]), Transpose(in[0])) }},
	{"Reshape", [][2]int{{3, 4}}, nil, func(in []*Node) *Node { return Square(Reshape(in[0], 2, 6)) }},
	{"Slice", [][2]int{{3, 4}}, nil, func(in []*Node) *Node { return Square(Slice(in[0], 1, 3, 1, 3)) }},
	{"Index", [][2]int{{1, 4}}, nil, func(in []*Node) *Node { return Mul(Index(in[0], 2), Index(in[0], 1)) }},
	{"ConcatCols", [][2]int{{3, 2}, {3, 1}}, nil, func(in []*Node) *Node { return Square(ConcatCols(in[0], in[1])) }},
	{"ConcatRows", [][2]int{{2, 3}, {1, 3}}, nil, func(in []*Node) *Node { return Square(ConcatRows(in[0], in[1])) }},
	{"Gather", [][2]int{{3, 4}}, nil, func(in []*Node) *Node {
		idx := in[0].Tape().Const(NewTensor(3, 1, []float64{2, 0, 3}))
		return Square(Gather(in[0], idx))
	}},
	{"SelectRows", [][2]int{{3, 4}}, nil, func(in []*Node) *Node {
		idx := in[0].Tape().Const(NewTensor(4, 1, []float64{2, 0, 2, 1}))
		return Square(SelectRows(in[0], idx))
	}},
	{"BroadcastTo", [][2]int{{1, 3}}, nil, func(in []*Node) *Node { return Square(BroadcastTo(in[0], 4, 3)) }},
	{"Add/outer", [][2]int{{3, 1}, {1, 4}}, nil, func(in []*Node) *Node { return Square(Add(in[0], in[1])) }},
	{"Sub/scalar-left", [][2]int{{1, 1}, {3, 4}}, nil, func(in []*Node) *Node { return Square(Sub(in[0], in[1])) }},
	{"Mul/outer", [][2]int{{1, 4}, {3, 1}}, nil, func(in []*Node) *Node { return Mul(Mul(in[0], in[1]), in[1]) }},
	{"Mul/col", [][2]int{{3, 4}, {3, 1}}, nil, func(in []*Node) *Node { return Mul(Mul(in[0], in[1]), in[0]) }},
	{"Div/col", [][2]int{{3, 4}, {3, 1}}, positive, func(in []*Node) *Node { return Div(in[0], in[1]) }},
	{"Div/outer", [][2]int{{1, 4}, {3, 1}}, positive, func(in []*Node) *Node { return Div(in[0], in[1]) }},
	{"Pow/scalar-exponent", [][2]int{{2, 3}, {1, 1}}, positive, func(in []*Node) *Node { return Pow(in[0], in[1]) }},
	{"Maximum/row", [][2]int{{3, 4}, {1, 4}}, nil, func(in []*Node) *Node { return Square(Maximum(in[0], in[1])) }},
	{"Minimum/outer", [][2]int{{3, 1}, {1, 4}}, nil, func(in []*Node) *Node { return Square(Minimum(in[0], in[1])) }},
	{"Where/broadcast", [][2]int{{3, 1}, {1, 4}, {3, 4}}, nil, func(in []*Node) *Node {
		cond := Greater(in[0], in[0].Tape().Scalar(0))
		return Mul(Where(cond, Square(in[1]), in[2]), in[2])
	}},
	{"Sign·x²", [][2]int{{2, 3}}, nil, func(in []*Node) *Node { return Mul(Sign(in[0]), Square(in[0])) }},
	{"Step·x³", [][2]int{{2, 3}}, nil, func(in []*Node) *Node { return Mul(Step(in[0]), PowConst(in[0], 3)) }},
	{"Tanh∘Sigmoid∘Softplus", [][2]int{{2, 3}}, nil, func(in []*Node) *Node { return Tanh(Sigmoid(Softplus(in[0]))) }},
	{"Relu∘Square", [][2]int{{2, 3}}, nil, func(in []*Node) *Node { return Mul(Relu(Square(in[0])), in[0]) }},
	{"Norm2", [][2]int{{2, 3}}, nil, func(in []*Node) *Node { return Mul(Norm2(in[0]), Sum(in[0])) }},
	{"ColMax", [][2]int{{3, 4}}, nil, func(in []*Node) *Node { return Square(ColMax(in[0])) }},
	{"Transpose/vec", [][2]int{{1, 4}}, nil, func(in []*Node) *Node { return MatMul(Transpose(in[0]), Square(in[0])) }},
	{"Pad", [][2]int{{2, 2}}, nil, func(in []*Node) *Node { return Square(Pad(in[0], 3, 4, 1, 2)) }},
	{"SumTo/col", [][2]int{{3, 4}}, nil, func(in []*Node) *Node { return Square(SumTo(in[0], 3, 1)) }},
	{"ConcatCols/three", [][2]int{{3, 2}, {3, 1}, {3, 3}}, nil, func(in []*Node) *Node {
		return Square(ConcatCols(in[0], Mul(in[1], in[1]), in[2]))
	}},
	{"ConcatRows/three", [][2]int{{1, 2}, {2, 2}, {1, 2}}, nil, func(in []*Node) *Node {
		return Square(ConcatRows(in[0], in[1], Exp(in[2])))
	}},
	{"Scatter", [][2]int{{3, 1}}, nil, func(in []*Node) *Node {
		idx := in[0].Tape().Const(NewTensor(3, 1, []float64{1, 0, 1}))
		return Square(Scatter(in[0], idx, 2))
	}},
	{"Solve/vector", [][2]int{{4, 4}, {4, 1}}, nil, func(in []*Node) *Node {
		eye := in[0].Tape().Const(NewTensor(4, 4, []float64{5, 0, 0, 0, 0, 5, 0, 0, 0, 0, 5, 0, 0, 0, 0, 5}))
		return Square(Solve(Add(in[0], eye), in[1]))
	}},
	{"Solve/A-only", [][2]int{{3, 3}}, nil, func(in []*Node) *Node {
		t := in[0].Tape()
		eye := t.Const(NewTensor(3, 3, []float64{4, 0, 0, 0, 4, 0, 0, 0, 4}))
		return Solve(Add(in[0], eye), t.Const(NewTensor(3, 1, []float64{1, -2, 0.5})))
	}},
	{"Solve/B-only", [][2]int{{3, 2}}, nil, func(in []*Node) *Node {
		t := in[0].Tape()
		A := t.Const(NewTensor(3, 3, []float64{4, 1, 0, -1, 3, 0.5, 0.2, 0, 2}))
		return Square(Solve(A, in[0]))
	}},
	{"Solve", [][2]int{{3, 3}, {3, 2}}, nil, func(in []*Node) *Node {
		// A + 4I keeps the random matrix well conditioned.
		eye := in[0].Tape().Const(NewTensor(3, 3, []float64{4, 0, 0, 0, 4, 0, 0, 0, 4}))
		return Solve(Add(in[0], eye), in[1])
	}},
}

// loss reduces an op's result to a scalar with fixed random weights, so that
// every output element contributes to the gradient.
func loss(out *Node, w []float64) *Node {
	t := out.Tape()
	return Dot(out, t.Const(NewTensor(out.Rows(), out.Cols(), w[:out.Value().Size()])))
}

func evalLoss(c opCase, vals [][]float64, w []float64) float64 {
	t := NewTape()
	in := make([]*Node, len(vals))
	for i, v := range vals {
		in[i] = t.Var(NewTensor(c.shapes[i][0], c.shapes[i][1], v))
	}
	return loss(c.build(in), w).Scalar()
}

// gradAt returns the flattened gradient of the loss at vals.
func gradAt(c opCase, vals [][]float64, w []float64) []float64 {
	t := NewTape()
	in := make([]*Node, len(vals))
	for i, v := range vals {
		in[i] = t.Var(NewTensor(c.shapes[i][0], c.shapes[i][1], v))
	}
	var flat []float64
	for _, g := range Grad(loss(c.build(in), w), in...) {
		flat = append(flat, g.Data()...)
	}
	return flat
}

// drawInputs draws c's input values (c.sample, or normal) and directions
// (standard normal) from r, input by input, element by element.
func drawInputs(c opCase, r *rand.Rand) (vals, vs [][]float64) {
	sample := c.sample
	if sample == nil {
		sample = normal
	}
	vals = make([][]float64, len(c.shapes))
	vs = make([][]float64, len(c.shapes))
	for i, s := range c.shapes {
		vals[i] = make([]float64, s[0]*s[1])
		vs[i] = make([]float64, s[0]*s[1])
		for j := range vals[i] {
			vals[i][j] = sample(r)
			vs[i][j] = r.NormFloat64()
		}
	}
	return vals, vs
}

// TestOpGradientsAgainstFiniteDifferences checks every op's gradient against
// central differences (step 1e-6, tolerance 1e-6 absolute + relative) and
// its Hessian–vector product against central differences of the gradient
// (step 1e-5, tolerance 1e-5).
func TestOpGradientsAgainstFiniteDifferences(t *testing.T) {
	for _, c := range opCases {
		t.Run(c.name, func(t *testing.T) {
			checkGradHVPFD(t, c, rand.New(rand.NewPCG(1, uint64(len(c.name)))))
		})
	}
}

// checkGradHVPFD draws inputs for c from r and checks the gradient of its
// loss against central differences (step 1e-6, tolerance 1e-6·(1+|fd|)) and
// its Hessian–vector product against central differences of the gradient
// (step 1e-5, tolerance 1e-5·(1+|fd|)). Outputs may have up to 512 elements.
func checkGradHVPFD(t *testing.T, c opCase, r *rand.Rand) {
	t.Helper()
	vals, vs := drawInputs(c, r)
	w := make([]float64, 512)
	for i := range w {
		w[i] = r.NormFloat64()
	}
	// Gradient against central differences.
	g := gradAt(c, vals, w)
	k := 0
	const h = 1e-6
	for i := range vals {
		for j := range vals[i] {
			old := vals[i][j]
			vals[i][j] = old + h
			fp := evalLoss(c, vals, w)
			vals[i][j] = old - h
			fm := evalLoss(c, vals, w)
			vals[i][j] = old
			fd := (fp - fm) / (2 * h)
			if math.Abs(fd-g[k]) > 1e-6*(1+math.Abs(fd)) {
				t.Errorf("grad[%d][%d] = %.10g, finite difference %.10g", i, j, g[k], fd)
			}
			k++
		}
	}
	// HVP against central differences of the gradient along v.
	tp := NewTape()
	in := make([]*Node, len(vals))
	vn := make([]*Node, len(vals))
	for i := range vals {
		in[i] = tp.Var(NewTensor(c.shapes[i][0], c.shapes[i][1], vals[i]))
		vn[i] = tp.Const(NewTensor(c.shapes[i][0], c.shapes[i][1], vs[i]))
	}
	L := loss(c.build(in), w)
	gs := Grad(L, in...)
	gv := Dot(gs[0], vn[0])
	for i := 1; i < len(gs); i++ {
		gv = Add(gv, Dot(gs[i], vn[i]))
	}
	var hv []float64
	if gv.needs {
		for _, x := range Grad(gv, in...) {
			hv = append(hv, x.Data()...)
		}
	} else {
		hv = make([]float64, len(g))
	}
	const e = 1e-5
	shift := func(s float64) [][]float64 {
		out := make([][]float64, len(vals))
		for i := range vals {
			out[i] = make([]float64, len(vals[i]))
			for j := range vals[i] {
				out[i][j] = vals[i][j] + s*vs[i][j]
			}
		}
		return out
	}
	gp, gm := gradAt(c, shift(e), w), gradAt(c, shift(-e), w)
	for k := range hv {
		fd := (gp[k] - gm[k]) / (2 * e)
		if math.Abs(fd-hv[k]) > 1e-5*(1+math.Abs(fd)) {
			t.Errorf("hvp[%d] = %.10g, finite difference %.10g", k, hv[k], fd)
		}
	}
}

// TestOpThirdOrderAgainstFiniteDifferences differentiates every op's HVP
// once more: the gradient of F(x) = ⟨∇²L(x)·v, w⟩ against central
// differences of F (step 1e-4, tolerance 1e-5·(1+|fd|)). This checks that
// the backward rules' own backward rules are right.
func TestOpThirdOrderAgainstFiniteDifferences(t *testing.T) {
	for _, c := range opCases {
		t.Run(c.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(2, uint64(len(c.name))))
			sample := c.sample
			if sample == nil {
				sample = normal
			}
			vals := make([][]float64, len(c.shapes))
			vs := make([][]float64, len(c.shapes))
			ws := make([][]float64, len(c.shapes))
			for i, s := range c.shapes {
				vals[i] = make([]float64, s[0]*s[1])
				vs[i] = make([]float64, s[0]*s[1])
				ws[i] = make([]float64, s[0]*s[1])
				for j := range vals[i] {
					vals[i][j] = sample(r)
					vs[i][j] = r.NormFloat64()
					ws[i][j] = r.NormFloat64()
				}
			}
			w := make([]float64, 64)
			for i := range w {
				w[i] = r.NormFloat64()
			}
			// F records ⟨HVP, w⟩ and returns it with the inputs.
			F := func(vals [][]float64) (*Node, []*Node) {
				tp := NewTape()
				in := make([]*Node, len(vals))
				vn := make([]*Node, len(vals))
				for i := range vals {
					in[i] = tp.Var(NewTensor(c.shapes[i][0], c.shapes[i][1], vals[i]))
					vn[i] = tp.Const(NewTensor(c.shapes[i][0], c.shapes[i][1], vs[i]))
				}
				hv := HVPMulti(loss(c.build(in), w), in, vn)
				f := Dot(hv[0], tp.Const(NewTensor(c.shapes[0][0], c.shapes[0][1], ws[0])))
				for i := 1; i < len(hv); i++ {
					f = Add(f, Dot(hv[i], tp.Const(NewTensor(c.shapes[i][0], c.shapes[i][1], ws[i]))))
				}
				return f, in
			}
			f, in := F(vals)
			var g []float64
			if f.needs {
				for _, x := range Grad(f, in...) {
					g = append(g, x.Data()...)
				}
			} else {
				for _, v := range vals {
					g = append(g, make([]float64, len(v))...)
				}
			}
			const h = 1e-4
			k := 0
			for i := range vals {
				for j := range vals[i] {
					old := vals[i][j]
					vals[i][j] = old + h
					fp, _ := F(vals)
					vals[i][j] = old - h
					fm, _ := F(vals)
					vals[i][j] = old
					fd := (fp.Scalar() - fm.Scalar()) / (2 * h)
					if math.Abs(fd-g[k]) > 1e-5*(1+math.Abs(fd)) {
						t.Errorf("third-order [%d][%d] = %.10g, finite difference %.10g", i, j, g[k], fd)
					}
					k++
				}
			}
		})
	}
}
