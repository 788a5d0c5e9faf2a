package markov

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
)

// epidemicScaled is the built-in epidemic game (default λ = 0.2, γ = 0.9)
// with every reward multiplied by k.
func epidemicScaled(t *testing.T, k float64) *Game {
	t.Helper()
	g, err := Builtin("epidemic", nil)
	if err != nil {
		t.Fatal(err)
	}
	return scaleGame(t, g, k, k, 1)
}

// scaleGame multiplies g's R1 by k1, its R2 by k2 and λ by kLambda, in
// place, checks the game and returns it. The check leaves out the bound
// on the values (checkValueBound), which Validate refuses a game beyond:
// the tests of the run's and the estimators' own overflow checks use such
// games.
func scaleGame(t *testing.T, g *Game, k1, k2, kLambda float64) *Game {
	t.Helper()
	for s := range g.R1 {
		for a := range g.R1[s] {
			for b := range g.R1[s][a] {
				g.R1[s][a][b] *= k1
				g.R2[s][a][b] *= k2
			}
		}
	}
	g.Lambda *= kLambda
	if err := g.validate(false); err != nil {
		t.Fatal(err)
	}
	return g
}

// With all rewards ×1e300 the first Stackelberg PG step sends |θ2| to
// ~1e299, π2 rounds to exactly 0 and 1, and the follower Hessian's rows
// there are exactly 0. The run stopped with a bare "singular follower
// Hessian ∇²θ2 V2λ (condition number +Inf; also in the policy's scale)";
// it must say that the follower's policy saturated, and at how many pairs
// (3 of the 6: one action per state).
func TestDivergedRunNamesSaturatedFollower(t *testing.T) {
	g := epidemicScaled(t, 1e300)
	for _, est := range []string{Exact, Sampled} {
		cfg := Config{Estimator: est}
		cfg.Iterations = 5
		_, err := Run(context.Background(), g, cfg, nil)
		var re *RunError
		if !errors.As(err, &re) || re.Iteration != 2 || !errors.Is(err, ErrSingularHessian) {
			t.Fatalf("%s: err = %v, want a *RunError at iteration 2 wrapping ErrSingularHessian", est, err)
		}
		want := "the follower's policy is saturated, π2(b|s) = 0 in float64 at 3 of the 6 (state, action) pairs"
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err = %q, want it to contain %q", est, err, want)
		}
	}
}

// A follower Hessian with a non-finite entry was reported as singular
// (condition number NaN); it overflowed, and the error must say so and
// name the block, not wrap ErrSingularHessian.
func TestHierGradOverflowNamed(t *testing.T) {
	g := epidemicScaled(t, 1)
	e, err := NewEvaluator(g)
	if err != nil {
		t.Fatal(err)
	}
	n, m1, m2 := g.Dims()
	e.Eval(make([]float64, n*m1), make([]float64, n*m2), OrderHessians)
	if _, err := e.HierGrad(0); err != nil {
		t.Fatalf("finite point: %v", err)
	}
	e.Hess22.Set(1, 1, math.Inf(-1))
	_, err = e.HierGrad(0)
	if !errors.Is(err, ErrOverflow) || errors.Is(err, ErrSingularHessian) {
		t.Fatalf("err = %v, want ErrOverflow and not ErrSingularHessian", err)
	}
	want := "follower Hessian ∇²θ2 V2λ has 1 non-finite entries of 36 (e.g. -Inf)"
	if !strings.Contains(err.Error(), want) {
		t.Errorf("err = %q, want it to contain %q", err, want)
	}
	e.Eval(make([]float64, n*m1), make([]float64, n*m2), OrderHessians)
	e.Mixed.Set(0, 2, math.NaN())
	if _, err = e.HierGrad(0); !errors.Is(err, ErrOverflow) || !strings.Contains(err.Error(), "mixed Hessian ∇θ1θ2 V2λ has 1 non-finite entries of 54") {
		t.Errorf("Mixed NaN: err = %v", err)
	}
}
