package markov

import (
	"math/rand/v2"
	"testing"
)

// benchGame is the game of the other benchmarks in this package:
// |S| = 50, |A1| = |A2| = 5, γ = 0.9, λ = 0.2, seeded, with parameters
// drawn from a seeded source.
func benchGame(b *testing.B) (g *Game, th1, th2 []float64) {
	g, err := RandomGame(50, 5, 5, 1, 0.9, 0.2)
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(2, 3))
	return g, randTheta(rng, 250, 0.5), randTheta(rng, 250, 0.5)
}

// BenchmarkEstimator times one Estimate of each registered estimator as
// Run calls it, for both dynamics: exact (model, linear solves) and
// sampled (DefaultBatch trajectories of DefaultHorizon steps; the
// sampler's seeded source advances, so iterations draw different but
// reproducible trajectories). For sampled, samples/s is trajectory steps
// per second.
func BenchmarkEstimator(b *testing.B) {
	for _, name := range []string{Exact, Sampled} {
		for _, dyn := range []struct {
			name        string
			stackelberg bool
		}{{"simultaneous", false}, {"stackelberg", true}} {
			b.Run(name+"/"+dyn.name, func(b *testing.B) {
				g, th1, th2 := benchGame(b)
				f, ok := lookupEstimator(name)
				if !ok {
					b.Fatalf("estimator %q not registered", name)
				}
				cfg := Config{Batch: DefaultBatch, Horizon: DefaultHorizon, Seed: 1}
				est, err := f(g, cfg)
				if err != nil {
					b.Fatal(err)
				}
				if _, _, err := est.Estimate(th1, th2, dyn.stackelberg); err != nil {
					b.Fatal(err)
				}
				b.ReportAllocs()
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					if _, _, err := est.Estimate(th1, th2, dyn.stackelberg); err != nil {
						b.Fatal(err)
					}
				}
				if name == Sampled {
					b.ReportMetric(float64(b.N*cfg.Batch*cfg.Horizon)/b.Elapsed().Seconds(), "samples/s")
				}
			})
		}
	}
}

// BenchmarkSampledHierGrad times the implicit-gradient solve of Eq. 19 on
// sampled Hessian blocks (Sampler.HierGrad) alone, after one estimate.
func BenchmarkSampledHierGrad(b *testing.B) {
	g, th1, th2 := benchGame(b)
	sp, err := NewSampler(g, 1)
	if err != nil {
		b.Fatal(err)
	}
	sp.Estimate(th1, th2, DefaultBatch, DefaultHorizon, OrderHessians)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := sp.HierGrad(0); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkHierGrad times the exact implicit-gradient solve of Eq. 19 on
// the dense Hessian blocks (Evaluator.HierGrad) alone, after one Eval at
// OrderHessians.
func BenchmarkHierGrad(b *testing.B) {
	g, th1, th2 := benchGame(b)
	e, err := NewEvaluator(g)
	if err != nil {
		b.Fatal(err)
	}
	e.Eval(th1, th2, OrderHessians)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.HierGrad(0); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkHierarchical times the hierarchical objective and gradient at
// the follower's best response (Eq. 18), which every record of a run
// computes for Stats.HierGradNorm.
func BenchmarkHierarchical(b *testing.B) {
	g, th1, _ := benchGame(b)
	e, err := NewEvaluator(g)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, _, _, err := e.Hierarchical(th1, 0); err != nil {
			b.Fatal(err)
		}
	}
}
