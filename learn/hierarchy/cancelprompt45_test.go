package hierarchy

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/loop"
)

// halving is a one-player game with cost x²/2: at the rate 0.5 each step
// halves x.
func halving(t *testing.T) *Evaluator {
	t.Helper()
	g := Game{Sense: game.Cost, Players: []Player{{Name: "p", Dim: 1,
		Objective: func(xs []*ad.Node) *ad.Node { return ad.Scale(ad.Sum(ad.Square(xs[0])), 0.5) }}}}
	e, err := NewEvaluator(g, Staggered(1))
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// slowRate is the rate 0.5 whose value for step k takes sleep to give
// (Run asks for it once a step, as At(k+1)) and which calls cancel when
// asked for cancelAt.
type slowRate struct {
	sleep    time.Duration
	cancelAt int
	cancel   context.CancelFunc
}

func (s slowRate) At(k int) float64 {
	time.Sleep(s.sleep)
	if k == s.cancelAt && s.cancel != nil {
		s.cancel()
	}
	return 0.5
}

// errCounter is a context that counts the calls of its Err.
type errCounter struct {
	context.Context
	calls int
}

func (c *errCounter) Err() error { c.calls++; return c.Context.Err() }

// Run polled its context every 256 steps whatever a step cost, so a
// cancellation during a run of expensive steps waited up to 255 of them.
// As learn.Run, it now polls before the first step and then about every
// millisecond of steps: every step when one takes 2 ms.
func TestRunCancelPrompt(t *testing.T) {
	e := halving(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cc := &errCounter{Context: ctx}
	cfg := Config{Rates: []loop.Schedule{slowRate{sleep: 2 * time.Millisecond, cancelAt: 3, cancel: cancel}},
		Settings: loop.Settings{Iterations: 10000}}
	res, err := Run(cc, e, [][]float64{{1}}, cfg)
	// Cancelled during step 2 (rate γ_3): steps 0, 1, 2 done, x = 1/8,
	// and the context polled before each of them and before step 3.
	const want = "hierarchy: stopped at step 3: context canceled"
	if !errors.Is(err, context.Canceled) || err.Error() != want || len(res.X) != 1 || res.X[0][0] != 0.125 || cc.calls != 4 || res.Status != loop.Cancelled {
		t.Errorf("x = %v, %d polls, status %v, err %v; want [[0.125]], 4 polls, cancelled, %s", res.X, cc.calls, res.Status, err, want)
	}
}
