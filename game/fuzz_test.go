package game

import (
	"go/scanner"
	"go/token"
	"math"
	"slices"
	"testing"

	"github.com/stackel/stackel/ad"
)

// FuzzFormula checks that no pair of objectives makes the formula parser,
// the ad graph it builds, its gradients or the compiled evaluator panic:
// every input is rejected with an error or evaluates (to any number,
// NaN included — runs check finiteness), and that where an objective is
// not finite Diagnose names a sub-expression, and where it is finite but
// its gradient is not DiagnoseDerivative says why. dims picks each player's
// dimension, 1 or 2 (its low two bits): with one dimension x[0] is x
// itself, an input node that Grad must handle as an output (a crasher of
// FuzzConfig; the seeds with dims 0 and 1). A crasher the fuzzer finds
// goes in testdata/fuzz/FuzzFormula.
func FuzzFormula(f *testing.F) {
	for _, s := range fuzzFormulaSeeds {
		f.Add(s.f1, s.f2, s.dims)
	}
	f.Fuzz(func(t *testing.T, f1, f2 string, dims uint8) { fuzzFormulaOnce(t, f1, f2, dims) })
}

// fuzzFormulaSeeds are FuzzFormula's seeds; all but the last two
// evaluate (TestFuzzFormulaSeedsEvaluate), and the two before them have
// a finite objective whose gradient (f1 of the first, f1 of the second)
// or Hessian (f2 of the first) is not (TestFuzzFormulaSeedsDiagnose).
var fuzzFormulaSeeds = []struct {
	f1, f2 string
	dims   uint8
}{
	{"x[0]*(A - x[0] - y[0]) - c*x[0]", "y[0]*(A - x[0] - y[0]) - c*y[0]", 3},
	{"quad(x, M, y) + norm2(x) + dot(v, y)", "sum(matvec(M, y)) + pow(abs(y[1]), 1.5)", 3},
	{"log(-1 - x[0]*x[0])", "sin(x[1])*cos(y[0]) + tan(pi/4) + sqrt(exp(y[1]))", 3},
	{"max(x[0], y[0]) - min(x[1], 2) + sigmoid(x[0]) * softplus(y[1]) / tanh(1e-3)", "-+-y[0]", 3},
	{"M[1][0] * x[0] + v[1]", "pow(y[0], x[0])", 3},
	{"sum((2*R)[0]*x) + R[0][1]*y[0]", "dot(pow(R, 2)[0], y)", 3},
	{"x[0]", "y[0]*y[0]", 0},
	{"y[0]", "x[0]", 1},
	{"sqrt(x[0] - 0.5) + y[0]", "x[0]*pow(y[1] - 0.25, 1.5)", 3},
	{"exp(exp(x[0] + 6.06))", "y[0]", 0},
	{"0100*x[0] + x[-1] - x[(1)]", "y[0]/0 + 1e-400 − y[0]", 3},
	{"α*x[0]\u00a0+ --x[0]", "x[0]/(c - 1) + \xff", 3},
}

// fuzzFormulaParams are the parameters a fuzzed formula may read; R, a
// one-row matrix named in Matrices, is indexed by rows.
var fuzzFormulaParams = map[string]ad.Tensor{
	"A": ad.Scalar(100), "c": ad.Scalar(1),
	"v": ad.Vector(1, -1),
	"M": ad.Matrix([][]float64{{1, 2}, {3, 4}}),
	"R": ad.NewTensor(1, 2, []float64{0.5, -2}),
}

