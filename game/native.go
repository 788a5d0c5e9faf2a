package game

// Evaluator evaluates a game's objectives and the players' own gradients on
// plain float64 slices. Hot loops (Hi-C runs 10⁶ stages per seed) use it
// instead of recording a tape per call. Built-in games implement it by hand;
// NewEvaluator compiles any other Game with package ad.
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
