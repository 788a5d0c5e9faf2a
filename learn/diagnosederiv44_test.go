package learn

import (
	"context"
	"testing"

	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/loop"
)

// TestInfiniteGradientNamesSubexpression: a formula game whose objective
// is finite where its gradient (sqrt(x[0]) at 0, 2*sqrt(x[0] - 1) at 1)
// or the follower Hessian (pow(y[0] - 1, 1.5) at 1) is not stops the run
// with an error that names, after the quantity, the sub-expression whose
// derivative is infinite (game.DerivativeDiagnoser); the run is
// diverged.
func TestInfiniteGradientNamesSubexpression(t *testing.T) {
	r := Rates{Leader: loop.Constant(0.1), Follower: loop.Constant(0.1)}
	for _, c := range []struct {
		f1, f2 string
		x0, y0 float64
		stack  bool // Stackelberg (exact solver), else SGA
		want   string
	}{
		{"sqrt(x[0]) + y[0]*y[0]", "(y[0] - x[0])*(y[0] - x[0])", 0, 1, false,
			"iteration 1: leader gradient D1 f1 is infinite: f1: sqrt(x[0]) has an infinite derivative at 1:1 (x = [0], y = [1])"},
		{"y[0]*y[0] + 2*sqrt(x[0] - 1)", "(y[0] - x[0])*(y[0] - x[0])", 1, 3, false,
			"iteration 1: leader gradient D1 f1 is infinite: f1: sqrt(x[0] - 1) has an infinite derivative at 1:15 (x = [1], y = [3])"},
		{"x[0]*y[0]", "pow(y[0] - 1, 1.5) + x[0]*y[0]", 0, 1, true,
			"iteration 1: follower Hessian ∇yy f2 is infinite: f2: pow(y[0] - 1, 1.5) has an infinite second derivative at 1:1 (x = [0], y = [1])"},
		// f1's second derivatives are infinite too at x = 0 (no step
		// takes them): the error names f2's Hessian, and so does the
		// diagnosis (it named f1's, the first objective, before the
		// quantity chose the order).
		{"pow(x[0], 1.5) + x[0]*y[0]", "pow(y[0] - 1, 1.5) + x[0]*y[0]", 0, 1, true,
			"iteration 1: follower Hessian ∇yy f2 is infinite: f2: pow(y[0] - 1, 1.5) has an infinite second derivative at 1:1 (x = [0], y = [1])"},
	} {
		g, err := game.NewFormula(game.FormulaSpec{Sense: game.Cost, Dims: [2]int{1, 1}, F1: c.f1, F2: c.f2})
		if err != nil {
			t.Fatal(err)
		}
		var d Dynamics
		if c.stack {
			d, err = NewStackelberg(g, StackelbergConfig{LeaderLR: r.Leader, FollowerLR: r.Follower})
		} else {
			d, err = NewSGA(g, r)
		}
		if err != nil {
			t.Fatal(err)
		}
		res, err := Run(context.Background(), g, d, []float64{c.x0}, []float64{c.y0}, Settings{Settings: loop.Settings{Iterations: 5, RecordEvery: 1}}, nil)
		if err == nil || err.Error() != c.want {
			t.Errorf("%s: error %v, want %q", c.f1, err, c.want)
		}
		if res.Status != loop.Diverged {
			t.Errorf("%s: status %v, want diverged", c.f1, res.Status)
		}
	}
}
