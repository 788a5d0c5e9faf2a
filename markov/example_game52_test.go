package markov_test

import (
	"context"
	"fmt"

	"github.com/stackel/stackel/loop"
	"github.com/stackel/stackel/markov"
)

// halfExact is an estimator of one's own (README, "Where to add things"):
// the exact values and gradients, with the leader's direction of Eq. 19
// halved.
type halfExact struct{ ev *markov.Evaluator }

func (h halfExact) Estimate(theta1, theta2 []float64, stackelberg bool) (*markov.Point, []float64, error) {
	pt := h.ev.Eval(theta1, theta2, markov.OrderHessians)
	if !stackelberg {
		return pt, nil, nil // nil: the leader follows pt.Grad11
	}
	dir, err := h.ev.HierGrad(0)
	for i := range dir {
		dir[i] /= 2
	}
	return pt, dir, err
}

// A finite Markov game written as a Go value (two states, two actions
// each), learned by Stackelberg policy gradient with the exact estimator
// and with an estimator registered by name: both reach the same
// stationary point of V1(θ1, B(θ1)), the leader randomising in state 0
// and nearly always playing action 1 in state 1.
func ExampleRun_gameInGo() {
	g := &markov.Game{
		Gamma: 0.8, Lambda: 0.3, States: 2, Actions: []int{2, 2},
		Rho: []float64{0.5, 0.5},
		P: [][][][]float64{ // P[s][a1][a2] over the next state
			{{{0.9, 0.1}, {0.2, 0.8}}, {{0.5, 0.5}, {0.1, 0.9}}},
			{{{0.3, 0.7}, {0.6, 0.4}}, {{0.8, 0.2}, {0.5, 0.5}}},
		},
		R1: [][][]float64{{{1, 0}, {0, 2}}, {{0.5, 0}, {0, 1}}},
		R2: [][][]float64{{{0, 1}, {1, 0}}, {{1, 0}, {0, 1}}},
	}
	markov.RegisterEstimator("half-exact-example", func(g *markov.Game, cfg markov.Config) (markov.Estimator, error) {
		ev, err := markov.NewEvaluator(g)
		return halfExact{ev}, err
	})
	for _, c := range []struct {
		estimator string
		steps     int
	}{{markov.Exact, 5000}, {"half-exact-example", 10000}} {
		cfg := markov.Config{
			Dynamics:   markov.StackelbergPG,
			LeaderLR:   loop.Constant(0.5),
			FollowerLR: loop.Constant(2),
			Estimator:  c.estimator,
			Settings:   loop.Settings{Iterations: c.steps},
		}
		res, err := markov.Run(context.Background(), g, cfg, nil)
		if err != nil {
			panic(err)
		}
		fmt.Printf("%s: V1 = %.4f, π1(·|0) = (%.3f, %.3f), π1(1|1) > 0.99: %v, ‖∇V1(θ1, B(θ1))‖ < 1e-3: %v\n",
			c.estimator, res.LeaderValue, res.Policy1[0][0], res.Policy1[0][1], res.Policy1[1][1] > 0.99, res.HierGradNorm < 1e-3)
	}
	// Output:
	// exact: V1 = 4.4693, π1(·|0) = (0.507, 0.493), π1(1|1) > 0.99: true, ‖∇V1(θ1, B(θ1))‖ < 1e-3: true
	// half-exact-example: V1 = 4.4693, π1(·|0) = (0.507, 0.493), π1(1|1) > 0.99: true, ‖∇V1(θ1, B(θ1))‖ < 1e-3: true
}
