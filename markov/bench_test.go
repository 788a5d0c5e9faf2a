package markov

import (
	"math/rand/v2"
	"testing"
)

// benchStep runs one exact Stackelberg PG step (Eq. 8, 9, 19) per
// iteration with |S| = 50, |A1| = |A2| = 5: values, the four gradients,
// both Hessian blocks, the implicit-gradient solve and the update.
func benchStep(b *testing.B, dense bool) {
	g, err := RandomGame(50, 5, 5, 1, 0.9, 0.2)
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(2, 3))
	th1, th2 := randTheta(rng, 250, 0.5), randTheta(rng, 250, 0.5)
	e, _ := NewEvaluator(g)
	step := func(alpha, beta float64) {
		var lead, fol []float64
		var err error
		if dense {
			pt := e.Eval(th1, th2, OrderHessians)
			lead, err = e.HierGrad(0)
			fol = pt.Grad22
		} else {
			lead, fol, err = e.StepGradients(th1, th2, 0)
		}
		if err != nil {
			b.Fatal(err)
		}
		for i, v := range lead {
			th1[i] += alpha * v // Eq. 8
		}
		for i, v := range fol {
			th2[i] += beta * v // Eq. 9
		}
	}
	step(0, 0)
	b.ReportAllocs()
	for b.Loop() {
		step(0, 0)
	}
}

// BenchmarkStackelbergPGStep times the step as Run takes it: the Hessian
// blocks in factored form and the Woodbury solve (StepGradients). The
// numpy peer of the same step is bench/peers/markov_step.py.
func BenchmarkStackelbergPGStep(b *testing.B) { benchStep(b, false) }

// BenchmarkStackelbergPGStepDense times the same step with the dense
// Hessian blocks (Eval at OrderHessians) and a dense LU solve (HierGrad),
// the algorithm of the numpy peer's default mode.
func BenchmarkStackelbergPGStepDense(b *testing.B) { benchStep(b, true) }

// BenchmarkExactGradients times values and gradients only (one step of
// simultaneous PG) at the same size.
func BenchmarkExactGradients(b *testing.B) {
	g, _ := RandomGame(50, 5, 5, 1, 0.9, 0.2)
	rng := rand.New(rand.NewPCG(2, 3))
	th1, th2 := randTheta(rng, 250, 0.5), randTheta(rng, 250, 0.5)
	e, _ := NewEvaluator(g)
	b.ReportAllocs()
	for b.Loop() {
		e.Eval(th1, th2, OrderGradients)
	}
}

// BenchmarkBestResponse times the soft best-response oracle at the same size.
func BenchmarkBestResponse(b *testing.B) {
	g, _ := RandomGame(50, 5, 5, 1, 0.9, 0.2)
	rng := rand.New(rand.NewPCG(2, 3))
	th1 := randTheta(rng, 250, 0.5)
	e, _ := NewEvaluator(g)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.BestResponse(th1); err != nil {
			b.Fatal(err)
		}
	}
}
