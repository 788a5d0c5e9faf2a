package markov

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestGammaZeroOutsideRho checks γ = 0 with ρ = (1, 0, 0): the
// visitation is ρ, so states 1 and 2 take no part (V1 and V2λ do not
// depend on their parameters). Eq. 19 and Eq. 18 were reported singular
// because reachability ignored γ; they must match the oracle.
func TestGammaZeroOutsideRho(t *testing.T) {
	g := oracleGame(t, 5, 3, 2, 2, 0, 0.3, 1)
	g.Rho = []float64{1, 0, 0}
	if err := g.Validate(); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 9))
	th1, th2 := oracleTheta(rng, 6), oracleTheta(rng, 6)
	e, err := NewEvaluator(g)
	if err != nil {
		t.Fatal(err)
	}
	e.Eval(th1, th2, OrderHessians)
	h, err := e.HierGrad(0)
	if err != nil {
		t.Fatalf("HierGrad: %v", err)
	}
	// State 0 alone: with γ = 0, V1 = Σ π1 π2 R1 at state 0, and the
	// follower's block there is the one-state game; the oracle restricted
	// to state 0 gives Eq. 19 (states 1, 2: gradient 0).
	g0 := oracleGame(t, 5, 3, 2, 2, 0, 0.3, 1)
	sub := &Game{Gamma: 0, Lambda: 0.3, States: 1, Actions: []int{2, 2}, Rho: []float64{1},
		P: [][][][]float64{{{{1}, {1}}, {{1}, {1}}}}, R1: g0.R1[:1], R2: g0.R2[:1]}
	if err := sub.Validate(); err != nil {
		t.Fatal(err)
	}
	want := append(oracleEq19(sub, th1[:2], th2[:2]), 0, 0, 0, 0)
	if r := oracleRelErr(h, want); r > 1e-6 {
		t.Errorf("HierGrad = %v, oracle %v (relative error %.3g)", h, want, r)
	}
	lead, _, err := e.StepGradients(th1, th2, 0)
	if err != nil {
		t.Fatalf("StepGradients: %v", err)
	}
	if r := oracleRelErr(lead, want); r > 1e-6 {
		t.Errorf("StepGradients = %v, oracle %v", lead, want)
	}
	_, grad, _, err := e.Hierarchical(th1, 0)
	if err != nil {
		t.Fatalf("Hierarchical: %v", err)
	}
	j := func(x []float64) float64 {
		v, _ := oracleJ(g, x, oracleLogits(oracleSoftBR(g, x)))
		return v
	}
	if fd := oracleFD(j, th1, 1e-4); oracleRelErr(grad, fd) > 1e-6 {
		t.Errorf("Hierarchical gradient %v, central differences %v", grad, fd)
	}
}

// TestSampledGammaZero checks the sampled Eq. 19 at γ = 0 with a batch
// too small to start in every state: a state reached only at τ >= 1 has
// weight 0 and must be treated as unvisited, not make H singular.
func TestSampledGammaZero(t *testing.T) {
	g := oracleGame(t, 5, 3, 2, 2, 0, 0.3, 1)
	rng := rand.New(rand.NewPCG(2, 9))
	th1, th2 := oracleTheta(rng, 6), oracleTheta(rng, 6)
	someUnseen := false
	for seed := uint64(1); seed <= 20; seed++ {
		sp, err := NewSampler(g, seed)
		if err != nil {
			t.Fatal(err)
		}
		sp.Estimate(th1, th2, 2, 5, OrderHessians)
		h, err := sp.HierGrad(0)
		if err != nil {
			t.Fatalf("seed %d: HierGrad: %v", seed, err)
		}
		for _, s := range sp.unseen {
			someUnseen = true
			if h[2*s] != 0 || h[2*s+1] != 0 {
				t.Errorf("seed %d: unvisited state %d has leader direction %v", seed, s, h[2*s:2*s+2])
			}
		}
		for i, v := range h {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Errorf("seed %d: HierGrad[%d] = %v", seed, i, v)
			}
		}
	}
	if !someUnseen {
		t.Error("no batch left a state unvisited; the test checks nothing")
	}
}
