package uncoupled_test

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/learn/uncoupled"
	"github.com/stackel/stackel/loop"
)

// Hi-C on payoff functions of one's own, without a game.Game: the leader
// sees only u1(x, y) = −((x − 1)² + y²) at the profile played, the
// follower only the gradient of its u2(x, y) = −(y − x)², and Play drives
// them. The follower's best response is y = x, so the leader's Stackelberg
// strategy maximises −((x − 1)² + x²): x = y = 0.5, u1 = −0.5 (the Nash
// point, where the leader ignores the response, is x = 1, y = 1, u1 = −1).
func ExamplePlay() {
	u1 := func(own, other []float64) float64 {
		x, y := own[0], other[0]
		return -((x-1)*(x-1) + y*y)
	}
	grad2 := func(dst, own, other []float64) { dst[0] = -2 * (own[0] - other[0]) } // ∂u2/∂y
	referee := func(x, y []float64) (float64, float64) {
		return u1(x, y), -(y[0] - x[0]) * (y[0] - x[0])
	}
	rng := rand.New(rand.NewPCG(3, 4))
	delta := loop.Power{A: 1, P: 0.6}
	leader, err := uncoupled.NewHiC(u1, []float64{2}, game.Domain{}, uncoupled.HiCConfig{
		Alpha:      loop.Power{A: 0.05, P: 0.1},
		Delta:      delta,
		Commitment: uncoupled.Eq19{Beta: 0.1, Mu: 2, B: 100, P: 0.5, Delta: delta},
		Baseline:   uncoupled.Baseline{Kind: uncoupled.PreviousBaseline},
	}, rng)
	if err != nil {
		panic(err)
	}
	follower, err := uncoupled.NewGradientAscent(grad2, []float64{-1}, game.Domain{},
		uncoupled.GradientConfig{LR: loop.Constant(0.1)}, rng)
	if err != nil {
		panic(err)
	}
	out, err := uncoupled.Play(context.Background(), leader, follower, referee,
		uncoupled.PlayOptions{Settings: loop.Settings{Iterations: 100000}})
	if err != nil {
		panic(err)
	}
	fmt.Printf("leader's mean x = %.3f, follower y = %.2f, u1 = %.3f\n", leader.Mean()[0], out.Y[0], out.F1)
	// Output: leader's mean x = 0.500, follower y = 0.48, u1 = -0.501
}
