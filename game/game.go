package game

import (
	"github.com/stackel/stackel/ad"
)

// Sense says whether the players' objectives are costs (minimised, the
// convention of Fiez et al. and Zheng et al.) or payoffs (maximised, the
// convention of Loftin et al. and Das et al.).
type Sense int

const (
	// Cost objectives are minimised.
	Cost Sense = iota
	// Payoff objectives are maximised.
	Payoff
)

// String returns "cost" or "payoff".
func (s Sense) String() string {
	if s == Payoff {
		return "payoff"
	}
	return "cost"
}

// Sign is +1 for costs and −1 for payoffs: Sign·f is always minimised, so
// learners can descend Sign·∇f whatever the sense.
func (s Sense) Sign() float64 {
	if s == Payoff {
		return -1
	}
	return 1
}

// Objective is one player's objective as an ad function of the leader's
// strategy x and the follower's strategy y (both 1×d row vectors on the same
// tape); it returns a 1×1 node.
type Objective func(x, y *ad.Node) *ad.Node

// Game is a smooth two-player game: a leader choosing x ∈ R^d1 and a
// follower choosing y ∈ R^d2, each with its own objective.
//
// F1 and F2 are called with x and y as 1×d1 and 1×d2 row nodes on one tape
// and must return a scalar (a 1×1 node: reduce a vector with ad.Sum,
// ad.Dot or ad.Norm2); they may be called many times (each learner and
// analysis compiles them once), so they must not keep state. Check
// validates a game; learners and analyses call it and return its error.
type Game interface {
	// Name identifies the game in outputs.
	Name() string
	// Dims returns the leader's and the follower's strategy dimensions.
	Dims() (d1, d2 int)
	// Sense says whether F1 and F2 are costs or payoffs.
	Sense() Sense
	// F1 is the leader's objective f1(x, y).
	F1(x, y *ad.Node) *ad.Node
	// F2 is the follower's objective f2(x, y).
	F2(x, y *ad.Node) *ad.Node
	// Domains returns the leader's and the follower's strategy domains.
	Domains() (x, y Domain)
}
