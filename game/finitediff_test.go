package game

import (
	"math"
	"strings"
	"testing"

	"github.com/stackel/stackel/ad"
)

// auditFormulas exercise every formula operator and function with x and y
// entangled, so that the mixed blocks ∇xy of the Hessian are nonzero. The
// arguments of log, sqrt, pow with a non-integer or variable exponent and
// of a divisor stay positive on the sampling box [0.2, 1.2]².
var auditFormulas = []string{
	"sin(x[0]*y[1]) + cos(x[1] - y[0]) + tan(0.3*x[0]*y[0])",
	"exp(x[0]*y[0] - x[1]) + log(x[0] + y[1]*y[1]) + sqrt(x[1]*y[0] + 1)",
	"tanh(x[0] - 2*y[1]) + sigmoid(x[1]*y[0]) + softplus(x[0]*x[1] - y[0])",
	"abs(x[0] - y[0] + 3) + pow(x[0] + y[1], 2.5) + pow(x[1], y[0]) + pow(2, x[0]*y[1])",
	"pow(x[0] - y[1], 3) + pow(x[1]*y[0], -2) + pow(x[0], 1.0/3)",
	"min(x[0]*y[0], 5) + max(x[1] + y[1], -5) + x[0]/y[1] - y[0]/(x[1] + 1)",
	"-x[0]*y[0]*x[1] + +y[1] - (x[0] - y[0])*(x[1] + y[1]) / 3",
	"sum(x*y) + dot(x, y*y) + norm2(x - y) + quad(x, M, y) + dot(matvec(M, y), x*x)",
	"dot(M[1], x*y) + sum(M[0]*x) * y[0] + sum(pow(x, 2)) * sum(y)",
}

// TestFormulaFiniteDifferences checks, for every formula operator, the
// gradient of f1 in (x, y) against central differences of its value (step
// 1e-5, tolerance 1e-6·max(1, |g|)) and the full Hessian in (x, y),
// including the mixed block ∇xy, against central differences of the ad
// gradient (step 1e-5, tolerance 1e-5·max(1, |H|)), at 20 random points of
// [0.2, 1.2]⁴ per formula drawn from PCG(32, 7).
func TestFormulaFiniteDifferences(t *testing.T) {
	rng := newRand(32)
	M := ad.NewTensor(2, 2, []float64{0.5, -1, 2, 0.25})
	for _, src := range auditFormulas {
		g, err := NewFormula(FormulaSpec{Dims: [2]int{2, 2}, F1: src, F2: readingAll("y[0]", map[string]ad.Tensor{"M": M}), Params: map[string]ad.Tensor{"M": M}})
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		for k := 0; k < 20; k++ {
			z := randVec(rng, 4, 0.2, 1.2)
			checkFDAt(t, g, src, z)
		}
	}
}

// gradAt returns f1 and its gradient in (x, y) at z = (x, y).
func gradAt(g Game, z []float64) (float64, []float64) {
	d1, _ := g.Dims()
	r := evalAD(g, z[:d1], z[d1:], false)
	return r.f1, append(append([]float64(nil), r.g1...), r.g1y...)
}

func checkFDAt(t *testing.T, g Game, src string, z []float64) {
	t.Helper()
	const h = 1e-5
	_, grad := gradAt(g, z)
	d1, _ := g.Dims()
	hess := evalAD(g, z[:d1], z[d1:], true).hess1
	for i := range z {
		zp := append([]float64(nil), z...)
		zm := append([]float64(nil), z...)
		zp[i] += h
		zm[i] -= h
		fp, gp := gradAt(g, zp)
		fm, gm := gradAt(g, zm)
		fd := (fp - fm) / (2 * h)
		if !near(grad[i], fd, 1e-6) {
			t.Errorf("%s at %v: ∂f1/∂z%d = %.12g, central difference %.12g", src, z, i, grad[i], fd)
		}
		for j := range z {
			fdH := (gp[j] - gm[j]) / (2 * h)
			if got := hess.Data[j*len(z)+i]; !near(got, fdH, 1e-5) {
				t.Errorf("%s at %v: ∂²f1/∂z%d∂z%d = %.12g, central difference %.12g", src, z, j, i, got, fdH)
			}
		}
	}
}

