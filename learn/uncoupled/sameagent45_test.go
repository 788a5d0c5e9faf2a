package uncoupled

import (
	"context"
	"testing"

	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/loop"
)

// One agent passed as both players played every stage against its own
// strategy, updating twice a stage, without a word (Negotiate refuses one
// negotiator given as both players).
func TestPlaySameAgent(t *testing.T) {
	g, err := game.Builtin("cournot", nil)
	if err != nil {
		t.Fatal(err)
	}
	ev := game.NewEvaluator(g)
	_, v2 := Split(ev, g.Sense())
	f, err := NewGradientAscent(v2.Gradient, []float64{10}, game.Domain{}, GradientConfig{LR: loop.Constant(0.1)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	out, err := Play(context.Background(), f, f, NewReferee(ev, g.Sense()), PlayOptions{Settings: loop.Settings{Iterations: 10}})
	const want = "play: the first and the second agent are the same agent"
	if err == nil || err.Error() != want || out.Stages != 0 || out.Status != loop.Failed {
		t.Errorf("Play(f, f): %d stages, status %v, err %v; want 0 stages, failed, %q", out.Stages, out.Status, err, want)
	}
}
