package uncoupled

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/loop"
)

// TestNilContext: Play and Negotiate with a nil context are an error
// before any stage (as learn.Run refuses one); both panicked in
// ctx.Err() at the first stage.
func TestNilContext(t *testing.T) {
	view, cfg := constantNegotiation(7, 2)
	p1, p2 := negotiatorPair(t, view, cfg, 0, 0)
	ref := func(x, y []float64) (float64, float64) { return 3, 3 }
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("panic: %v", r)
		}
	}()
	var nilCtx context.Context
	res, err := Negotiate(nilCtx, p1, p2, ref, 2)
	if err == nil || err.Error() != "negotiate: nil context (use context.Background())" || res.Status != loop.Failed {
		t.Errorf("Negotiate: %v, status %v", err, res.Status)
	}
	h, err := NewHiC(view.Payoff, []float64{0}, game.Domain{}, cfg.Leader, rand.New(rand.NewPCG(3, 3)))
	if err != nil {
		t.Fatal(err)
	}
	f, err := NewGradientAscent(view.Gradient, []float64{0}, game.Domain{}, cfg.Follower, nil)
	if err != nil {
		t.Fatal(err)
	}
	out, err := Play(nilCtx, h, f, ref, PlayOptions{Settings: loop.Settings{Iterations: 3}})
	if err == nil || err.Error() != "play: nil context (use context.Background())" || out.Status != loop.Failed {
		t.Errorf("Play: %v, status %v", err, out.Status)
	}
}
