package learn

import (
	"context"
	"math"
	"testing"

	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/loop"
)

// cappedGame has the constant follower Hessian ∇yy f2 = diag(1, 3) (two
// distinct eigenvalues: CG from zero needs 2 iterations) and the constant
// ∇y f1 = (1, 1): every CG solve capped at 1 iteration ends with
// ‖r‖/‖∇y f1‖ = 1/2 (total.TestCGCapped).
func cappedGame(t *testing.T) game.Game {
	t.Helper()
	g, err := game.NewFormula(game.FormulaSpec{Name: "capped", Sense: game.Cost, Dims: [2]int{1, 2},
		F1: "0.5*x[0]*x[0] + y[0] + y[1]",
		F2: "0.5*y[0]*y[0] + 1.5*y[1]*y[1] + x[0]*(y[0] - y[1])"})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// TestRunCountsCGCapped checks Result.CGCapped and CGCappedResidual: every
// step counted when solver.iters = 1 < 2, recorded or not (RecordEvery = 0
// records only the start and the last step), with the largest relative
// residual 1/2; none when the cap is the dimension (iters 0) or CG is not
// used.
func TestRunCountsCGCapped(t *testing.T) {
	g := cappedGame(t)
	for _, c := range []struct {
		name   string
		solver Solver
		capped int
		rel    float64
	}{
		{"cg iters 1", Solver{Kind: SolverCG, Iters: 1}, 7, 0.5},
		{"cg iters 1, tol 0.6", Solver{Kind: SolverCG, Iters: 1, Tol: 0.6}, 0, 0},
		{"cg default iters", Solver{Kind: SolverCG}, 0, 0},
		{"exact", Solver{}, 0, 0},
	} {
		d, err := NewStackelberg(g, StackelbergConfig{LeaderLR: loop.Constant(0.1), FollowerLR: loop.Constant(0.2), Solver: c.solver})
		if err != nil {
			t.Fatal(err)
		}
		var tr Trace
		res, err := Run(context.Background(), g, d, []float64{1}, []float64{0.5, -0.5}, Settings{Settings: loop.Settings{Iterations: 7}, Recorder: &tr}, nil)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if len(tr.Records) != 2 {
			t.Fatalf("%s: %d records, want 2 (start and last)", c.name, len(tr.Records))
		}
		if res.CGCapped != c.capped || math.Abs(res.CGCappedResidual-c.rel) > 1e-14 {
			t.Errorf("%s: %d capped steps, largest relative residual %.17g; want %d, %g (±1e-14)", c.name, res.CGCapped, res.CGCappedResidual, c.capped, c.rel)
		}
	}
	// TotalDerivative reports the solve's verdict too.
	d, err := NewStackelberg(g, StackelbergConfig{LeaderLR: loop.Constant(0.1), FollowerLR: loop.Constant(0.2), Solver: Solver{Kind: SolverCG, Iters: 1}})
	if err != nil {
		t.Fatal(err)
	}
	info, err := d.TotalDerivative(make([]float64, 1), []float64{1}, []float64{0, 0})
	if err != nil || !info.CGCapped || info.CGIters != 1 || math.Abs(info.CGRelResidual-0.5) > 1e-14 {
		t.Errorf("TotalDerivative: %+v, %v; want 1 iteration, capped, relative residual 0.5", info, err)
	}
}
