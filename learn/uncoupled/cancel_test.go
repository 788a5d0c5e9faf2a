package uncoupled

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/loop"
)

// TestPlayCancelled: a Hi-C run of 10¹² stages against a numerical best
// responder (up to 10⁴ inner steps a stage) stops when its context is
// cancelled, with Status Cancelled; the latency is logged, not asserted.
func TestPlayCancelled(t *testing.T) {
	p1, p2 := Split(cournot{50, 1, 1}, game.Payoff)
	rng := rand.New(rand.NewPCG(1, 2))
	h, err := NewHiC(p1.Payoff, []float64{10}, quantityBox, paperHiC(1, Baseline{}, 0), rng)
	if err != nil {
		t.Fatal(err)
	}
	f, err := NewNumericalBestResponder(p2.Gradient, []float64{10}, quantityBox, BestResponseConfig{LR: 0.4, Tol: 1e-300})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	type result struct {
		out Outcome
		err error
	}
	done := make(chan result, 1)
	// 10¹² stages where int has 64 bits, math.MaxInt32 (still hours)
	// where it has 32.
	var stages int64 = 1e12
	go func() {
		out, err := Play(ctx, h, f, NewReferee(cournot{50, 1, 1}, game.Payoff), PlayOptions{Settings: loop.Settings{Iterations: int(min(stages, math.MaxInt))}})
		done <- result{out, err}
	}()
	time.Sleep(50 * time.Millisecond)
	start := time.Now()
	cancel()
	select {
	case r := <-done:
		t.Logf("returned %v after cancel", time.Since(start))
		if !errors.Is(r.err, context.Canceled) || r.out.Status != loop.Cancelled {
			t.Errorf("error %v, status %v; want context.Canceled and Cancelled", r.err, r.out.Status)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("still playing 30 s after cancel")
	}
}
