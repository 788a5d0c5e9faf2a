package markov

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/stackel/stackel/loop"
)

// On the hierarchical objective of the Backtracking rule, a best response
// B(θ1) reaching its iteration limit at the line search's current θ1
// stopped the run with a plain error (fmt.Errorf, status failed): nothing
// told a caller (a NATS worker deciding on a retry) that every run of the
// configuration fails alike, so the worker retried it up to its attempt
// bound. The run must stop with a *BestResponseLimitError naming the
// stage (Eq. 13-14), matching ErrBestResponseLimit but neither
// loop.ErrScheduleValue (no step is at fault) nor a divergence, and return
// the Result at the last completed update with everything recorded.
//
// Here the user game at γ = 0.99 runs 5 iterations recording every one;
// once iteration 2 is recorded (the recorder arms the hook), every best
// response is limited to 1 soft policy iteration, so the first to fail is
// the one at the current θ1 of iteration 3's line search. The Result and
// History must equal (bit for bit) those of a clean 2-iteration run.
func TestBestResponseLimitAtCurrentPointTyped(t *testing.T) {
	cfg := Config{StepRule: Backtracking, LeaderLR: loop.Constant(1), FollowerLR: loop.Constant(0.5),
		Settings: loop.Settings{Iterations: 2, RecordEvery: 1}}
	clean, err := Run(context.Background(), gamma99Game(t), cfg, nil)
	if err != nil {
		t.Fatal(err)
	}

	old := brMaxIter
	armed := false
	brIterHook = func([]float64, int) {
		if armed {
			brMaxIter = 1
		}
	}
	defer func() { brIterHook, brMaxIter = nil, old }()
	cfg.Iterations = 5
	rec := RecorderFunc(func(s Stats) error {
		if s.Iteration == 2 {
			armed = true
		}
		return nil
	})
	res, err := Run(context.Background(), gamma99Game(t), cfg, rec)

	const want = "markov: iteration 3: follower best response B(θ1) (Eq. 13-14): at the current θ1 of the leader's line search on V1(θ1 + α d, B(θ1 + α d)): " +
		"markov: best response: soft policy iteration did not converge in 1 iteration (last change "
	var (
		be *BestResponseLimitError
		se *ScheduleError
		re *RunError
	)
	if !errors.As(err, &be) || be.Iteration != 3 || be.Quantity != "follower best response B(θ1) (Eq. 13-14)" || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("error %v (%T); want a *BestResponseLimitError at iteration 3 starting %q", err, err, want)
	}
	if !errors.Is(err, ErrBestResponseLimit) || errors.Is(err, loop.ErrScheduleValue) || errors.As(err, &se) || errors.As(err, &re) {
		t.Errorf("error %v: want it to match ErrBestResponseLimit only (not loop.ErrScheduleValue, no *ScheduleError or *RunError)", err)
	}
	if res.Status != loop.Failed || loop.StatusOf(err, false) != loop.Failed {
		t.Errorf("status %v; want failed", res.Status)
	}
	if res.Iterations != 2 || !slices.Equal(res.Theta1, clean.Theta1) || !slices.Equal(res.Theta2, clean.Theta2) ||
		res.LeaderValue != clean.LeaderValue || res.FollowerValue != clean.FollowerValue ||
		res.LeaderStep != clean.LeaderStep || res.FollowerStep != clean.FollowerStep {
		t.Errorf("result after the failure: iterations %d, θ1 %v, θ2 %v, V1 %v, V2λ %v, steps %v %v; want those of the clean 2-iteration run: %d, %v, %v, %v, %v, %v %v",
			res.Iterations, res.Theta1, res.Theta2, res.LeaderValue, res.FollowerValue, res.LeaderStep, res.FollowerStep,
			clean.Iterations, clean.Theta1, clean.Theta2, clean.LeaderValue, clean.FollowerValue, clean.LeaderStep, clean.FollowerStep)
	}
	if !slices.Equal(res.History, clean.History) || len(res.History) != 3 {
		t.Errorf("history %+v; want the clean run's 3 records %+v", res.History, clean.History)
	}
}

// A best response's iteration limit met by the Evaluator itself matches
// ErrBestResponseLimit (and its text is the best response's, not the
// sentinel's).
func TestBestResponseLimitSentinel(t *testing.T) {
	g := gamma99Game(t)
	e, err := NewEvaluator(g)
	if err != nil {
		t.Fatal(err)
	}
	old := brMaxIter
	brMaxIter = 3
	defer func() { brMaxIter = old }()
	n, m1, _ := g.Dims()
	_, err = e.BestResponseTheta(make([]float64, n*m1))
	if !errors.Is(err, ErrBestResponseLimit) || strings.Contains(err.Error(), ErrBestResponseLimit.Error()) {
		t.Errorf("error %v; want one matching ErrBestResponseLimit, with the best response's own text", err)
	}
}
