package game

import (
	"testing"

	"github.com/stackel/stackel/ad"
)

// richFormula exercises matrices, reductions and nonlinear functions.
func richFormula(t testing.TB) Game {
	t.Helper()
	g, err := NewFormula(FormulaSpec{
		Dims: [2]int{3, 2},
		F1:   "quad(x, Q, x) + sum(tanh(matvec(M, x)) * y) + softplus(x[0] - y[1]) + 0.1*norm2(x)",
		F2:   "norm2(y - sin(matvec(M, x))) + exp(0.3*y[0]) * cos(x[2]) + pow(y[1], 4)",
		Params: map[string]ad.Tensor{
			"Q": ad.Matrix([][]float64{{2, 1, 0}, {-1, 3, 0.5}, {0, 2, 1}}),
			"M": ad.Matrix([][]float64{{1, 0, -2}, {0.5, 4, 3}}),
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// TestNewEvaluatorPassesBuiltinsThrough checks that a game implementing
// Evaluator is returned as is.
func TestNewEvaluatorPassesBuiltinsThrough(t *testing.T) {
	d, _ := NewDuopoly(100, 5, 2)
	if e := NewEvaluator(d); e != Evaluator(d) {
		t.Errorf("NewEvaluator(duopoly) = %T, want the duopoly itself", e)
	}
}

// TestCompiledEvaluatorMatchesAD checks the compiled evaluator of formula
// games against ad.Grad on freshly recorded tapes (tolerance 1e-12
// relative), at points visited in a random order so that stale buffers
// would show; and the compiled evaluators of the built-ins (with their
// closed forms hidden) against the closed forms.
func TestCompiledEvaluatorMatchesAD(t *testing.T) {
	for _, g := range []Game{richFormula(t), formulaDuopoly(t, 100, 5, 2)} {
		e := NewEvaluator(g)
		if _, ok := e.(*compiled); !ok {
			t.Fatalf("%s: NewEvaluator gave %T, want a compiled evaluator", g.Name(), e)
		}
		checkEvaluator(t, g, e, 40, -2, 2, 1e-12, newRand(41))
	}
	q, err := RandomQuadratic(4, 3, newRand(42))
	if err != nil {
		t.Fatal(err)
	}
	d, _ := NewDuopoly(100, 5, 2)
	for _, g := range []Game{d, NewLocation(1, 1.3, 0.4, -0.2), NewACToy(), q} {
		e := NewEvaluator(onlyGame{g})
		if _, ok := e.(*compiled); !ok {
			t.Fatalf("%s: NewEvaluator gave %T, want a compiled evaluator", g.Name(), e)
		}
		checkEvaluator(t, g, e, 20, -1, 1, 1e-12, newRand(43))
		// The closed forms agree with the compiled graph.
		checkEvaluator(t, g, g.(Evaluator), 20, -1, 1, 1e-12, newRand(43))
	}
}

// TestCompiledEvaluatorConstantObjective checks a game whose objectives
// do not depend on a player: the missing gradient is zero.
func TestCompiledEvaluatorConstantObjective(t *testing.T) {
	g, err := NewFormula(FormulaSpec{Dims: [2]int{2, 2}, F1: "2.5", F2: "sum(x)"})
	if err != nil {
		t.Fatal(err)
	}
	e := NewEvaluator(g)
	x, y := []float64{1, 2}, []float64{3, 4}
	g1, g2 := []float64{9, 9}, []float64{9, 9}
	e.Grad1(g1, x, y)
	e.Grad2(g2, x, y)
	assertVec(t, "∇x f1", g1, []float64{0, 0}, 0)
	assertVec(t, "∇y f2", g2, []float64{0, 0}, 0)
	assertNear(t, "f1", e.Value1(x, y), 2.5, 0)
	assertNear(t, "f2", e.Value2(x, y), 3, 0)
}

// TestCompiledEvaluatorAllocs checks that every compiled call allocates
// nothing.
func TestCompiledEvaluatorAllocs(t *testing.T) {
	for _, g := range []Game{richFormula(t), formulaDuopoly(t, 100, 5, 2)} {
		e := NewEvaluator(g)
		d1, d2 := g.Dims()
		x, y := randVec(newRand(1), d1, -1, 1), randVec(newRand(2), d2, -1, 1)
		g1, g2 := make([]float64, d1), make([]float64, d2)
		for name, f := range map[string]func(){
			"Value1": func() { x[0] += 1e-3; _ = e.Value1(x, y) },
			"Value2": func() { x[0] += 1e-3; _ = e.Value2(x, y) },
			"Grad1":  func() { x[0] += 1e-3; e.Grad1(g1, x, y) },
			"Grad2":  func() { x[0] += 1e-3; e.Grad2(g2, x, y) },
		} {
			if a := testing.AllocsPerRun(100, f); a != 0 {
				t.Errorf("%s %s: %g allocations per call, want 0", g.Name(), name, a)
			}
		}
	}
}

// TestBuiltinEvaluatorAllocs checks that the closed-form evaluators
// allocate nothing.
func TestBuiltinEvaluatorAllocs(t *testing.T) {
	q, _ := RandomQuadratic(20, 10, newRand(3))
	d, _ := NewDuopoly(100, 5, 2)
	for _, g := range []Game{d, NewLocation(1, 1.3, 0.4, 0.4), NewACToy(), q} {
		e := g.(Evaluator)
		d1, d2 := g.Dims()
		x, y := randVec(newRand(1), d1, -1, 1), randVec(newRand(2), d2, -1, 1)
		g1, g2 := make([]float64, d1), make([]float64, d2)
		a := testing.AllocsPerRun(100, func() {
			_ = e.Value1(x, y) + e.Value2(x, y)
			e.Grad1(g1, x, y)
			e.Grad2(g2, x, y)
		})
		if a != 0 {
			t.Errorf("%s: %g allocations per stage, want 0", g.Name(), a)
		}
	}
}
