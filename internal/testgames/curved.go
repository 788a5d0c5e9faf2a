package testgames

import "github.com/stackel/stackel/game"

// Curved returns a non-quadratic general-sum game with d1 = d2 = 2 and
// payoffs (maximised), so that the cost convention (c_i = −f_i), an
// asymmetric mixed block ∇yx f2 and a follower Hessian that varies with y
// all enter the total derivative:
//
//	f1 = −x0² − 2x1² + x0 sin y1 + 0.7 x1 y0² + 0.3 y0 y1
//	f2 = −y0² − 1.5 y1² − 0.1 y0⁴ + y0 cos x1 + 0.4 x0 y0 y1 + 0.8 x0 y1
//
// The follower's cost −f2 has Hessian [[2 + 1.2 y0², −0.4 x0], [−0.4 x0, 3]],
// positive definite for |x0| < 3.8, so its best response r(x) is unique
// there.
func Curved() game.Game {
	g, err := game.NewFormula(game.FormulaSpec{Name: "curved", Sense: game.Payoff, Dims: [2]int{2, 2},
		F1: "-x[0]*x[0] - 2*x[1]*x[1] + x[0]*sin(y[1]) + 0.7*x[1]*y[0]*y[0] + 0.3*y[0]*y[1]",
		F2: "-y[0]*y[0] - 1.5*y[1]*y[1] - 0.1*pow(y[0], 4) + y[0]*cos(x[1]) + 0.4*x[0]*y[0]*y[1] + 0.8*x[0]*y[1]"})
	if err != nil {
		panic(err) // fixed formulas: a parse error is a bug of this file
	}
	return g
}
