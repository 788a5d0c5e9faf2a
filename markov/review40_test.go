package markov

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stackel/stackel/loop"
)

// BestResponse gives up after brMaxIter iterations and says how many it
// ran. With the limit 500 it ran 501 (evaluation and improvement) and
// said 500: the check came after the improvement of iteration it, with
// it counting from 0. Here the limit is 3 on patrol at θ1 = 0, which
// needs more: exactly 3 iterations must run, and the error must say 3.
func TestBestResponseIterationLimitCounts(t *testing.T) {
	g, err := Builtin("patrol", nil)
	if err != nil {
		t.Fatal(err)
	}
	e, err := NewEvaluator(g)
	if err != nil {
		t.Fatal(err)
	}
	n, m1, _ := g.Dims()
	ran := 0
	brIterHook = func([]float64, int) { ran++ }
	old := brMaxIter
	brMaxIter = 3
	defer func() { brIterHook, brMaxIter = nil, old }()
	_, err = e.BestResponse(make([]float64, n*m1))
	const want = "markov: best response: soft policy iteration did not converge in 3 iterations (last change "
	if err == nil || !strings.HasPrefix(err.Error(), want) || ran != 3 {
		t.Errorf("limit 3: %d iterations ran, error %v; want 3 and an error starting %q", ran, err, want)
	}
}

// scaledUserGame is the user game of userSpec with R1, R2 and λ multiplied
// by k: V1 and V2λ scale by k, and a step β/k on it moves θ2 as β does on
// the game itself.
func scaledUserGame(t *testing.T, k float64) *Game {
	t.Helper()
	g, err := ParseGame([]byte(userSpec))
	if err != nil {
		t.Fatal(err)
	}
	return scaleGame(t, g, k, k, k)
}

// The line search's rounding allowance was 1e-12·max(1, |f0|): absolute
// below |f0| = 1. On the user game scaled by 1e-13 (V2λ = 8.05e-13) every
// follower step passed, as none can lower V2λ by more than 1e-12: with
// the cap 1e43 (1e30 on the unscaled game, where no step down to 1e30/2^40
// raises V2λ, TestBacktrackingRefusesCapTooLong) the search accepted the
// first step, 1e43, which saturates the follower's policy and lowers V2λ
// by 41 %, and the run went on. Scaled, the run must stop as the unscaled
// one does, at iteration 1, with the values ×1e-13 (to 10 digits).
func TestBacktrackingAllowanceScalesWithGame(t *testing.T) {
	g := scaledUserGame(t, 1e-13)
	cfg := Config{Dynamics: SimultaneousPG, StepRule: Backtracking, LeaderLR: loop.Constant(0.5e13), FollowerLR: loop.Constant(1e43),
		Settings: loop.Settings{Iterations: 5, RecordEvery: 1}}
	res, err := Run(context.Background(), g, cfg, nil)
	const want = "markov: iteration 1: step sizes (backtracking): follower line search on V2λ(θ1, θ2 + β ∇θ2V2λ): no step passes the Armijo test: " +
		"the smallest step 9.094947017729283e+30 (1e+43 halved 40 times) still lowers the value from 8.047577335e-13 to 4.731092437e-13"
	if err == nil || !strings.HasPrefix(err.Error(), want) || res.Iterations != 0 {
		t.Errorf("rewards ×1e-13, cap 1e43: %d iterations, error %v; want 0 and an error starting %q", res.Iterations, err, want)
	}
	// The allowance itself: relative to |f0| when the game's scale is
	// small, unchanged (1e-12·max(1, |f0|)) when it is at least 1.
	for _, c := range []struct{ f0, scale, want float64 }{
		{8e-12, 1e-11, 1e-23}, {8e-12, 1e-13, 8e-24}, {0.5, 10, 1e-12}, {3, 10, 3e-12}, {0, 0.5, 5e-13},
	} {
		if got := allowance(c.f0, c.scale); !(got > 0.999999*c.want && got < 1.000001*c.want) {
			t.Errorf("allowance(%g, %g) = %g, want %g", c.f0, c.scale, got, c.want)
		}
	}
}

// The exact estimator reported every error of Eq. 19 with the quantity
// "follower Hessian ∇²θ2 V2λ", also when the block that overflowed was
// the mixed one ∇θ1θ2V2λ (the follower Hessian being finite): on patrol
// with rewards ×2e307 and λ = 100 at the point below, the RunError said
// "follower Hessian ∇²θ2 V2λ: overflowed float64: mixed Hessian ...". Its
// quantity (the run's diverged_quantity) must be the mixed block.
func TestExactEstimatorNamesOverflowedBlock(t *testing.T) {
	g, err := Builtin("patrol", nil)
	if err != nil {
		t.Fatal(err)
	}
	for s := range g.R1 {
		for a := range g.R1[s] {
			for b := range g.R1[s][a] {
				g.R1[s][a][b] *= 2e307
				g.R2[s][a][b] *= 2e307
			}
		}
	}
	g.Lambda = 100
	// Beyond the bound on the values that Validate checks
	// (max|R1|/(1 − γ) = 1.85e308): the estimator's own check of its
	// blocks is what is tested here.
	if err := g.validate(false); err != nil {
		t.Fatal(err)
	}
	th1 := []float64{8.426060112676284, 5.486099527001901, -9.890635393122166, -3.4823804278887227, 20.156955789033052, 12.031666266601146,
		-12.368729205218571, -13.296534021959024, -12.409032823814668, 9.304526409470396, -3.8507746455108314, -13.881641656748629}
	th2 := []float64{-8.434555930662405, -4.389617428645261, -12.320654839457086, -6.699033487156636, 3.0985894903152804,
		8.025741384227997, -0.6794104225107309, -14.770911464037749, 7.304488913084012, 1.0106244381228553,
		4.127944172658873, 4.9987171019389285, -9.081660314175348, -0.45170938125117244, -17.51917458253643,
		0.4014567649110639, -2.4459654524087773, -13.78568757919871, 9.476244207892968, -4.0087156378774305}
	f, _ := lookupEstimator(Exact)
	est, err := f(g, Config{})
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = est.Estimate(th1, th2, true)
	var re *RunError
	if !errors.As(err, &re) || !errors.Is(err, ErrOverflow) {
		t.Fatalf("err = %v, want a RunError wrapping ErrOverflow", err)
	}
	if re.Quantity != "mixed Hessian ∇θ1θ2 V2λ" || !strings.Contains(err.Error(), "mixed Hessian ∇θ1θ2 V2λ has 20 non-finite entries of 240") {
		t.Errorf("quantity %q, error %v; want the mixed Hessian ∇θ1θ2 V2λ named as the quantity", re.Quantity, err)
	}
	if !allFinite(est.(*exactEstimator).ev.Hess22.RawMatrix().Data) {
		t.Errorf("the follower Hessian is not finite: the reproducer no longer isolates the mixed block")
	}
}

