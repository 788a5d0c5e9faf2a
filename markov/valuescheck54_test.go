package markov

import "testing"

// BenchmarkValuesCheck54 is the check Run makes after every update of an
// estimator other than the exact one: the exact values V1, V2λ at the new
// parameters (Evaluator.Eval, OrderValues) on patrol. Compare with
// BenchmarkSampledEstimate54, one estimate of the default batch.
func BenchmarkValuesCheck54(b *testing.B) {
	g, err := Builtin("patrol", nil)
	if err != nil {
		b.Fatal(err)
	}
	e, err := NewEvaluator(g)
	if err != nil {
		b.Fatal(err)
	}
	n, m1, m2 := g.Dims()
	th1, th2 := make([]float64, n*m1), make([]float64, n*m2)
	for b.Loop() {
		if v := e.Eval(th1, th2, OrderValues); !finite(v.V1) {
			b.Fatal(v.V1)
		}
	}
}

// BenchmarkSampledEstimate54 is one Stackelberg estimate of the sampled
// estimator on patrol at the default batch (256) and horizon (50).
func BenchmarkSampledEstimate54(b *testing.B) {
	g, err := Builtin("patrol", nil)
	if err != nil {
		b.Fatal(err)
	}
	cfg, err := Config{Estimator: Sampled}.withDefaults(g)
	if err != nil {
		b.Fatal(err)
	}
	f, _ := lookupEstimator(Sampled)
	est, err := f(g, cfg)
	if err != nil {
		b.Fatal(err)
	}
	n, m1, m2 := g.Dims()
	th1, th2 := make([]float64, n*m1), make([]float64, n*m2)
	for b.Loop() {
		if _, _, err := est.Estimate(th1, th2, true); err != nil {
			b.Fatal(err)
		}
	}
}
