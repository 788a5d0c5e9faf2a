package learn

import (
	"context"
	"errors"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stackel/stackel/loop"
)

// countingDynamics counts its steps, sleeps sleep in each (a lower bound
// on the step's duration: an expensive step, such as the exact solver's
// with a follower of dimension 200, 9.5 ms), and calls cancel after step
// cancelAt.
type countingDynamics struct {
	steps    int
	sleep    time.Duration
	cancelAt int
	cancel   context.CancelFunc
}

func (c *countingDynamics) Step(_ context.Context, k int, x, y []float64, _ *rand.Rand) (StepInfo, error) {
	c.steps++
	time.Sleep(c.sleep)
	x[0] *= 0.5
	if k == c.cancelAt {
		c.cancel()
	}
	return StepInfo{}, nil
}

// Run polled its context every 256 iterations whatever a step cost: a
// context cancelled before Run still had 255 steps done (2.4 s of the
// exact Stackelberg dynamics on a 2×200 quadratic game), and a
// cancellation during a run of expensive steps waited as long. Run now
// looks before the first step, and then about every millisecond of steps
// (every step when one takes 2 ms).
func TestRunCancelPrompt(t *testing.T) {
	g := bilinear{1}
	t.Run("before-first-step", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		d := &countingDynamics{}
		res, err := Run(ctx, g, d, []float64{1}, []float64{1}, Settings{Settings: loop.Settings{Iterations: 10000}}, nil)
		if !errors.Is(err, context.Canceled) || err.Error() != "iteration 1: context canceled" || d.steps != 0 ||
			res.Iterations != 0 || res.X[0] != 1 || res.Status != loop.Cancelled {
			t.Errorf("%d steps, %d iterations, x = %v, status %v, err %v; want 0 steps and iterations, x = [1], cancelled, %q",
				d.steps, res.Iterations, res.X, res.Status, err, "iteration 1: context canceled")
		}
	})
	t.Run("slow-steps", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		d := &countingDynamics{sleep: 2 * time.Millisecond, cancelAt: 3, cancel: cancel}
		res, err := Run(ctx, g, d, []float64{1}, []float64{1}, Settings{Settings: loop.Settings{Iterations: 10000}}, nil)
		// x halves each step: 1/8 after the 3 steps done.
		if !errors.Is(err, context.Canceled) || d.steps != 3 || res.Iterations != 3 || res.X[0] != 0.125 {
			t.Errorf("%d steps, %d iterations, x = %v, err %v; want 3, 3, [0.125], context canceled", d.steps, res.Iterations, res.X, err)
		}
	})
}

// errCounter is a context that counts the calls of its Err.
type errCounter struct {
	context.Context
	calls int
}

func (c *errCounter) Err() error { c.calls++; return c.Context.Err() }

// The poll period is set again at each poll from the steps since the one
// before: a slow first step (2 ms: a cold cache, a pause) made Run poll
// at every one of the following 9999 fast steps when the period was fixed
// by the first step alone. The bound is loose (polls at most every other
// step on average, where fast steps give one poll in up to 256), so that
// a loaded machine does not fail it.
func TestRunPollPeriodFollowsSteps(t *testing.T) {
	d := &slowFirst{}
	ctx := &errCounter{Context: context.Background()}
	if _, err := Run(ctx, bilinear{1}, d, []float64{1}, []float64{1}, Settings{Settings: loop.Settings{Iterations: 10000}}, nil); err != nil {
		t.Fatal(err)
	}
	if ctx.calls > 5000 {
		t.Errorf("%d polls of the context in 10000 steps after a slow first one; want the period to grow again (≤ 5000)", ctx.calls)
	}
}

// slowFirst is a dynamics whose first step takes at least 2 ms and the
// others next to nothing.
type slowFirst struct{}

func (slowFirst) Step(_ context.Context, k int, x, y []float64, _ *rand.Rand) (StepInfo, error) {
	if k == 1 {
		time.Sleep(2 * time.Millisecond)
	}
	x[0] *= 0.5
	return StepInfo{}, nil
}