// On epidemic with rewards ×1e305 the exact V1 is finite, but the sampled
// estimator's sum of 256 returns of up to ~1e306 overflowed before the
// division by the batch size (such a sum is now summed again with scaled
// terms: TestSampledOverflowRescaled). With rewards and λ ×2^1023 the mean
// itself (≈ −7.5e308) is beyond float64's range, and the error said only "V1:
// non-finite value (NaN or Inf)": it must say that the batch's mean of
// sampled returns is beyond float64, with the batch, the horizon and the
// rewards' magnitude.
func TestSampledV1OverflowSaysSum(t *testing.T) {
	n, m1, m2 := epidemicScaled(t, 1).Dims()
	th1, th2 := make([]float64, n*m1), make([]float64, n*m2)
	f, _ := lookupEstimator(Exact)
	ex, _ := f(epidemicScaled(t, 1e305), Config{})
	if pt, _, err := ex.Estimate(th1, th2, false); err != nil || !finite(pt.V1) {
		t.Fatalf("exact, ×1e305: V1 = %v, err %v; want a finite V1", pt.V1, err)
	}
	f, _ = lookupEstimator(Sampled)
	est, err := f(epidemicScaled(t, 1e305), Config{Batch: 256, Horizon: 50})
	if err != nil {
		t.Fatal(err)
	}
	if pt, _, err := est.Estimate(th1, th2, true); err != nil || !(pt.V1 < -8e305 && pt.V1 > -9e305) {
		t.Errorf("sampled, ×1e305: err %v; want none and V1 ≈ −8.3e305", err)
	}
	est, err = f(scaledGame2(t, "epidemic", nil, 1023), Config{Batch: 256, Horizon: 50})
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = est.Estimate(th1, th2, true)
	var re *RunError
	const want = "markov: iteration 0: V1: the mean of the batch's 256 sampled discounted returns Σ_τ γ^τ R1 (horizon 50; max|R1| = 1.26e+308, each return at most 9.95·1.26e+308) is beyond float64's range: non-finite value (NaN or Inf)"
	if !errors.As(err, &re) || re.Quantity != "V1" || err.Error() != want {
		t.Errorf("err = %v\nwant %s", err, want)
	}
}

// With Stackelberg PG the exact estimator reported a value or follower
// gradient that overflowed as "values or gradients", where simultaneous PG
// (Run's checkPoint) names it: on epidemic with rewards ×3e307 and λ = 0,
// V1 overflows at θ = 0. Both dynamics must name V1: the estimator
// itself, and Run, which since session 48 finds it in the record of
// iteration 0, before the first update's estimate.
func TestExactEstimatorNamesNonFiniteValue(t *testing.T) {
	g, err := Builtin("epidemic", nil)
	if err != nil {
		t.Fatal(err)
	}
	for s := range g.R1 {
		for a := range g.R1[s] {
			for b := range g.R1[s][a] {
				g.R1[s][a][b] *= 3e307
				g.R2[s][a][b] *= 3e307
			}
		}
	}
	g.Lambda = 0
	// Beyond the bound on the values that Validate checks (Validate
	// refuses this game): the estimator's and Run's own checks are what
	// is tested here.
	if err := g.validate(false); err != nil {
		t.Fatal(err)
	}
	for _, dyn := range []string{StackelbergPG, SimultaneousPG} {
		_, err := Run(context.Background(), g, Config{Dynamics: dyn, Reg: 1, Settings: loop.Settings{Iterations: 2}}, nil)
		var re *RunError
		const want = "markov: iteration 0: V1: non-finite value (NaN or Inf)"
		if !errors.As(err, &re) || re.Quantity != "V1" || err.Error() != want {
			t.Errorf("%s: err = %v, want %q", dyn, err, want)
		}
		f, _ := lookupEstimator(Exact)
		est, err := f(g, Config{Dynamics: dyn, Reg: 1})
		if err != nil {
			t.Fatal(err)
		}
		n, m1, m2 := g.Dims()
		pt, _, err := est.Estimate(make([]float64, n*m1), make([]float64, n*m2), dyn == StackelbergPG)
		if err == nil {
			err = checkPoint(pt) // as Run checks every estimate
		}
		if !errors.As(err, &re) || re.Quantity != "V1" {
			t.Errorf("%s: the estimator's error %v does not name V1", dyn, err)
		}
	}
}
