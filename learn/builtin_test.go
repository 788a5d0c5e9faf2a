package learn

import (
	"context"
	"math"
	"testing"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/loop"
)

func builtin(t testing.TB, name string, params map[string]ad.Tensor) game.Game {
	t.Helper()
	g, err := game.Builtin(name, params)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// TestBuiltinGames runs the dynamics on package game's built-ins: the
// duopoly (box [0, A]²) reaches Stackelberg (46, 26) and Nash
// (92/3, 101/3) to 1e-3 without noise; on a random built-in quadratic game
// (d1 = 4, d2 = 6) the exact and CG total derivatives agree to 1e-8.
func TestBuiltinGames(t *testing.T) {
	duo := builtin(t, "duopoly", nil)
	st := mustStackelberg(t, duo, StackelbergConfig{LeaderLR: loop.Constant(0.05), FollowerLR: loop.Constant(0.2)})
	sga, err := NewSGA(duo, Rates{Leader: loop.Constant(0.2), Follower: loop.Constant(0.2)})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name   string
		d      Dynamics
		wx, wy float64
	}{{"stackelberg", st, 46, 26}, {"sga", sga, 92.0 / 3, 101.0 / 3}} {
		res, err := Run(context.Background(), duo, c.d, []float64{10}, []float64{10}, Settings{Settings: loop.Settings{Iterations: 5000, StepTol: 1e-12}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(res.X[0]-c.wx) > 1e-3 || math.Abs(res.Y[0]-c.wy) > 1e-3 {
			t.Errorf("duopoly %s: (%.5f, %.5f), want (%.4f, %.4f)", c.name, res.X[0], res.Y[0], c.wx, c.wy)
		}
	}

	q := builtin(t, "quadratic", map[string]ad.Tensor{"d1": ad.Scalar(4), "d2": ad.Scalar(6), "seed": ad.Scalar(9)})
	ex := mustStackelberg(t, q, StackelbergConfig{LeaderLR: loop.Constant(1), FollowerLR: loop.Constant(1), Solver: Solver{Lambda: 0.1}})
	cg := mustStackelberg(t, q, StackelbergConfig{LeaderLR: loop.Constant(1), FollowerLR: loop.Constant(1), Solver: Solver{Kind: SolverCG, Lambda: 0.1, Iters: 100, Tol: 1e-14}})
	x, y := []float64{0.1, -0.5, 0.9, 0.3}, []float64{1, -1, 0.5, 0.2, -0.3, 0.7}
	de, dc := make([]float64, 4), make([]float64, 4)
	if _, err := ex.TotalDerivative(de, x, y); err != nil {
		t.Fatal(err)
	}
	if _, err := cg.TotalDerivative(dc, x, y); err != nil {
		t.Fatal(err)
	}
	for i := range de {
		if math.Abs(de[i]-dc[i]) > 1e-8 {
			t.Errorf("quadratic: CG Df1[%d] = %.12g, exact %.12g", i, dc[i], de[i])
		}
	}
}