// TestFormulaDomainEdges pins what the formula functions return at and
// past the edge of their domains (exact IEEE values): the game layer
// returns the non-finite value, and the run loop of package learn stops
// on it with "leader objective f1 is NaN" (or ±Inf).
func TestFormulaDomainEdges(t *testing.T) {
	inf := math.Inf(1)
	nan := math.NaN()
	cases := []struct {
		src   string
		x     float64
		f, df float64
	}{
		{"log(x[0])", 0, -inf, inf},
		{"log(x[0])", -1, nan, -1}, // ad's derivative 1/x stays finite past the edge
		{"sqrt(x[0])", 0, 0, inf},
		{"sqrt(x[0])", -1, nan, nan},
		{"pow(x[0], 0.5)", 0, 0, inf},
		{"pow(x[0], 1.0/3)", -1, nan, nan},
		{"pow(x[0], 3)", -2, -8, 12},
		{"pow(x[0], 0)", 0, 1, 0},
		{"pow(x[0], -1)", 0, inf, -inf},
		{"1/x[0]", 0, inf, -inf},
		{"abs(x[0])", 0, 0, 0},
	}
	same := func(a, b float64) bool { return a == b || (math.IsNaN(a) && math.IsNaN(b)) }
	for _, c := range cases {
		g, err := NewFormula(FormulaSpec{Dims: [2]int{1, 1}, F1: c.src, F2: "y[0]"})
		if err != nil {
			t.Fatalf("%s: %v", c.src, err)
		}
		r := evalAD(g, []float64{c.x}, []float64{0}, false)
		if !same(r.f1, c.f) || !same(r.g1[0], c.df) {
			t.Errorf("%s at x = %g: f = %g, f' = %g; want %g, %g", c.src, c.x, r.f1, r.g1[0], c.f, c.df)
		}
	}
}

// TestFormulaPowerSyntax checks that every spelling of a power other than
// pow(a, b) is an error pointing at pow (Go's ^ is XOR and a**b parses as
// a * (*b)), so no formula silently means something else.
func TestFormulaPowerSyntax(t *testing.T) {
	cases := []struct{ src, want string }{
		{"-x[0]^2", `f1: unsupported operator "^" in "-x[0]^2" (use pow(a, b)) at 1:6`},
		{"2^-1 * x[0]", `f1: unsupported operator "^" in "2^-1 * x[0]" (use pow(a, b)) at 1:2`},
		{"x[0]^y[0]^2", `f1: unsupported operator "^" in "x[0]^y[0]^2" (use pow(a, b)) at 1:10`},
		{"x[0]**2", `f1: unsupported operator "**" or unary "*" in "*2" (use pow(a, b)) at 1:6`},
	}
	for _, c := range cases {
		_, err := NewFormula(FormulaSpec{Dims: [2]int{1, 1}, F1: c.src, F2: "y[0]"})
		if err == nil || err.Error() != c.want {
			t.Errorf("%s: error %v, want %s", c.src, err, c.want)
		}
	}
}

// TestFormulaPrecedence checks Go's precedence and associativity, the
// documented convention: unary minus binds tighter than * and /, which
// bind tighter than + and −, all left-associative (exact values at x = 3).
func TestFormulaPrecedence(t *testing.T) {
	cases := []struct {
		src  string
		want float64
	}{
		{"-x[0]*x[0]", -9},
		{"-pow(x[0], 2)", -9},
		{"pow(-x[0], 2)", 9},
		{"2 - -x[0]", 5},
		{"x[0] - 1 - 1", 1},
		{"12/x[0]/2", 2},
		{"2 + 3*x[0] - 4/2", 9},
		{"pow(2, -1)*x[0]", 1.5},
		{"pow(pow(x[0], 2), 2)", 81},
		{"pow(x[0], pow(2, 2))", 81},
	}
	for _, c := range cases {
		g, err := NewFormula(FormulaSpec{Dims: [2]int{1, 1}, F1: c.src, F2: "y[0]"})
		if err != nil {
			t.Fatalf("%s: %v", c.src, err)
		}
		if got := evalAD(g, []float64{3}, []float64{0}, false).f1; got != c.want {
			t.Errorf("%s at x = 3: %g, want %g", c.src, got, c.want)
		}
	}
}

