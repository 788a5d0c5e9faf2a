package learn

import (
	"testing"

	"github.com/stackel/stackel/loop"
)

// Solver.WarmStart, a Go-only option of the CG solver, was ignored without
// a word by the exact and unrolled solvers (as iters and tol, which they
// refuse, were before).
func TestWarmStartOnlyCG(t *testing.T) {
	g := bilinear{1}
	for _, c := range []struct {
		s    Solver
		want string
	}{
		{Solver{WarmStart: true}, "solver: WarmStart is an option of the cg solver, not of the exact one (give Kind: cg to use it)"},
		{Solver{Kind: SolverUnrolled, Steps: 3, LR: 0.1, WarmStart: true}, "solver: WarmStart is an option of the cg solver, not of the unrolled one (give Kind: cg to use it)"},
	} {
		_, err := NewStackelberg(g, StackelbergConfig{LeaderLR: loop.Constant(0.1), FollowerLR: loop.Constant(0.1), Solver: c.s})
		if err == nil || err.Error() != c.want {
			t.Errorf("%+v: err %v, want %q", c.s, err, c.want)
		}
	}
	if _, err := NewStackelberg(g, StackelbergConfig{LeaderLR: loop.Constant(0.1), FollowerLR: loop.Constant(0.1), Solver: Solver{Kind: SolverCG, WarmStart: true}}); err != nil {
		t.Errorf("cg with WarmStart: %v", err)
	}
}
