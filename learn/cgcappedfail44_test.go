package learn

import (
	"context"
	"testing"

	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/loop"
)

// TestRunCGCappedExcludesFailedStep: a step whose CG solve is capped but
// whose point has a non-finite objective (found where it is recorded)
// fails and is undone, so it is not counted in Result.CGCapped. On
// cappedGame's Hessian with solver.iters = 1 the leader's direction at
// x = 1 is x − (1, −1)·(1/2, 1/2) = 1; a leader rate of 2 takes x to −1,
// where f2's log(x) is NaN. It was counted: 1 capped step in a run of 0.
func TestRunCGCappedExcludesFailedStep(t *testing.T) {
	g, err := game.NewFormula(game.FormulaSpec{Name: "capped-log", Sense: game.Cost, Dims: [2]int{1, 2},
		F1: "0.5*x[0]*x[0] + y[0] + y[1]",
		F2: "0.5*y[0]*y[0] + 1.5*y[1]*y[1] + x[0]*(y[0] - y[1]) + log(x[0])"})
	if err != nil {
		t.Fatal(err)
	}
	d, err := NewStackelberg(g, StackelbergConfig{LeaderLR: loop.Constant(2), FollowerLR: loop.Constant(0.2), Solver: Solver{Kind: SolverCG, Iters: 1}})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), g, d, []float64{1}, []float64{0.5, -0.5}, Settings{Settings: loop.Settings{Iterations: 1}}, nil)
	if err == nil {
		t.Fatalf("no error; want step 1's NaN objective f2")
	}
	if res.Iterations != 0 || res.X[0] != 1 || res.CGCapped != 0 || res.CGCappedResidual != 0 {
		t.Errorf("iterations %d, x %v, %d capped steps, largest relative residual %g (error %v); want 0, [1], 0, 0", res.Iterations, res.X, res.CGCapped, res.CGCappedResidual, err)
	}
}