// TestFormulaDiagnose checks that Diagnose names the innermost
// sub-expression that leaves its domain, with its position, and returns
// nil where both objectives are finite (exact messages).
func TestFormulaDiagnose(t *testing.T) {
	g, err := NewFormula(FormulaSpec{Dims: [2]int{1, 2},
		F1: "x[0]*x[0] + sqrt(x[0]) * y[0]",
		F2: "norm2(y) +\n  3*log(y[1] - x[0])"})
	if err != nil {
		t.Fatal(err)
	}
	d := g.(*Formula)
	cases := []struct {
		x, y []float64
		want string
	}{
		{[]float64{0.25}, []float64{1, 2}, ""},
		{[]float64{-0.5}, []float64{1, 2}, "f1: sqrt(x[0]) is NaN at 1:13 (x = [-0.5], y = [1 2])"},
		{[]float64{0.5}, []float64{1, 0.5}, "f2: log(y[1] - x[0]) is -Inf at 2:5 (x = [0.5], y = [1 0.5])"},
		{[]float64{0.5}, []float64{1, 0}, "f2: log(y[1] - x[0]) is NaN at 2:5 (x = [0.5], y = [1 0])"},
		{[]float64{1}, []float64{math.Inf(1), 2}, "f1: y[0] is +Inf at 1:26 (x = [1], y = [+Inf 2])"},
	}
	for _, c := range cases {
		err := d.Diagnose(c.x, c.y)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != c.want {
			t.Errorf("Diagnose(%v, %v) = %q, want %q", c.x, c.y, got, c.want)
		}
	}
}

// TestFormulaDiagnoseObjective: where both objectives leave their
// domains (x = −0.5 makes sqrt(x[0]) NaN in f1, and y[1] = −1 makes
// log(y[1] − x[0]) = log(−0.5) NaN in f2), Diagnose names f1 only; DiagnoseObjective names each one's own
// sub-expression, nil for an objective that is finite, and panics on an
// objective other than 1 and 2 (exact messages).
func TestFormulaDiagnoseObjective(t *testing.T) {
	g, err := NewFormula(FormulaSpec{Name: "two", Dims: [2]int{1, 2},
		F1: "x[0]*x[0] + sqrt(x[0]) * y[0]",
		F2: "norm2(y) +\n  3*log(y[1] - x[0])"})
	if err != nil {
		t.Fatal(err)
	}
	d := g.(*Formula)
	x, y := []float64{-0.5}, []float64{1, -1}
	wantF1 := "f1: sqrt(x[0]) is NaN at 1:13 (x = [-0.5], y = [1 -1])"
	wantF2 := "f2: log(y[1] - x[0]) is NaN at 2:5 (x = [-0.5], y = [1 -1])"
	for name, got := range map[string]error{
		"Diagnose":             d.Diagnose(x, y),
		"DiagnoseObjective(1)": d.DiagnoseObjective(1, x, y),
	} {
		if got == nil || got.Error() != wantF1 {
			t.Errorf("%s = %v, want %q", name, got, wantF1)
		}
	}
	if got := d.DiagnoseObjective(2, x, y); got == nil || got.Error() != wantF2 {
		t.Errorf("DiagnoseObjective(2) = %v, want %q", got, wantF2)
	}
	if got := d.DiagnoseObjective(2, []float64{-0.5}, []float64{1, 2}); got != nil {
		t.Errorf("DiagnoseObjective(2) where f2 is finite (f1 is not) = %v, want nil", got)
	}
	defer func() {
		want := "game two: DiagnoseObjective(3): the objectives are 1 and 2"
		if r := recover(); r != want {
			t.Errorf("DiagnoseObjective(3) panicked with %v, want %q", r, want)
		}
	}()
	_ = d.DiagnoseObjective(3, x, y)
}

// TestFormulaDiagnoseBoundsLongInputs: on a game of 3000 leader
// coordinates Diagnose quoted x whole (a 59 kB message, recorded again as
// summary.json's error); it now quotes the first 6 entries of a strategy
// and the first 80 characters of the sub-expression, and says how many
// entries it left out (exact message).
func TestFormulaDiagnoseBoundsLongInputs(t *testing.T) {
	long := "x[0]" + strings.Repeat(" + x[1]", 20) // 144 characters
	g, err := NewFormula(FormulaSpec{Dims: [2]int{3000, 7},
		F1: "y[0] + log(" + long + ")", F2: "y[0]*y[0]"})
	if err != nil {
		t.Fatal(err)
	}
	x, y := make([]float64, 3000), make([]float64, 7)
	for i := range x {
		x[i] = -float64(i)
	}
	for i := range y {
		y[i] = float64(i) / 2
	}
	want := "f1: log(" + long[:76] + "… is NaN at 1:8 (x = [-0 -1 -2 -3 -4 -5 … 2994 more], y = [0 0.5 1 1.5 2 2.5 … 1 more])"
	err = g.(*Formula).Diagnose(x, y)
	if err == nil || err.Error() != want {
		t.Errorf("Diagnose = %v, want %q", err, want)
	}
}

