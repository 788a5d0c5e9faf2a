package markov

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stackel/stackel/loop"
)

// TestSampledRunSolvesValuesOnlyWhenNeeded54r1: a sampled run checks V1
// and V2λ after every update (so that a non-finite one is named at its
// update whatever RecordEvery), but on a game Validate accepts it reads θ2
// alone unless a state's entropy term is not finite: 20 updates on patrol
// recorded at 0 and 20 only solve the values (evalValues) 0 times. The
// full solve after every unrecorded update made it 19, which on a 300-state random
// game with a small batch more than doubled the run's time. The run's
// numbers are those of a run that solves every time (the same History).
func TestSampledRunSolvesValuesOnlyWhenNeeded54r1(t *testing.T) {
	g, err := Builtin("patrol", nil)
	if err != nil {
		t.Fatal(err)
	}
	calls := 0
	orig := evalValues
	t.Cleanup(func() { evalValues = orig })
	evalValues = func(e *Evaluator, th1, th2 []float64) *Point {
		calls++
		return orig(e, th1, th2)
	}
	cfg := Config{Dynamics: StackelbergPG, Estimator: Sampled, Batch: 8, Horizon: 10, Seed: 3,
		Settings: loop.Settings{Iterations: 20, RecordEvery: 1000}}
	res, err := Run(context.Background(), g, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	if calls != 0 {
		t.Errorf("the values were solved %d times in 20 updates; want 0 (θ2's entropy terms are finite)", calls)
	}
	if len(res.History) != 2 || res.History[1].Iteration != 20 {
		t.Fatalf("history %+v; want records at 0 and 20", res.History)
	}
	// The same run recording every update: the same last record, bit
	// for bit (the check changes nothing it computes).
	cfg.RecordEvery = 1
	all, err := Run(context.Background(), g, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	if a, b := all.History[20], res.History[1]; a != b {
		t.Errorf("iteration 20 recorded every update %+v, at the end only %+v; want the same", a, b)
	}
}

// TestEntropiesFiniteAgreesWithEval54r1: on games Validate accepts, the
// cheap check (valuesBounded and entropiesFinite) says "finite" only where
// Eval's V1 and V2λ are finite, and says "not finite" wherever Eval's are
// not: 2000 random parameter pairs a game, θ entries drawn from 0, ±1,
// ±1e3, ±1e300, ±MaxFloat64/2 and ±MaxFloat64 (logit differences that
// overflow give log π2 = −Inf beside π2 = 0, V2λ NaN).
func TestEntropiesFiniteAgreesWithEval54r1(t *testing.T) {
	mags := []float64{0, 1, -1, 1e3, -1e3, 1e300, -1e300, math.MaxFloat64 / 2, -math.MaxFloat64 / 2, math.MaxFloat64, -math.MaxFloat64}
	patrol, err := Builtin("patrol", nil)
	if err != nil {
		t.Fatal(err)
	}
	random, err := RandomGame(5, 3, 4, 1, 0.9, 0.3)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range []*Game{patrol, random} {
		f, err := g.prepared()
		if err != nil {
			t.Fatal(err)
		}
		if !valuesBounded(f) {
			t.Fatalf("%s: values not bounded", g.Name)
		}
		e, err := NewEvaluator(g)
		if err != nil {
			t.Fatal(err)
		}
		n, m1, m2 := g.Dims()
		r := rand.New(rand.NewPCG(7, 54))
		th1, th2 := make([]float64, n*m1), make([]float64, n*m2)
		pi, lp := make([]float64, m2), make([]float64, m2)
		nonFinite := 0
		for range 2000 {
			for i := range th1 {
				th1[i] = mags[r.IntN(len(mags))]
			}
			for i := range th2 {
				th2[i] = mags[r.IntN(len(mags))]
			}
			v := e.Eval(th1, th2, OrderValues)
			want := finite(v.V1) && finite(v.V2)
			if got := entropiesFinite(th2, pi, lp); got && !want {
				t.Fatalf("%s θ1 %v θ2 %v: entropies finite but V1 %v, V2λ %v", g.Name, th1, th2, v.V1, v.V2)
			}
			if !want {
				nonFinite++
			}
		}
		// The draws reach the case the check is for.
		if nonFinite == 0 {
			t.Errorf("%s: no draw with a non-finite value", g.Name)
		}
	}
}

// BenchmarkValuesCheckLarge54r1 is Run's check of V1 and V2λ after an
// update of a sampled run on a 300-state random game (4 × 4 actions):
// "solve" the values solved (Eval, OrderValues; every update's check
// before), "entropies" the check of θ2's entropy terms that replaces it
// on a game whose values are bounded.
func BenchmarkValuesCheckLarge54r1(b *testing.B) {
	g, err := RandomGame(300, 4, 4, 1, 0.9, 0.2)
	if err != nil {
		b.Fatal(err)
	}
	e, err := NewEvaluator(g)
	if err != nil {
		b.Fatal(err)
	}
	n, m1, m2 := g.Dims()
	th1, th2 := make([]float64, n*m1), make([]float64, n*m2)
	b.Run("solve", func(b *testing.B) {
		for b.Loop() {
			if v := evalValues(e, th1, th2); !finite(v.V2) {
				b.Fatal(v.V2)
			}
		}
	})
	pi, lp := make([]float64, m2), make([]float64, m2)
	b.Run("entropies", func(b *testing.B) {
		for b.Loop() {
			if !entropiesFinite(th2, pi, lp) {
				b.Fatal("not finite")
			}
		}
	})
}
