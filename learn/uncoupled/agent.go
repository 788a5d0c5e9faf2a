package uncoupled

import (
	"fmt"

	"github.com/stackel/stackel/game"
)

// Payoff is one agent's private knowledge of its own payoff: the payoff it
// receives when it plays own and the other agent plays other. It is the only
// thing a Hi-C leader is built from; nothing in its type reaches the other
// agent's objective. Agents maximise payoffs.
type Payoff func(own, other []float64) float64

// Gradient writes into dst the gradient of an agent's own payoff with
// respect to its own strategy, at the profile (own, other). It is what a
// gradient learner may query at the played profile, and nothing more.
type Gradient func(dst, own, other []float64)

// Agent is one uncoupled player. At every stage the driver (Play) asks each
// agent for the strategy it plays, then shows each agent the strategy the
// other one played. An agent learns about its own payoff only through the
// private Payoff or Gradient it was constructed with; it never holds a game.
type Agent interface {
	// Strategy returns the strategy the agent plays at the coming stage.
	// The slice is owned by the agent and may change in Observe.
	Strategy() []float64
	// Observe tells the agent the strategy the other agent played at the
	// stage just ended; the agent may update its own strategy. An error
	// (non-finite values) stops the run.
	Observe(other []float64) error
}

// View is one player's private view of a game: its own payoff and the
// gradient of its own payoff with respect to its own strategy, both with
// its own strategy as the first argument, and with the objective's sense
// turned into a payoff (a cost c becomes the payoff −c).
type View struct {
	// Payoff is the player's own payoff.
	Payoff Payoff
	// Gradient is the gradient of Payoff in the player's own strategy.
	Gradient Gradient
}

// Split turns a game evaluator into the two players' private views: the
// first player (the game's leader, strategy x) sees f1 with own = x, the
// second (strategy y) sees f2 with own = y. For a payoff game it adds no
// work on the hot path; for a cost game it negates.
func Split(ev game.Evaluator, sense game.Sense) (first, second View) {
	if sense == game.Payoff {
		return View{Payoff: ev.Value1, Gradient: ev.Grad1},
			View{
				Payoff:   func(own, other []float64) float64 { return ev.Value2(other, own) },
				Gradient: func(dst, own, other []float64) { ev.Grad2(dst, other, own) },
			}
	}
	neg := func(dst []float64) {
		for i := range dst {
			dst[i] = -dst[i]
		}
	}
	return View{
			Payoff:   func(own, other []float64) float64 { return -ev.Value1(own, other) },
			Gradient: func(dst, own, other []float64) { ev.Grad1(dst, own, other); neg(dst) },
		}, View{
			Payoff:   func(own, other []float64) float64 { return -ev.Value2(other, own) },
			Gradient: func(dst, own, other []float64) { ev.Grad2(dst, other, own); neg(dst) },
		}
}

// NewReferee returns the referee of a game evaluator: both payoffs (costs
// negated) at a profile, for recording.
func NewReferee(ev game.Evaluator, sense game.Sense) Referee {
	s := -sense.Sign()
	return func(x, y []float64) (float64, float64) { return s * ev.Value1(x, y), s * ev.Value2(x, y) }
}

// checkStrategy validates an initial strategy and its domain; name is used in errors.
func checkStrategy(name string, v []float64, dom game.Domain) error {
	if len(v) == 0 {
		return fmt.Errorf("%s: empty strategy", name)
	}
	if err := checkFinite(name, v); err != nil {
		return err
	}
	if err := dom.Validate(len(v)); err != nil {
		return fmt.Errorf("%s domain: %w", name, err)
	}
	return nil
}

// checkFinite returns an error naming the first coordinate of v that is
// NaN or ±Inf, as "name[i] = v is not finite"; nil when all are finite.
func checkFinite(name string, v []float64) error {
	for i, e := range v {
		if !finite(e) {
			return fmt.Errorf("%s[%d] = %g is not finite", name, i, e)
		}
	}
	return nil
}
