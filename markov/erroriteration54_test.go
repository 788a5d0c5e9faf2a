package markov

import (
	"context"
	"errors"
	"math"
	"testing"

	"github.com/stackel/stackel/loop"
)

// TestErrorIterationIndependentOfRecordEvery54: a run that stops on a
// non-finite value names the update that produced it whatever
// record_every is. One state, λ = 0.5, the follower's R2 favouring its
// action 0; the follower's step β is chosen so that the first update
// (Eq. 9) sends θ2 to (c, −c) with c = 1.2e308: finite, but log π2(1|s) =
// −2c is −Inf, π2(1|s) = 0, and V2λ's entropy term π2·log π2 is NaN.
// Recording every iteration the run stopped at "iteration 1: V2λ" with
// row 1 kept; recording every 1000 it went on to update 2, whose
// estimate met the NaN, and said "iteration 2". Now both say iteration 1
// and both keep the rows 0 and 1 (the second run records iteration 1,
// the last it reached, as a run records its last iteration).
func TestErrorIterationIndependentOfRecordEvery54(t *testing.T) {
	const spec = `
gamma: 0.5
lambda: 0.5
states: 1
actions: [2, 2]
rho: [1]
P: [[[[1], [1]], [[1], [1]]]]
R1: [[[1, 0], [0, 1]]]
R2: [[[1000, 0], [1000, 0]]]
`
	g, err := ParseGame([]byte(spec))
	if err != nil {
		t.Fatal(err)
	}
	e, err := NewEvaluator(g)
	if err != nil {
		t.Fatal(err)
	}
	gr := e.Eval([]float64{0, 0}, []float64{0, 0}, OrderGradients).Grad22
	// ∇θ2V2λ = (500, −500) at uniform policies: π2(b)(Q(b) − V) with
	// Q(0) − Q(1) = 1000/(1 − γ)·(1 − γ) = 1000 at γ = 1/2 and one state.
	if math.Abs(gr[0]-500) > 1e-9 || math.Abs(gr[1]+500) > 1e-9 {
		t.Fatalf("∇θ2V2λ at uniform = %v; want (500, −500) within 1e-9", gr)
	}
	for _, dyn := range []string{SimultaneousPG, StackelbergPG} {
		for _, est := range []string{Exact, Sampled} {
			// β such that the first step is 1.2e308 in θ2's first entry:
			// from the exact gradient, or from the sampled estimator's
			// first estimate (the same seed, so the same trajectories).
			beta := 1.2e308 / 500
			if est == Sampled {
				cfg, err := Config{Dynamics: dyn, Estimator: est, Batch: 8, Horizon: 4}.withDefaults(g)
				if err != nil {
					t.Fatal(err)
				}
				f, _ := lookupEstimator(Sampled)
				es, err := f(g, cfg)
				if err != nil {
					t.Fatal(err)
				}
				pt, _, err := es.Estimate([]float64{0, 0}, []float64{0, 0}, dyn == StackelbergPG)
				if err != nil || !(pt.Grad22[0] > 1) || pt.Grad22[1] != -pt.Grad22[0] {
					t.Fatalf("%s sampled: first ∇θ2V2λ estimate %v, err %v; want (g, −g) with g > 1", dyn, pt.Grad22, err)
				}
				beta = 1.2e308 / pt.Grad22[0]
			}
			for _, every := range []int{1, 2, 1000} {
				var rows []int
				rec := RecorderFunc(func(s Stats) error { rows = append(rows, s.Iteration); return nil })
				cfg := Config{Dynamics: dyn, Estimator: est, Batch: 8, Horizon: 4, LeaderLR: loop.Constant(1e-3), FollowerLR: loop.Constant(beta),
					Settings: loop.Settings{Iterations: 5, RecordEvery: every}}
				res, err := Run(context.Background(), g, cfg, rec)
				var re *RunError
				if !errors.As(err, &re) || re.Iteration != 1 || re.Quantity != "V2λ" || err.Error() != "markov: iteration 1: V2λ: non-finite value (NaN or Inf)" {
					t.Errorf("%s %s record_every %d: err = %v; want markov: iteration 1: V2λ: non-finite value (NaN or Inf)", dyn, est, every, err)
					continue
				}
				if len(rows) != 2 || rows[0] != 0 || rows[1] != 1 || len(res.History) != 2 || !math.IsNaN(res.History[1].FollowerValue) {
					t.Errorf("%s %s record_every %d: rows %v, history %+v; want rows 0 and 1, V2λ NaN in row 1", dyn, est, every, rows, res.History)
				}
				if res.Iterations != 1 || res.Status != loop.Diverged || !math.IsNaN(res.FollowerValue) || math.Abs(res.Theta2[0]/1.2e308-1) > 1e-12 {
					t.Errorf("%s %s record_every %d: %d iterations, status %v, V2λ %v, θ2 %v; want 1, diverged, NaN, (1.2e308, −1.2e308)",
						dyn, est, every, res.Iterations, res.Status, res.FollowerValue, res.Theta2)
				}
			}
		}
	}
}
