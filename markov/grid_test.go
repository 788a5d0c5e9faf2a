package markov

import (
	"context"
	"math"
	"testing"

	"github.com/stackel/stackel/loop"
)

// hierValue returns V1(θ1, B(θ1)) for the 2-state, 2-action leader policy
// π1(0|s) = p[s].
func hierValue(t *testing.T, e *Evaluator, p [2]float64) float64 {
	th1 := []float64{math.Log(p[0]), math.Log(1 - p[0]), math.Log(p[1]), math.Log(1 - p[1])}
	th2, err := e.BestResponseTheta(th1)
	if err != nil {
		t.Fatal(err)
	}
	return e.Eval(th1, th2, OrderValues).V1
}

// gridOptimum maximises V1(π1, B(π1)) over the leader's policy by a grid
// of step 0.01 on (0,1)² followed by three zooming 21×21 grids around the
// best point (final resolution 1e-5 in each probability).
func gridOptimum(t *testing.T, g *Game) (best float64, arg [2]float64) {
	e, _ := NewEvaluator(g)
	best = math.Inf(-1)
	for i := 1; i < 100; i++ {
		for j := 1; j < 100; j++ {
			p := [2]float64{float64(i) / 100, float64(j) / 100}
			if v := hierValue(t, e, p); v > best {
				best, arg = v, p
			}
		}
	}
	h := 0.01
	for range 3 {
		c := arg
		for i := -10; i <= 10; i++ {
			for j := -10; j <= 10; j++ {
				p := [2]float64{c[0] + float64(i)*h/10, c[1] + float64(j)*h/10}
				if p[0] <= 0 || p[0] >= 1 || p[1] <= 0 || p[1] >= 1 {
					continue
				}
				if v := hierValue(t, e, p); v > best {
					best, arg = v, p
				}
			}
		}
		h /= 10
	}
	return best, arg
}

// nearZeroSum returns a seeded 2-state, 2-action general-sum game whose
// leader reward is 1 − R2 plus independent noise of width 0.4: close enough
// to zero-sum that the leader gains from mixing (interior optima), far
// enough to be general-sum.
func nearZeroSum(seed uint64) *Game {
	g, _ := RandomGame(2, 2, 2, seed, 0.9, 0.2)
	noise, _ := RandomGame(2, 2, 2, seed+1000, 0.9, 0.2)
	for s := range 2 {
		for a := range 2 {
			for b := range 2 {
				g.R1[s][a][b] = 1 - g.R2[s][a][b] + 0.4*(noise.R1[s][a][b]-0.5)
			}
		}
	}
	if err := g.Validate(); err != nil {
		panic(err)
	}
	return g
}

// TestStackelbergMatchesGridOptimum: on 2-state, 2-action games whose
// leader optimum is interior (checked: the grid argmax has both
// probabilities in [0.02, 0.98]), the leader's value reached by
// Stackelberg PG from uniform policies is within 1e-3 of the brute-force
// grid maximum of V1(π1, B(π1)) over the leader's policy.
func TestStackelbergMatchesGridOptimum(t *testing.T) {
	for _, seed := range []uint64{6, 26, 29} {
		g := nearZeroSum(seed)
		best, arg := gridOptimum(t, g)
		for _, p := range arg {
			if p < 0.02 || p > 0.98 {
				t.Fatalf("seed %d: grid optimum %v is not interior", seed, arg)
			}
		}
		cfg := Config{LeaderLR: loop.Constant(0.5), FollowerLR: loop.Constant(2), Settings: loop.Settings{Iterations: 5000, RecordEvery: 0}}
		res, err := Run(context.Background(), g, cfg, nil)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		t.Logf("seed %d: grid max %.8f at π1(0|s) = %.4f; Stackelberg PG %.8f at %.4f, %.4f (‖∇‖ %.1e, br_gap %.1e)",
			seed, best, arg, res.LeaderValue, res.Policy1[0][0], res.Policy1[1][0], res.HierGradNorm, res.BRGap)
		if d := math.Abs(res.LeaderValue - best); d > 1e-3 {
			t.Errorf("seed %d: |V1(PG) − V1(grid)| = %.3g > 1e-3", seed, d)
		}
	}
}
