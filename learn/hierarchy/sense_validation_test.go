package hierarchy

import (
	"context"
	"testing"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/loop"
)

// TestUnknownSenseRefused: a Game whose Sense is neither game.Cost nor
// game.Payoff is an error naming the value, from Structure.Validate (and so
// NewEvaluator). game.Sense.Sign takes any other value for Cost, so before,
// a game meant as payoffs with a corrupted sense (here 2) built an
// evaluator and Run descended the payoffs: one step of size 0.5 from
// x = 1 on f = −(x − 3)² (direction D = −2(x − 3) = 4) went to
// 1 − 0.5·4 = −1, away from the maximiser 3, without a word (game.Check
// refuses such a sense for two-player games).
func TestUnknownSenseRefused(t *testing.T) {
	obj := func(xs []*ad.Node) *ad.Node { return ad.Neg(ad.Square(ad.AddScalar(xs[0], -3))) }
	g := Game{Sense: game.Sense(2), Players: []Player{{Name: "solo", Dim: 1, Objective: obj}}}
	const want = "hierarchy: sense 2 is neither Cost nor Payoff"
	if err := Staggered(1).Validate(g); err == nil || err.Error() != want {
		t.Errorf("Validate: %v; want %q", err, want)
	}
	if _, err := NewEvaluator(g, Staggered(1)); err == nil || err.Error() != want {
		t.Errorf("NewEvaluator: %v; want %q", err, want)
	}
	// The valid senses still build, and one step moves as the sense says:
	// ascent to 1 + 0.5·4 = 3 for payoffs, descent to −1 for costs.
	for _, c := range []struct {
		sense game.Sense
		want  float64
	}{{game.Payoff, 3}, {game.Cost, -1}} {
		g.Sense = c.sense
		e, err := NewEvaluator(g, Staggered(1))
		if err != nil {
			t.Fatalf("%v: %v", c.sense, err)
		}
		res, err := Run(context.Background(), e, [][]float64{{1}}, Config{Rates: []loop.Schedule{loop.Constant(0.5)}, Settings: loop.Settings{Iterations: 1}})
		if err != nil || res.X[0][0] != c.want {
			t.Errorf("%v: one step from 1 gave %v (%v); want %g", c.sense, res.X, err, c.want)
		}
	}
}
