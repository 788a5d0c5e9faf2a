package game

// Evaluator evaluates a game's objectives and the players' own gradients on
// plain float64 slices. Hot loops (Hi-C runs 10⁶ stages per seed) use it
// instead of recording a tape per call. Built-in games implement it by hand;
// NewEvaluator compiles any other Game with package ad.
//
// Values and gradients are those of F1 and F2 as the game states them, in
// its Sense, not converted to costs: for a game whose Sense is Payoff (the
// Duopoly, Bimatrix games) Grad1 and Grad2 point up the payoffs, which the
// players maximise. A dynamic of one's own that steps x ← x − α·∇ descends
// a cost but lowers a payoff (a step along −∇ of a Duopoly's profits moves
// away from its equilibrium, and diverges); step along −Sense().Sign()·∇
// (x ← x − α·Sign·∇x f1, Sign −1 for payoffs) to improve each player's
// objective whatever the sense, as package learn's dynamics do (they
// descend Sign·f).
type Evaluator interface {
	// Value1 returns f1(x, y).
	Value1(x, y []float64) float64
	// Value2 returns f2(x, y).
	Value2(x, y []float64) float64
	// Grad1 writes the leader's own gradient ∇x f1(x, y) into dst.
	Grad1(dst, x, y []float64)
	// Grad2 writes the follower's own gradient ∇y f2(x, y) into dst.
	Grad2(dst, x, y []float64)
}
