package markov

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stackel/stackel/loop"
)

// gamma99Game is the user game of userSpec with γ = 0.99: its best
// response takes 4 soft policy iterations at θ1 = 0 and more at the
// leader's trial points θ1 + α d for α ≥ 50.
func gamma99Game(t *testing.T) *Game {
	t.Helper()
	g, err := ParseGame([]byte(strings.Replace(userSpec, "gamma: 0.9", "gamma: 0.99", 1)))
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// When the follower's best response reached its iteration limit at the
// smallest step of the leader's hierarchical line search, the run stopped
// with "… the value at the smallest step 50 (100 halved 1 times) is not
// finite: non-finite value (NaN or Inf) (the best response there: …
// did not converge in 1 iteration …)" and status diverged: a
// non-convergence reported as a NaN. Here (cap 100, one halving; the
// best response's limit 500 at the starting θ1 = 0 and 1 at every trial
// point, set by brIterHook: a limit of 6 everywhere, which the trial
// points alone exceed, depended on the BLAS's rounding) the error must
// lead with the best response's failure, be a *ScheduleError (no
// *RunError) and the status failed.
func TestBacktrackingBestResponseLimitAtSmallestStepFails(t *testing.T) {
	old := brMaxIter
	brIterHook = func(theta1 []float64, it int) {
		if it > 0 {
			return
		}
		brMaxIter = 500
		for _, v := range theta1 {
			if v != 0 {
				brMaxIter = 1 // a trial point θ1 + α d
			}
		}
	}
	defer func() { brIterHook, brMaxIter = nil, old }()
	cfg := Config{StepRule: Backtracking, Backtrack: Backtrack{MaxHalvings: 1}, LeaderLR: loop.Constant(100), FollowerLR: loop.Constant(0.001),
		Settings: loop.Settings{Iterations: 1}}
	res, err := Run(context.Background(), gamma99Game(t), cfg, nil)
	const want = "markov: iteration 1: step sizes (backtracking): leader line search on V1(θ1 + α d, B(θ1 + α d)): no step passes the Armijo test: " +
		"the best response B(θ1 + α d) at the smallest step 50 (100 halved 1 times) failed: markov: best response: soft policy iteration did not converge in 1 iteration (last change "
	var se *ScheduleError
	var re *RunError
	if err == nil || !strings.HasPrefix(err.Error(), want) || !errors.As(err, &se) || errors.As(err, &re) {
		t.Errorf("error %v; want a *ScheduleError (no *RunError) starting %q", err, want)
	}
	if !errors.Is(err, ErrBestResponseLimit) {
		t.Errorf("error %v does not match ErrBestResponseLimit", err)
	}
	if strings.Contains(err.Error(), "not finite") || res.Status != loop.Failed || res.Iterations != 0 {
		t.Errorf("status %v, iterations %d, error %v; want failed, 0, and no \"not finite\"", res.Status, res.Iterations, err)
	}
}

// The same at the current θ1 (brMaxIter 3: the best response at θ1 = 0
// needs 4): the run stopped with a *RunError, status diverged, for an
// iteration limit. It must fail (status failed, no *RunError) with an
// error naming the best response at the current θ1 (a
// *BestResponseLimitError since session 42: TestBestResponseLimitAtCurrentPointTyped).
func TestBacktrackingBestResponseLimitAtCurrentPointFails(t *testing.T) {
	old := brMaxIter
	brMaxIter = 3
	defer func() { brMaxIter = old }()
	cfg := Config{StepRule: Backtracking, LeaderLR: loop.Constant(1), FollowerLR: loop.Constant(0.001), Settings: loop.Settings{Iterations: 1}}
	res, err := Run(context.Background(), gamma99Game(t), cfg, nil)
	const want = "markov: iteration 1: follower best response B(θ1) (Eq. 13-14): at the current θ1 of the leader's line search on V1(θ1 + α d, B(θ1 + α d)): " +
		"markov: best response: soft policy iteration did not converge in 3 iterations (last change "
	var re *RunError
	if err == nil || !strings.HasPrefix(err.Error(), want) || errors.As(err, &re) || res.Status != loop.Failed || res.Iterations != 0 {
		t.Errorf("status %v, iterations %d, error %v; want failed, 0, no *RunError, an error starting %q", res.Status, res.Iterations, err, want)
	}
}

// A best response that meets NaN at the smallest step is a divergence and
// stays one: the user game with R1 ×1000 and the leader's cap 1e308, one
// halving (θ1 + α d overflows at both trials), stops with a *RunError,
// status diverged, its error naming the trial θ1's entry that overflowed
// to +Inf (session 43: it was the best response's "NaN in policy
// iteration"; its −Inf entry is an action of probability 0, no error).
func TestBacktrackingBestResponseNaNAtSmallestStepDiverges(t *testing.T) {
	spec := strings.Replace(userSpec, "R1: [[[1, 0], [0.2, 0.6]], [[0.3, 0.9], [0.5, 0.1]]]", "R1: [[[1000, 0], [200, 600]], [[300, 900], [500, 100]]]", 1)
	g, err := ParseGame([]byte(spec))
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{StepRule: Backtracking, Backtrack: Backtrack{MaxHalvings: 1}, LeaderLR: loop.Constant(1e308), FollowerLR: loop.Constant(2),
		Settings: loop.Settings{Iterations: 1}}
	res, err := Run(context.Background(), g, cfg, nil)
	const want = "markov: iteration 1: step sizes (backtracking): leader line search on V1(θ1 + α d, B(θ1 + α d)): no step passes the Armijo test: " +
		"the best response B(θ1 + α d) at the smallest step 5e+307 (1e+308 halved 1 times) failed: markov: best response: theta1[1] = +Inf is not finite: the softmax of θ (Eq. 7) is then no policy"
	var re *RunError
	if err == nil || err.Error() != want || !errors.As(err, &re) || res.Status != loop.Diverged {
		t.Errorf("status %v, error %v; want diverged, a *RunError %q", res.Status, err, want)
	}
}

// Under simultaneous PG the leader's direction is ∇θ1V1, not Eq. 19; an
// overflowed one was named "leader gradient (Eq. 19)". One state, R1 =
// ±1e308 by the leader's action, γ = 0.1, θ1 = (20, 0): V1 ≈ −1.1e308 is
// finite, the advantage of the second action overflows, and so does
// ∇θ1V1. The simultaneous run must name ∇θ1V1; the Stackelberg run keeps
// Eq. 19.
func TestLeaderGradientOverflowNamedByDynamics(t *testing.T) {
	const spec = `
gamma: 0.1
lambda: 0.5
states: 1
actions: [2, 2]
rho: [1]
P: [[[[1], [1]], [[1], [1]]]]
R1: [[[-1e308, -1e308], [1e308, 1e308]]]
R2: [[[0.2, 1], [0.8, 0.1]]]
`
	g, err := ParseGame([]byte(spec))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ dyn, quantity string }{
		{SimultaneousPG, "leader gradient ∇θ1 V1 (simultaneous PG, Eq. 8)"},
		{StackelbergPG, "leader gradient (Eq. 19)"},
	} {
		cfg := Config{Dynamics: c.dyn, Theta1: []float64{20, 0}, Settings: loop.Settings{Iterations: 1}}
		res, err := Run(context.Background(), g, cfg, nil)
		var re *RunError
		want := "markov: iteration 1: " + c.quantity + ": non-finite value (NaN or Inf)"
		if !errors.As(err, &re) || re.Quantity != c.quantity || err.Error() != want || res.Status != loop.Diverged {
			t.Errorf("%s: status %v, error %v; want diverged, %q", c.dyn, res.Status, err, want)
		}
	}
}
