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

// Oracles are the two players' private views extracted from a game
// evaluator: each agent gets only its own payoff and own gradient, with its
// own strategy as the first argument and the objective's sense turned into
// a payoff (a cost c becomes the payoff −c).
type Oracles struct {
	// LeaderPayoff is f1 as the leader sees it: own = x, other = y.
	LeaderPayoff Payoff
	// LeaderGradient is ∇x f1 (as a payoff gradient).
	LeaderGradient Gradient
	// FollowerPayoff is f2 as the follower sees it: own = y, other = x.
	FollowerPayoff Payoff
	// FollowerGradient is ∇y f2 (as a payoff gradient).
	FollowerGradient Gradient
}

// Split turns a game evaluator into the two players' private oracles. For a
// payoff game it adds no work on the hot path; for a cost game it negates.
func Split(ev game.Evaluator, sense game.Sense) Oracles {
	if sense == game.Payoff {
		return Oracles{
			LeaderPayoff:     ev.Value1,
			LeaderGradient:   ev.Grad1,
			FollowerPayoff:   func(own, other []float64) float64 { return ev.Value2(other, own) },
			FollowerGradient: func(dst, own, other []float64) { ev.Grad2(dst, other, own) },
		}
	}
	neg := func(dst []float64) {
		for i := range dst {
			dst[i] = -dst[i]
		}
	}
	return Oracles{
		LeaderPayoff:     func(own, other []float64) float64 { return -ev.Value1(own, other) },
		LeaderGradient:   func(dst, own, other []float64) { ev.Grad1(dst, own, other); neg(dst) },
		FollowerPayoff:   func(own, other []float64) float64 { return -ev.Value2(other, own) },
		FollowerGradient: func(dst, own, other []float64) { ev.Grad2(dst, other, own); neg(dst) },
	}
}

// checkStrategy validates an initial strategy and its domain; name is used in errors.
func checkStrategy(name string, v []float64, dom game.Domain) error {
	if len(v) == 0 {
		return fmt.Errorf("%s: empty strategy", name)
	}
	for i, e := range v {
		if !finite(e) {
			return fmt.Errorf("%s[%d] = %g is not finite", name, i, e)
		}
	}
	if err := dom.Validate(len(v)); err != nil {
		return fmt.Errorf("%s domain: %w", name, err)
	}
	return nil
}
