package uncoupled

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stackel/stackel/loop"
)

// slowAgent plays a fixed strategy; each Observe takes sleep, and the
// Observe of stage cancelAt calls cancel.
type slowAgent struct {
	x        []float64
	stage    int
	sleep    time.Duration
	cancelAt int
	cancel   context.CancelFunc
}

func (s *slowAgent) Strategy() []float64 { return s.x }
func (s *slowAgent) Observe([]float64) error {
	time.Sleep(s.sleep)
	if s.stage == s.cancelAt && s.cancel != nil {
		s.cancel()
	}
	s.stage++
	return nil
}

// countingCtx is a context that counts the calls of its Err.
type countingCtx struct {
	context.Context
	calls int
}

func (c *countingCtx) Err() error { c.calls++; return c.Context.Err() }

// Play and Negotiate's stages polled their context every 2¹⁰ stages
// whatever a stage cost (a numerical best responder may take up to
// max_iter = 10⁵ inner steps a stage), so a cancellation during a play of
// 2 ms stages went unseen for up to 1023 of them. As learn.Run, they now
// poll before the first stage and then about every millisecond of
// stages: before every stage here, so a cancellation during stage 3 stops
// the play before stage 4, after 5 polls.
func TestPlayCancelPrompt(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cc := &countingCtx{Context: ctx}
	a := &slowAgent{x: []float64{1}, sleep: time.Millisecond, cancelAt: 3, cancel: cancel}
	b := &slowAgent{x: []float64{2}, sleep: time.Millisecond, cancelAt: -1}
	ref := func(x, y []float64) (float64, float64) { return 0, 0 }
	out, err := Play(cc, a, b, ref, PlayOptions{Settings: loop.Settings{Iterations: 5000}})
	const want = "play: stopped at stage 4: context canceled"
	if !errors.Is(err, context.Canceled) || err.Error() != want || out.Stages != 4 || cc.calls != 5 || out.Status != loop.Cancelled {
		t.Errorf("stages %d, %d polls, status %v, err %v; want 4 stages, 5 polls, cancelled, %s", out.Stages, cc.calls, out.Status, err, want)
	}
}

// TestPlayAveragingCancelPrompt: Negotiate's stages (playAveraging) alike.
func TestPlayAveragingCancelPrompt(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cc := &countingCtx{Context: ctx}
	a := &slowAgent{x: []float64{1}, sleep: time.Millisecond, cancelAt: 3, cancel: cancel}
	b := &slowAgent{x: []float64{2}, sleep: time.Millisecond, cancelAt: -1}
	zero := func(own, other []float64) float64 { return 0 }
	_, n, err := playAveraging(cc, [2]Agent{a, b}, [2]Payoff{zero, zero}, 5000)
	const want = "stage 4: context canceled"
	if !errors.Is(err, context.Canceled) || err.Error() != want || n != 4 || cc.calls != 5 {
		t.Errorf("stages %d, %d polls, err %v; want 4 stages, 5 polls, %s", n, cc.calls, err, want)
	}
}
