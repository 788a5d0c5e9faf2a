package markov

import (
	"math"
	"strconv"
	"strings"
	"testing"
)

// TestValidateRefusesLambdaBelowOverflowBound: a positive but tiny λ (here
// subnormal, 5e-324) used to pass Validate, and BestResponse then failed
// with "NaN in policy iteration" (Q/λ overflows to ±Inf, softmax computes
// Inf − Inf). Validate now refuses λ below MinLambda(γ, max|R2|) with an
// error naming lambda and the bound; λ at the bound and λ = 0 are
// accepted and BestResponse / BestResponseTheta stay finite there.
func TestValidateRefusesLambdaBelowOverflowBound(t *testing.T) {
	const gamma = 0.9
	for _, lam := range []float64{5e-324, 1e-310, 1e-308} {
		_, err := RandomGame(3, 2, 2, 1, gamma, lam)
		if err == nil {
			t.Fatalf("lambda = %g: RandomGame accepted it", lam)
		}
		msg := err.Error()
		for _, want := range []string{"lambda = ", "markov.MinLambda", "overflow"} {
			if !strings.Contains(msg, want) {
				t.Errorf("lambda = %g: error %q lacks %q", lam, msg, want)
			}
		}
	}
	// The bound itself: max|R2| of the random game, computed here.
	g, err := RandomGame(3, 2, 2, 1, gamma, 0.2)
	if err != nil {
		t.Fatal(err)
	}
	rmax := 0.0
	for s := range g.R2 {
		for a := range g.R2[s] {
			for _, r := range g.R2[s][a] {
				rmax = math.Max(rmax, math.Abs(r))
			}
		}
	}
	bound := 8 * rmax / ((1 - gamma) * math.MaxFloat64)
	if got := MinLambda(gamma, rmax); math.Abs(got-bound) > 1e-12*bound {
		t.Errorf("MinLambda(%g, %g) = %g, want %g (relative tolerance 1e-12)", gamma, rmax, got, bound)
	}
	// Just below the bound: refused, the message gives the bound.
	g.Lambda = bound * (1 - 1e-6)
	err = g.Validate()
	if err == nil || !strings.Contains(err.Error(), "lambda = ") {
		t.Fatalf("lambda = %g just below the bound %g: Validate = %v, want a lambda error", g.Lambda, bound, err)
	}
	// The bound as written is rounded up to 3 digits (at most 1 % over
	// it): a lambda equal to the number written is accepted.
	_, after, _ := strings.Cut(err.Error(), "at least ")
	w, _, _ := strings.Cut(after, " = 8·max|R2|")
	if p, perr := strconv.ParseFloat(w, 64); perr != nil || p < bound || p > bound*1.01 {
		t.Errorf("error %q gives the bound as %q, want a number in [%g, %g]", err, w, bound, bound*1.01)
	}
	// At (just above) the bound and at 0: accepted, best response finite.
	for _, lam := range []float64{bound * (1 + 1e-6), 0} {
		g.Lambda = lam
		if err := g.Validate(); err != nil {
			t.Fatalf("lambda = %g: Validate: %v", lam, err)
		}
		e, err := NewEvaluator(g)
		if err != nil {
			t.Fatal(err)
		}
		th1 := []float64{0.3, -0.2, 0.1, 0.5, -0.4, 0.2}
		pi, err := e.BestResponse(th1)
		if err != nil {
			t.Fatalf("lambda = %g: BestResponse: %v", lam, err)
		}
		for i, p := range pi {
			if !(p >= 0 && p <= 1) {
				t.Errorf("lambda = %g: π2[%d] = %v", lam, i, p)
			}
		}
		if lam == 0 {
			continue
		}
		th2, err := e.BestResponseTheta(th1)
		if err != nil {
			t.Fatalf("lambda = %g: BestResponseTheta: %v", lam, err)
		}
		for i, v := range th2 {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Errorf("lambda = %g: θ2[%d] = %v, want finite", lam, i, v)
			}
		}
	}
	// All-zero follower rewards: no positive λ overflows, every one passes.
	for s := range g.R2 {
		for a := range g.R2[s] {
			clear(g.R2[s][a])
		}
	}
	g.Lambda = 5e-324
	if err := g.Validate(); err != nil {
		t.Errorf("R2 = 0, lambda = 5e-324: Validate: %v", err)
	}
}
