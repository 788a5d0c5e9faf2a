package game

import (
	"math"
	"testing"

	"github.com/stackel/stackel/ad"
)

func formulaDuopoly(t testing.TB, A, c1, c2 float64) Game {
	t.Helper()
	g, err := NewFormula(FormulaSpec{
		Name:    "formula-duopoly",
		Sense:   Payoff,
		Dims:    [2]int{1, 1},
		F1:      "x[0]*(A - x[0] - y[0]) - c1*x[0]",
		F2:      "y[0]*(A - x[0] - y[0]) - c2*y[0]",
		Params:  map[string]ad.Tensor{"A": ad.Scalar(A), "c1": ad.Scalar(c1), "c2": ad.Scalar(c2)},
		DomainX: Domain{Kind: Box, Lo: []float64{0}, Hi: []float64{A}},
		DomainY: Domain{Kind: Box, Lo: []float64{0}, Hi: []float64{A}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// TestFormulaDuopolyMatchesBuiltin checks that the duopoly written as a
// formula gives the built-in's values, gradients, HVPs ∇xx f1·v,
// ∇yy f2·v and mixed products ∇xy f2·z and ∇yx f1·w at random points, to
// 1e-12 relative.
func TestFormulaDuopolyMatchesBuiltin(t *testing.T) {
	f := formulaDuopoly(t, 100, 5, 2)
	b, _ := NewDuopoly(100, 5, 2)
	rng := newRand(31)
	eval := func(g Game, x, y, v []float64) []float64 {
		tp := ad.NewTape()
		xn, yn := tp.Var(ad.Vector(x...)), tp.Var(ad.Vector(y...))
		vn := tp.Const(ad.Vector(v...))
		f1, f2 := g.F1(xn, yn), g.F2(xn, yn)
		g1 := ad.Grad(f1, xn, yn)
		g2 := ad.Grad(f2, xn, yn)
		return []float64{
			f1.Scalar(), f2.Scalar(),
			g1[0].Data()[0], g1[1].Data()[0], g2[0].Data()[0], g2[1].Data()[0],
			ad.HVP(f1, xn, vn).Data()[0],
			ad.HVP(f2, yn, vn).Data()[0],
			ad.MixedVP(f2, xn, yn, vn).Data()[0],
			ad.MixedVP(f1, yn, xn, vn).Data()[0],
		}
	}
	names := []string{"f1", "f2", "∇x f1", "∇y f1", "∇x f2", "∇y f2", "∇xx f1·v", "∇yy f2·v", "∇xy f2·z", "∇yx f1·w"}
	for k := 0; k < 50; k++ {
		x, y, v := randVec(rng, 1, 0, 100), randVec(rng, 1, 0, 100), randVec(rng, 1, -3, 3)
		got, want := eval(f, x, y, v), eval(b, x, y, v)
		for i := range got {
			assertNear(t, names[i], got[i], want[i], 1e-12)
		}
	}
	if f.Sense() != Payoff || f.Name() != "formula-duopoly" {
		t.Errorf("sense %v name %q", f.Sense(), f.Name())
	}
	dx, _ := f.Domains()
	if dx.Kind != Box || dx.Hi[0] != 100 {
		t.Errorf("domain %v", dx)
	}
}

// TestFormulaMatrices checks quad, matvec, dot, sum, norm2 and matrix
// row/element indexing against hand computation (tolerance 1e-12):
//
//	f1 = quad(x, Q, x) + dot(b, x) + sum(matvec(M, x) * y) + M[1][2]*x[0]
//	f2 = norm2(y - matvec(M, x)) + 0.5*sum(y) + dot(M[0], x)
//
// with ∇x f1 = (Q + Qᵀ)x + b + Mᵀy + M₁₂e₀ and ∇y f2 = 2(y − Mx) + ½.
func TestFormulaMatrices(t *testing.T) {
	Q := ad.Matrix([][]float64{{2, 1, 0}, {-1, 3, 0.5}, {0, 2, 1}})
	M := ad.Matrix([][]float64{{1, 0, -2}, {0.5, 4, 3}})
	b := ad.Vector(1, -1, 0.25)
	g, err := NewFormula(FormulaSpec{
		Dims:   [2]int{3, 2},
		F1:     "quad(x, Q, x) + dot(b, x) + sum(matvec(M, x) * y) + M[1][2]*x[0]",
		F2:     "norm2(y - matvec(M, x)) + 0.5*sum(y) + dot(M[0], x)",
		Params: map[string]ad.Tensor{"Q": Q, "M": M, "b": b},
	})
	if err != nil {
		t.Fatal(err)
	}
	rng := newRand(32)
	for k := 0; k < 20; k++ {
		x, y := randVec(rng, 3, -2, 2), randVec(rng, 2, -2, 2)
		mx := make([]float64, 2)
		for i := 0; i < 2; i++ {
			for j := 0; j < 3; j++ {
				mx[i] += M.At(i, j) * x[j]
			}
		}
		f1, f2 := 0.0, 0.0
		g1, g2 := make([]float64, 3), make([]float64, 2)
		for i := 0; i < 3; i++ {
			for j := 0; j < 3; j++ {
				f1 += x[i] * Q.At(i, j) * x[j]
				g1[i] += (Q.At(i, j) + Q.At(j, i)) * x[j]
			}
			f1 += b.Data[i] * x[i]
			g1[i] += b.Data[i]
			for j := 0; j < 2; j++ {
				g1[i] += M.At(j, i) * y[j]
			}
			f2 += M.At(0, i) * x[i]
		}
		f1 += mx[0]*y[0] + mx[1]*y[1] + M.At(1, 2)*x[0]
		g1[0] += M.At(1, 2)
		for j := 0; j < 2; j++ {
			f2 += (y[j]-mx[j])*(y[j]-mx[j]) + 0.5*y[j]
			g2[j] = 2*(y[j]-mx[j]) + 0.5
		}
		r := evalAD(g, x, y, false)
		assertNear(t, "f1", r.f1, f1, 1e-12)
		assertNear(t, "f2", r.f2, f2, 1e-12)
		assertVec(t, "∇x f1", r.g1, g1, 1e-12)
		assertVec(t, "∇y f2", r.g2, g2, 1e-12)
	}
}

// TestFormulaFunctions checks every function's value, first and second
// derivative against closed forms at two points (tolerance 1e-12
// relative). The exponent of pow is constant in "pow(x[0], 3)" (x^3, also
// at a negative base) and variable in "pow(x[0], x[0])".
func TestFormulaFunctions(t *testing.T) {
	sig := func(u float64) float64 { return 1 / (1 + math.Exp(-u)) }
	cases := []struct {
		expr        string
		f, df, d2f  func(u float64) float64
		points      []float64
		noSecondDer bool
	}{
		{"sin(x[0])", math.Sin, math.Cos, func(u float64) float64 { return -math.Sin(u) }, nil, false},
		{"cos(x[0])", math.Cos, func(u float64) float64 { return -math.Sin(u) }, func(u float64) float64 { return -math.Cos(u) }, nil, false},
		{"tan(x[0])", math.Tan, func(u float64) float64 { return 1 + math.Tan(u)*math.Tan(u) },
			func(u float64) float64 { tu := math.Tan(u); return 2 * tu * (1 + tu*tu) }, nil, false},
		{"exp(x[0])", math.Exp, math.Exp, math.Exp, nil, false},
		{"log(x[0])", math.Log, func(u float64) float64 { return 1 / u }, func(u float64) float64 { return -1 / (u * u) }, nil, false},
		{"sqrt(x[0])", math.Sqrt, func(u float64) float64 { return 0.5 / math.Sqrt(u) },
			func(u float64) float64 { return -0.25 / (u * math.Sqrt(u)) }, nil, false},
		{"tanh(x[0])", math.Tanh, func(u float64) float64 { return 1 - math.Tanh(u)*math.Tanh(u) },
			func(u float64) float64 { th := math.Tanh(u); return -2 * th * (1 - th*th) }, nil, false},
		{"sigmoid(x[0])", sig, func(u float64) float64 { return sig(u) * (1 - sig(u)) },
			func(u float64) float64 { s := sig(u); return s * (1 - s) * (1 - 2*s) }, nil, false},
		{"softplus(x[0])", func(u float64) float64 { return math.Log1p(math.Exp(u)) }, sig,
			func(u float64) float64 { return sig(u) * (1 - sig(u)) }, nil, false},
		{"abs(x[0])", math.Abs, func(u float64) float64 { return math.Copysign(1, u) }, func(float64) float64 { return 0 },
			[]float64{-0.4, 0.7}, false},
		{"pow(x[0], 3)", func(u float64) float64 { return u * u * u }, func(u float64) float64 { return 3 * u * u },
			func(u float64) float64 { return 6 * u }, []float64{-1.5, 0.7}, false},
		{"pow(x[0], p)", func(u float64) float64 { return math.Pow(u, 2.5) }, func(u float64) float64 { return 2.5 * math.Pow(u, 1.5) },
			func(u float64) float64 { return 3.75 * math.Sqrt(u) }, nil, false},
		{"pow(2, x[0])", func(u float64) float64 { return math.Pow(2, u) }, func(u float64) float64 { return math.Pow(2, u) * math.Ln2 },
			func(u float64) float64 { return math.Pow(2, u) * math.Ln2 * math.Ln2 }, nil, false},
		{"pow(x[0], x[0])", func(u float64) float64 { return math.Pow(u, u) },
			func(u float64) float64 { return math.Pow(u, u) * (math.Log(u) + 1) },
			func(u float64) float64 { l := math.Log(u) + 1; return math.Pow(u, u) * (l*l + 1/u) }, nil, false},
		{"min(x[0], 0.5)", func(u float64) float64 { return math.Min(u, 0.5) },
			func(u float64) float64 { return map[bool]float64{true: 1, false: 0}[u < 0.5] }, func(float64) float64 { return 0 }, nil, false},
		{"max(x[0], 0.5)", func(u float64) float64 { return math.Max(u, 0.5) },
			func(u float64) float64 { return map[bool]float64{true: 1, false: 0}[u > 0.5] }, func(float64) float64 { return 0 }, nil, false},
		{"-x[0]*x[0] + +x[0]", func(u float64) float64 { return -u*u + u }, func(u float64) float64 { return -2*u + 1 },
			func(float64) float64 { return -2 }, nil, false},
		{"1/x[0] - x[0]/2", func(u float64) float64 { return 1/u - u/2 }, func(u float64) float64 { return -1/(u*u) - 0.5 },
			func(u float64) float64 { return 2 / (u * u * u) }, nil, false},
		{"(2 - x[0]) * pi", func(u float64) float64 { return (2 - u) * math.Pi }, func(float64) float64 { return -math.Pi },
			func(float64) float64 { return 0 }, nil, false},
		{"sum(x) + norm2(x) + dot(x, x)", func(u float64) float64 { return u + 2*u*u }, func(u float64) float64 { return 1 + 4*u },
			func(float64) float64 { return 4 }, nil, false},
	}
	for _, c := range cases {
		t.Run(c.expr, func(t *testing.T) {
			g, err := NewFormula(FormulaSpec{Dims: [2]int{1, 1}, F1: c.expr, F2: "y[0] + 0*p",
				Params: map[string]ad.Tensor{"p": ad.Scalar(2.5)}})
			if err != nil {
				t.Fatal(err)
			}
			pts := c.points
			if pts == nil {
				pts = []float64{0.3, 0.7}
			}
			for _, u := range pts {
				r := evalAD(g, []float64{u}, []float64{0}, true)
				assertNear(t, "value", r.f1, c.f(u), 1e-12)
				assertNear(t, "first derivative", r.g1[0], c.df(u), 1e-12)
				assertNear(t, "second derivative", r.hess1.Data[0], c.d2f(u), 1e-12)
			}
		})
	}
}

// TestFormulaBroadcast checks scalar broadcasting over vectors in
// arithmetic and in min/max (exact small numbers; tolerance 1e-15).
func TestFormulaBroadcast(t *testing.T) {
	cases := []struct {
		expr string
		want float64 // at x = (−1, 2, 0.5)
	}{
		{"sum(2*x + 1)", 2*1.5 + 3},
		{"sum(x/2 - c)", 0.75 - 3*0.25},
		{"sum(max(x, 0))", 2.5},
		{"sum(min(0, x))", -1},
		{"sum(pow(x, 2))", 1 + 4 + 0.25},
		{"sum(v * x) + sum(c - x)", -1 + 4 + 1.5 + 0.75 - 1.5},
	}
	for _, c := range cases {
		g, err := NewFormula(FormulaSpec{Dims: [2]int{3, 1}, F1: c.expr, F2: "y[0] + 0*c + 0*sum(v)",
			Params: map[string]ad.Tensor{"c": ad.Scalar(0.25), "v": ad.Vector(1, 2, 3)}})
		if err != nil {
			t.Fatalf("%s: %v", c.expr, err)
		}
		r := evalAD(g, []float64{-1, 2, 0.5}, []float64{0}, false)
		assertNear(t, c.expr, r.f1, c.want, 1e-15)
	}
}

// TestFormulaErrors checks that every invalid formula or spec is an error
// naming the objective, the identifier or operator, and its position.
func TestFormulaErrors(t *testing.T) {
	params := map[string]ad.Tensor{
		"v": ad.Vector(1, 2, 3),
		"M": ad.Matrix([][]float64{{1, 0, 0}, {0, 1, 0}}),
		"c": ad.Scalar(1),
	}
	cases := []struct {
		f1, f2 string
		want   []string
	}{
		{"-x[0]+z", "y[0]", []string{`f1: unknown identifier "z" at 1:7`}},
		{"x[0]", "y[0] +\n  w", []string{`f2: unknown identifier "w" at 2:3`}},
		{"sin(x[0], y[0])", "y[0]", []string{`f1: sin takes 1 argument, got 2 at 1:1`}},
		{"x[0] + pow(x[0])", "y[0]", []string{`f1: pow takes 2 arguments, got 1 at 1:8`}},
		{"quad(x, M)", "y[0]", []string{`f1: quad takes 3 arguments, got 2 at 1:1`}},
		{"x[2]", "y[0]", []string{`f1: index 2 out of range for "x" (length 2) at 1:3`}},
		{"M[2][0]", "y[0]", []string{`f1: row index 2 out of range for "M" (2 rows) at 1:3`}},
		{"x[y[0]]", "y[0]", []string{`f1: index "y[0]" of "x" must be a constant integer at 1:3`}},
		{"x[1.0]", "y[0]", []string{`index "1.0" of "x" must be a constant integer at 1:3`}},
		{"x[-1]", "y[0]", []string{`f1: index -1 out of range for "x" (length 2) at 1:3`}},
		{"sum(x + v)", "y[0]", []string{`f1: shape mismatch in "+": "x" is a 2-vector, "v" is a 3-vector at 1:7`}},
		{"sum(M * v)", "y[0]", []string{`shape mismatch in "*": "M" is a 2x3 matrix, "v" is a 3-vector at 1:7`}},
		{"dot(x, v)", "y[0]", []string{`f1: dot: needs equally shaped arguments`, `"x" is a 2-vector`, `"v" is a 3-vector`, "at 1:1"}},
		{"sum(matvec(M, x))", "y[0]", []string{`f1: matvec: needs a 3-vector after a 2x3 matrix`, `"x" is a 2-vector`, "at 1:5"}},
		{"quad(v, M, v)", "y[0]", []string{`f1: quad: needs a 2-vector, a 2x3 matrix and a 3-vector`, "at 1:1"}},
		{"sum(max(x, v))", "y[0]", []string{`f1: max: shape mismatch`, `"v" is a 3-vector`, "at 1:5"}},
		{"x.y", "y[0]", []string{`f1: unsupported selector "x.y" at 1:1`}},
		{"x[0] == y[0]", "y[0]", []string{`f1: unsupported operator "==" in "x[0] == y[0]" at 1:6`}},
		{"x[0] ^ 2", "y[0]", []string{`unsupported operator "^"`, "pow(a, b)", "at 1:6"}},
		{`"string"`, "y[0]", []string{`f1: unsupported literal "string" at 1:1`}},
		{"'a' + x[0]", "y[0]", []string{`f1: unsupported literal 'a' at 1:1`}},
		{"!x[0]", "y[0]", []string{`f1: unsupported operator "!" in "!x[0]" at 1:1`}},
		{"foo(x[0])", "y[0]", []string{`f1: unknown function "foo" at 1:1`}},
		{"x(1)", "y[0]", []string{`f1: "x" is not a function at 1:1`}},
		{"c(1) + x[0]", "y[0]", []string{`f1: "c" is not a function at 1:1`}},
		{"sin + 1", "y[0]", []string{`f1: function "sin" used without arguments at 1:1`}},
		{"x", "y[0]", []string{`f1: objective must be a scalar, but "x" is a 2-vector at 1:1`}},
		{"x[0] +", "y[0]", []string{`f1: syntax error`, "at 1:7"}},
		{"x[0]", "y[0] y[0]", []string{`f2: syntax error`, "at 1:6"}},
		{"log(-c) + x[0]", "y[0]", []string{`f1: constant "log(-c)" is not finite`, "at 1:1"}},
		{"x[0:1]", "y[0]", []string{`f1: unsupported slice "x[0:1]" at 1:1`}},
		{"1e999 * x[0]", "y[0]", []string{`f1: number 1e999 is out of range at 1:1`}},
		{"func() float64 { return 1 }()", "y[0]", []string{`f1: unsupported call of "func() float64 { return 1 }"`, "at 1:1"}},
		{"x[0] + []float64{1}[0]", "y[0]", []string{`f1: unsupported syntax "[]float64{1}" at 1:8`}},
		{"sum(x...)", "y[0]", []string{`f1: unsupported "..." in call of "sum" at 1:6`}},
		{"", "y[0]", []string{"f1: empty formula"}},
	}
	for _, c := range cases {
		t.Run(c.f1+"|"+c.f2, func(t *testing.T) {
			_, err := NewFormula(FormulaSpec{Dims: [2]int{2, 1}, F1: c.f1, F2: c.f2, Params: params})
			assertErr(t, err, c.want...)
		})
	}
}

// TestFormulaSpecErrors checks the non-formula fields of a spec.
func TestFormulaSpecErrors(t *testing.T) {
	good := FormulaSpec{Dims: [2]int{1, 2}, F1: "x[0]", F2: "sum(y)"}
	cases := []struct {
		name string
		mod  func(s *FormulaSpec)
		want []string
	}{
		{"dims", func(s *FormulaSpec) { s.Dims[1] = 0 }, []string{"dims", "follower dimension 0"}},
		{"sense", func(s *FormulaSpec) { s.Sense = 7 }, []string{"sense", "7"}},
		{"reserved param", func(s *FormulaSpec) { s.Params = map[string]ad.Tensor{"sin": ad.Scalar(1)} }, []string{`params: name "sin" is reserved`}},
		{"reserved x", func(s *FormulaSpec) { s.Params = map[string]ad.Tensor{"x": ad.Scalar(1)} }, []string{`params: name "x" is reserved`}},
		{"bad name", func(s *FormulaSpec) { s.Params = map[string]ad.Tensor{"a-b": ad.Scalar(1)} }, []string{`params: name "a-b" is not an identifier`}},
		{"empty param", func(s *FormulaSpec) { s.Params = map[string]ad.Tensor{"k": {}} }, []string{"params: k", "empty"}},
		{"nan param", func(s *FormulaSpec) { s.Params = map[string]ad.Tensor{"k": ad.Scalar(math.NaN())} }, []string{"params: k", "not finite"}},
		{"box x", func(s *FormulaSpec) { s.DomainX = Domain{Kind: Box, Lo: []float64{0, 0}, Hi: []float64{1, 1}} }, []string{"domain x", "2 lower"}},
		{"box y", func(s *FormulaSpec) { s.DomainY = Domain{Kind: Box, Lo: []float64{0, 2}, Hi: []float64{1, 1}} }, []string{"domain y", "dimension 1"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := good
			c.mod(&s)
			_, err := NewFormula(s)
			assertErr(t, err, c.want...)
		})
	}
	g, err := NewFormula(good)
	if err != nil {
		t.Fatal(err)
	}
	if g.Name() != "formula" {
		t.Errorf("default name %q, want formula", g.Name())
	}
}

// TestFormulaConstantFolding checks that constant sub-expressions are
// folded once at parse time: a formula whose constants are written out
// records the same number of tape nodes as one with the folded constant,
// and gives the same value.
func TestFormulaConstantFolding(t *testing.T) {
	nodes := func(f1 string) (int, float64) {
		g, err := NewFormula(FormulaSpec{Dims: [2]int{1, 1}, F1: f1, F2: "y[0] + 0*c",
			Params: map[string]ad.Tensor{"c": ad.Scalar(3)}})
		if err != nil {
			t.Fatal(err)
		}
		tp := ad.NewTape()
		x, y := tp.Var(ad.Vector(2)), tp.Var(ad.Vector(0))
		before := tp.Len()
		v := g.F1(x, y).Scalar()
		return tp.Len() - before, v
	}
	n1, v1 := nodes("x[0] * (exp(0) + sqrt(c*3) * pi / pi)")
	n2, v2 := nodes("x[0] * 4")
	if n1 != n2 {
		t.Errorf("folded formula recorded %d nodes, literal one %d", n1, n2)
	}
	assertNear(t, "value", v1, v2, 1e-15)
	assertNear(t, "x·4 at x = 2", v2, 8, 0)
}