// TestBuiltinFiniteDifferences checks every built-in's f1 gradient and
// full Hessian in (x, y) against central differences as
// TestFormulaFiniteDifferences does (same steps and tolerances), at 10
// points per game drawn from PCG(33, 7) in each game's box (or [−2, 2]
// for the others); f2 through the swapped game. Besides each built-in
// with its defaults, variants with other parameters: a duopoly with
// c1 ≠ c2, a torus with distinct α and φ (α2 < 0), soft-ac-toy at the
// largest σ its nodes allow (where tanh saturates at the outer nodes and
// log(1 − a²) runs through logSech2's softplus far from 0), a 3×2
// bimatrix with entropy only, and a quadratic from explicit matrices.
func TestBuiltinFiniteDifferences(t *testing.T) {
	rng := newRand(33)
	params := map[string]map[string]ad.Tensor{
		"bimatrix":  {"A": ad.Matrix([][]float64{{1, -2, 0}, {3, 0.5, 1}}), "B": ad.Matrix([][]float64{{0, 1, -1}, {2, -3, 0.5}}), "entropy": ad.Scalar(0.3), "l2": ad.Scalar(0.2)},
		"quadratic": {"d1": ad.Scalar(2), "d2": ad.Scalar(3), "seed": ad.Scalar(5)},
	}
	type variant struct {
		name   string
		params map[string]ad.Tensor
	}
	var games []variant
	for _, name := range BuiltinNames() {
		games = append(games, variant{name, params[name]})
	}
	games = append(games,
		variant{"duopoly", map[string]ad.Tensor{"A": ad.Scalar(30), "c1": ad.Scalar(7), "c2": ad.Scalar(0.5)}},
		variant{"torus", map[string]ad.Tensor{"alpha1": ad.Scalar(0.4), "alpha2": ad.Scalar(-2), "phi1": ad.Scalar(1), "phi2": ad.Scalar(-2.5)}},
		variant{"soft-ac-toy", map[string]ad.Tensor{"sigma": ad.Scalar(SoftACToyMaxSigma(64)), "eta": ad.Scalar(0.7), "nodes": ad.Scalar(64)}},
		variant{"bimatrix", map[string]ad.Tensor{"A": ad.Matrix([][]float64{{1, -2}, {0, 3}, {0.5, 1}}), "B": ad.Matrix([][]float64{{2, 0}, {-1, 1}, {0, -3}}), "entropy": ad.Scalar(0.5)}},
		variant{"quadratic", map[string]ad.Tensor{
			"A": ad.Matrix([][]float64{{2, 0.5}, {0.5, 1}}), "B": ad.Matrix([][]float64{{1, -1, 0.3}, {0, 2, -0.5}}),
			"C": ad.Matrix([][]float64{{1, 0, 0.2}, {0, -1, 0}, {0.2, 0, 0.5}}), "a": ad.Vector(0.3, -0.7),
			"D": ad.Matrix([][]float64{{3, 1, 0}, {1, 2, 0}, {0, 0, 1}}), "E": ad.Matrix([][]float64{{1, 0}, {-2, 0.5}, {0.25, 1}}), "e": ad.Vector(1, 0, -1)}},
	)
	for _, v := range games {
		name := v.name
		g, err := Builtin(name, v.params)
		if err != nil {
			t.Fatal(err)
		}
		d1, d2 := g.Dims()
		lo, hi := -2.0, 2.0
		if dx, _ := g.Domains(); dx.Kind == Box {
			lo, hi = dx.Lo[0], dx.Hi[0]
		}
		for _, gg := range []Game{g, swapped{g}} {
			for k := 0; k < 10; k++ {
				checkFDAt(t, gg, name, randVec(rng, d1+d2, lo, hi))
			}
		}
	}
}

// swapped is g with f2 in the place of f1.
type swapped struct{ Game }

func (s swapped) F1(x, y *ad.Node) *ad.Node { return s.Game.F2(x, y) }
