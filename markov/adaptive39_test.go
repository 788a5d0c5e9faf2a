package markov

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stackel/stackel/loop"
)

// When no step down to start/2^MaxHalvings passes the Armijo test and the
// smallest still lowers f, search must fail, not return that step: along
// f(s) = 3 − s with slope 2 every step lowers f by s ≥ 8/2^40 ≈ 7e-12,
// beyond the rounding allowance 3e-12. (It returned 8/2^40 with no error.)
// A value that stays finite and within rounding of f0 at the smallest step
// is still accepted there: the search does not fail on a step that only
// misses the margin C·s·slope.
func TestBacktrackSearchRefusesDecreasingSmallestStep(t *testing.T) {
	tr := &backtracker{bt: Backtrack{}.withDefaults()}
	step, err := tr.search(8, 2, 3, 1, func(s float64) float64 { return 3 - s })
	const want = "no step passes the Armijo test: the smallest step 7.275957614183426e-12 (8 halved 40 times) still lowers the value from 3 to 3"
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("f(s) = 3 − s: step %v, error %v; want an error starting %q", step, err, want)
	}
	// Slope 2000: at the smallest step the margin C·s·slope is 1.5e-12, and
	// f = 3 − 2.5e-12 misses it but is within the allowance of f0.
	step, err = tr.search(8, 2000, 3, 1, func(s float64) float64 {
		if s > 1e-11 {
			return 3 - s
		}
		return 3 - 2.5e-12
	})
	if err != nil || step != 8.0/(1<<40) {
		t.Errorf("f within rounding of f0 at the smallest step: step %v, error %v; want 8/2^40 accepted", step, err)
	}
}

// On the user game with the follower's step cap 1e30 (both dynamics) no
// follower step down to 1e30/2^40 ≈ 9.1e17 raises V2λ (the follower's
// policy saturates and V2λ falls from 8.05 to about 4.5). The run must stop
// at iteration 1 with an error naming the follower's line search, keeping
// the initial row; it accepted β = 9.1e17 silently, then ran on with a
// saturated follower (simultaneous PG: 50 iterations, no error) or failed
// at iteration 2 blaming the follower Hessian (Stackelberg PG). Every value
// is finite, so nothing diverged: a cap too long for the game is a setting
// that failed, a *ScheduleError with status failed (README: "diverged" is
// NaN/Inf or a singular matrix; it was a RunError, status diverged).
func TestBacktrackingRefusesCapTooLong(t *testing.T) {
	g, err := ParseGame([]byte(userSpec))
	if err != nil {
		t.Fatal(err)
	}
	for _, dyn := range []string{StackelbergPG, SimultaneousPG} {
		cfg := Config{Dynamics: dyn, StepRule: Backtracking, LeaderLR: loop.Constant(0.5), FollowerLR: loop.Constant(1e30),
			Settings: loop.Settings{Iterations: 50, RecordEvery: 1}}
		res, err := Run(context.Background(), g, cfg, nil)
		var se *ScheduleError
		var re *RunError
		const want = "markov: iteration 1: step sizes (backtracking): follower line search on V2λ(θ1, θ2 + β ∇θ2V2λ): no step passes the Armijo test: " +
			"the smallest step 9.094947017729283e+17 (1e+30 halved 40 times) still lowers the value from 8.047577335 to "
		if !errors.As(err, &se) || errors.As(err, &re) || se.Iteration != 1 || !strings.HasPrefix(err.Error(), want) || !errors.Is(err, loop.ErrScheduleValue) {
			t.Errorf("%s: error %v; want a ScheduleError (no RunError, matching loop.ErrScheduleValue: a NATS worker does not retry it) starting %q", dyn, err, want)
			continue
		}
		if res.Iterations != 0 || len(res.History) != 1 || res.History[0].Iteration != 0 || res.Status != loop.Failed {
			t.Errorf("%s: iterations %d, %d rows, status %v; want the initial row only, status failed", dyn, res.Iterations, len(res.History), res.Status)
		}
	}
}

// A best response that fails at a trial point of the leader's line search
// fails the test there, and the search halves α. On the user game with
// R1 scaled by 1000 and the leader's cap 1e308, θ1 + α d overflows at the
// first trial and the best response fails ("NaN in policy iteration"); the
// run stopped there with "leader line search: best response: markov: best
// response: NaN in policy iteration", blaming the best response. It must
// halve on, and stop only because no step down to 1e308/2^40 raises
// V1(θ1, B(θ1)), saying so.
func TestBacktrackingLeaderTrialBestResponseFailureHalves(t *testing.T) {
	spec := strings.Replace(userSpec, "R1: [[[1, 0], [0.2, 0.6]], [[0.3, 0.9], [0.5, 0.1]]]", "R1: [[[1000, 0], [200, 600]], [[300, 900], [500, 100]]]", 1)
	g, err := ParseGame([]byte(spec))
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{StepRule: Backtracking, LeaderLR: loop.Constant(1e308), FollowerLR: loop.Constant(2), Settings: loop.Settings{Iterations: 5, RecordEvery: 1}}
	res, err := Run(context.Background(), g, cfg, nil)
	const want = "markov: iteration 1: step sizes (backtracking): leader line search on V1(θ1 + α d, B(θ1 + α d)): no step passes the Armijo test: " +
		"the smallest step 9.094947017729282e+295 (1e+308 halved 40 times) still lowers the value from 4515.648649 to 3812.337661"
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("error %v; want one starting %q", err, want)
	}
	if len(res.History) != 1 || res.Iterations != 0 {
		t.Errorf("%d rows, iterations %d; want the initial row only", len(res.History), res.Iterations)
	}
}