// fuzzFormulaOnce builds the game of f1 and f2 with the parameters among
// fuzzFormulaParams whose names they hold as identifiers (NewFormula
// refuses a parameter that neither reads, which with all of them refused
// every seed before evaluation), then evaluates its values, gradients and
// a Hessian-vector product on a tape and through NewEvaluator (which
// must give the tape's values and gradients, bit for bit), then
// diagnoses each objective: Diagnose where it is not finite,
// DiagnoseDerivative of orders 1 and 2 where it is, and fails t when an
// objective or a gradient that is not finite gets no diagnosis. It
// reports whether the game was built and evaluated, and the diagnoses'
// texts.
func fuzzFormulaOnce(t *testing.T, f1, f2 string, dims uint8) (bool, []string) {
	if len(f1)+len(f2) > 4096 {
		return false, nil
	}
	d1, d2 := 1+int(dims&1), 1+int(dims>>1&1)
	params := map[string]ad.Tensor{}
	for _, src := range []string{f1, f2} {
		var sc scanner.Scanner
		fs := token.NewFileSet()
		sc.Init(fs.AddFile("", -1, len(src)), []byte(src), func(token.Position, string) {}, 0)
		for {
			_, tok, lit := sc.Scan()
			if tok == token.EOF {
				break
			}
			if t, ok := fuzzFormulaParams[lit]; ok && tok == token.IDENT {
				params[lit] = t
			}
		}
	}
	var matrices []string
	if _, ok := params["R"]; ok {
		matrices = []string{"R"}
	}
	g, err := NewFormula(FormulaSpec{Sense: Cost, Dims: [2]int{d1, d2}, F1: f1, F2: f2, Params: params, Matrices: matrices})
	if err != nil {
		return false, nil
	}
	xs, ys := []float64{0.5, -1}[:d1], []float64{2, 0.25}[:d2]
	tp := ad.NewTape()
	x := tp.Var(ad.Vector(xs...))
	y := tp.Var(ad.Vector(ys...))
	v1 := g.F1(x, y)
	g1 := ad.Grad(v1, x, y)
	v2 := g.F2(x, y)
	g2 := ad.Grad(v2, y, x)
	_ = ad.HVP(v2, y, tp.Const(ad.Vector(ys...)))
	// The compiled evaluator (ad's Programs, on the scalar path where the
	// players are scalars) gives the tape's bits.
	e := NewEvaluator(g)
	gx, gy := make([]float64, d1), make([]float64, d2)
	e.Grad1(gx, xs, ys)
	e.Grad2(gy, xs, ys)
	for _, c := range []struct {
		what      string
		got, want []float64
	}{
		{"f1", []float64{e.Value1(xs, ys)}, v1.Data()}, {"f2", []float64{e.Value2(xs, ys)}, v2.Data()},
		{"∇x f1", gx, g1[0].Data()}, {"∇y f2", gy, g2[0].Data()},
	} {
		for j := range c.want {
			if math.Float64bits(c.got[j]) != math.Float64bits(c.want[j]) {
				t.Errorf("%s of f1 = %q, f2 = %q (dims %d, %d): the evaluator gives %v, the tape %v (bit for bit)", c.what, f1, f2, d1, d2, c.got, c.want)
				break
			}
		}
	}
	var diags []string
	fm := g.(*Formula)
	for i, c := range []struct {
		v     *ad.Node
		grads []*ad.Node
	}{{v1, g1}, {v2, g2}} {
		if !allFinite(c.v.Value().Data) {
			err := fm.DiagnoseObjective(i+1, xs, ys)
			if err == nil {
				t.Errorf("f%d = %v at (x = %v, y = %v): DiagnoseObjective gave nil", i+1, c.v.Value().Data, xs, ys)
				continue
			}
			diags = append(diags, err.Error())
			continue
		}
		for order := 1; order <= 2; order++ {
			err := fm.DiagnoseDerivative(i+1, order, xs, ys)
			if err != nil {
				diags = append(diags, err.Error())
			} else if order == 1 && !(allFinite(c.grads[0].Value().Data) && allFinite(c.grads[1].Value().Data)) {
				t.Errorf("f%d's gradient %v, %v at (x = %v, y = %v): DiagnoseDerivative gave nil",
					i+1, c.grads[0].Value().Data, c.grads[1].Value().Data, xs, ys)
			}
		}
	}
	return true, diags
}

// TestFuzzFormulaSeedsEvaluate: FuzzFormula handed every formula all its
// parameters, and NewFormula refuses one that neither objective reads,
// so each seed was refused ("param M is used by neither f1 nor f2")
// before the ad graph, gradients and evaluator it is there to exercise;
// the fuzzer reached them only by mutating a formula into reading A, c,
// v and M at once. All seeds but the last two (syntax errors by design)
// now evaluate.
func TestFuzzFormulaSeedsEvaluate(t *testing.T) {
	for i, s := range fuzzFormulaSeeds {
		want := i < len(fuzzFormulaSeeds)-2
		if got, _ := fuzzFormulaOnce(t, s.f1, s.f2, s.dims); got != want {
			t.Errorf("seed %d (%q, %q): evaluated %v, want %v", i, s.f1, s.f2, got, want)
		}
	}
}

// TestFuzzFormulaSeedsDiagnose: FuzzFormula evaluated values, gradients
// and a Hessian-vector product but called neither Diagnose nor
// DiagnoseDerivative, so the fuzzer never reached the diagnosis of a
// finite objective whose gradient is not; the two seeds before the
// syntax errors reach it, at x = [0.5 -1], y = [2 0.25] (dims 3) and
// x = [0.5], y = [2] (dims 0).
func TestFuzzFormulaSeedsDiagnose(t *testing.T) {
	n := len(fuzzFormulaSeeds)
	for i, want := range map[int][]string{
		n - 4: {
			"f1: sqrt(x[0] - 0.5) has an infinite derivative at 1:1 (x = [0.5 -1], y = [2 0.25])",
			"f1: sqrt(x[0] - 0.5) has an infinite second derivative at 1:1 (x = [0.5 -1], y = [2 0.25])",
			"f2: pow(y[1] - 0.25, 1.5) has an infinite second derivative at 1:6 (x = [0.5 -1], y = [2 0.25])",
		},
		n - 3: {
			"f1: its gradient overflows at (x = [0.5], y = [2]), though no sub-expression has an infinite derivative",
			"f1: its Hessian overflows at (x = [0.5], y = [2]), though no sub-expression has an infinite second derivative",
		},
	} {
		s := fuzzFormulaSeeds[i]
		_, got := fuzzFormulaOnce(t, s.f1, s.f2, s.dims)
		if !slices.Equal(got, want) {
			t.Errorf("seed %d (%q, %q): diagnoses\n%q\nwant\n%q", i, s.f1, s.f2, got, want)
		}
	}
}
