package markov

import (
	"fmt"

	"github.com/stackel/stackel/loop"
)

// FollowerAscent runs the follower's gradient ascent of Eq. 15 against the
// fixed leader θ1, from θ2, for the given number of iterations:
// θ2 ← θ2 + β_k ∇θ2 V2λ(θ1, θ2). It returns the final θ2 (a new slice).
// By Prop. 1 it converges to the unique soft best response B(θ1) for
// λ > 0 and small enough steps.
//
// A negative iterations or a non-finite entry of θ1 or θ2 is an error
// naming it (as Run's config validation names theta1[i] and theta2[i]).
// As in Run, a step β_k that is not a finite positive number stops it
// with a *ScheduleError, and a non-finite ∇θ2V2λ or θ2 with a *RunError
// (both naming the iteration k); the θ2 returned with either is the last
// finite one, that of iteration k−1.
func FollowerAscent(g *Game, theta1, theta2 []float64, lr loop.Schedule, iterations int) ([]float64, error) {
	e, err := NewEvaluator(g)
	if err != nil {
		return nil, err
	}
	n, m1, m2 := e.Dims()
	if len(theta1) != n*m1 || len(theta2) != n*m2 {
		return nil, fmt.Errorf("markov: FollowerAscent: len(θ1)=%d, len(θ2)=%d; want %d, %d", len(theta1), len(theta2), n*m1, n*m2)
	}
	if iterations < 0 {
		return nil, fmt.Errorf("markov: FollowerAscent: iterations = %d: want >= 0", iterations)
	}
	// Not a divergence of the ascent (a *RunError at iteration 1 said
	// so): the caller's start.
	if err := checkThetaFinite("markov: FollowerAscent", theta1, theta2); err != nil {
		return nil, err
	}
	if err := validateStep("FollowerAscent: lr", lr); err != nil {
		return nil, err
	}
	th2 := append([]float64(nil), theta2...)
	next := make([]float64, len(th2))
	for k := 1; k <= iterations; k++ {
		pt := e.Eval(theta1, th2, OrderGradients)
		if !allFinite(pt.Grad22) {
			return th2, &RunError{Iteration: k, Quantity: "∇θ2 V2λ", Err: errNonFinite}
		}
		b, err := loop.Positive("follower_lr β_k", lr, k)
		if err != nil {
			return th2, &ScheduleError{Iteration: k, Quantity: "follower step (Eq. 15)", Err: err}
		}
		for i, v := range pt.Grad22 {
			next[i] = th2[i] + b*v // Eq. 15
		}
		if !allFinite(next) {
			return th2, &RunError{Iteration: k, Quantity: fmt.Sprintf("follower parameters θ2 after Eq. 15 (β_k = %g)", b), Err: errNonFinite}
		}
		copy(th2, next)
	}
	return th2, nil
}
