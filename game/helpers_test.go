package game

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stackel/stackel/ad"
)

// adEval evaluates a game through ad on a fresh tape: the values, the own
// gradients ∇x f1 and ∇y f2, and the cross gradient ∇y f1.
type adEval struct {
	f1, f2       float64
	g1, g2, g1y  []float64
	hess1, hess2 ad.Tensor // full Hessians of f1, f2 in (x, y), when asked
	x, y         *ad.Node
	n1, n2       *ad.Node // the objectives' nodes
}

func evalAD(g Game, x, y []float64, hessians bool) *adEval {
	d1, d2 := g.Dims()
	t := ad.NewTape()
	xn, yn := t.Var(ad.NewTensor(1, d1, append([]float64(nil), x...))), t.Var(ad.NewTensor(1, d2, append([]float64(nil), y...)))
	f1, f2 := g.F1(xn, yn), g.F2(xn, yn)
	r := &adEval{f1: f1.Scalar(), f2: f2.Scalar(), x: xn, y: yn, n1: f1, n2: f2}
	gs1 := ad.Grad(f1, xn, yn)
	r.g1 = append([]float64(nil), gs1[0].Data()...)
	r.g1y = append([]float64(nil), gs1[1].Data()...)
	r.g2 = append([]float64(nil), ad.Grad(f2, yn)[0].Data()...)
	if hessians {
		r.hess1 = ad.Hessian(f1, xn, yn)
		r.hess2 = ad.Hessian(f2, xn, yn)
	}
	return r
}

// near reports |a − b| ≤ tol·max(1, |a|, |b|).
func near(a, b, tol float64) bool {
	return math.Abs(a-b) <= tol*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

func assertNear(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if !near(got, want, tol) || math.IsNaN(got) {
		t.Errorf("%s = %.15g, want %.15g (tol %g)", what, got, want, tol)
	}
}

func assertAbs(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if !(math.Abs(got-want) <= tol) {
		t.Errorf("%s = %.15g, want %.15g (absolute tol %g)", what, got, want, tol)
	}
}

func assertVec(t *testing.T, what string, got, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: length %d, want %d", what, len(got), len(want))
	}
	for i := range got {
		if !near(got[i], want[i], tol) || math.IsNaN(got[i]) {
			t.Errorf("%s[%d] = %.15g, want %.15g (tol %g)", what, i, got[i], want[i], tol)
		}
	}
}

func assertErr(t *testing.T, err error, want ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want one containing %q", want)
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q does not contain %q", err.Error(), w)
		}
	}
}

// checkEvaluator compares an Evaluator with ad on the game's graph at n
// random points drawn uniformly from [lo, hi] per coordinate.
func checkEvaluator(t *testing.T, g Game, e Evaluator, n int, lo, hi, tol float64, rng *rand.Rand) {
	t.Helper()
	d1, d2 := g.Dims()
	for k := 0; k < n; k++ {
		x, y := randVec(rng, d1, lo, hi), randVec(rng, d2, lo, hi)
		want := evalAD(g, x, y, false)
		assertNear(t, "Value1", e.Value1(x, y), want.f1, tol)
		assertNear(t, "Value2", e.Value2(x, y), want.f2, tol)
		g1, g2 := make([]float64, d1), make([]float64, d2)
		e.Grad1(g1, x, y)
		e.Grad2(g2, x, y)
		assertVec(t, "Grad1", g1, want.g1, tol)
		assertVec(t, "Grad2", g2, want.g2, tol)
	}
}

func randVec(rng *rand.Rand, n int, lo, hi float64) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = lo + (hi-lo)*rng.Float64()
	}
	return v
}

func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 7)) }

func newRandPCG(seed, stream uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, stream)) }

// onlyGame hides a game's Evaluator so that NewEvaluator compiles it.
type onlyGame struct{ Game }

// readingAll returns f plus 0·sum(p) for every parameter p, in name
// order: a formula that reads every parameter (NewFormula refuses one
// that neither objective reads) with f's value and derivatives, for tests
// that share one params map among formulas that read only some of it.
func readingAll(f string, params map[string]ad.Tensor) string {
	for _, name := range sortedKeys(params) {
		f += " + 0*sum(" + name + ")"
	}
	return f
}
