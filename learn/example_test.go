package learn_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/learn"
	"github.com/stackel/stackel/loop"
)

// duopoly is the Stackelberg duopoly of Section 4.1 (A = 100, c1 = 5,
// c2 = 2), with profits maximised.
type duopoly struct{}

func (duopoly) Name() string                        { return "duopoly" }
func (duopoly) Dims() (int, int)                    { return 1, 1 }
func (duopoly) Sense() game.Sense                   { return game.Payoff }
func (duopoly) Domains() (game.Domain, game.Domain) { return game.Domain{}, game.Domain{} }
func (duopoly) F1(x, y *ad.Node) *ad.Node           { return ad.Mul(ad.AddScalar(ad.Neg(ad.Add(x, y)), 95), x) }
func (duopoly) F2(x, y *ad.Node) *ad.Node           { return ad.Mul(ad.AddScalar(ad.Neg(ad.Add(x, y)), 98), y) }

// ExampleNewStackelberg runs the two-timescale Stackelberg dynamics of
// Section 4.1 with the paper's schedules and noise N(0, 10).
func ExampleNewStackelberg() {
	d, err := learn.NewStackelberg(duopoly{}, learn.StackelbergConfig{
		LeaderLR:      loop.Power{A: 1, P: 1},      // γ1 = 1/k
		FollowerLR:    loop.Power{A: 1, P: 2. / 3}, // γ2 = 1/k^{2/3}
		NoiseLeader:   math.Sqrt(10),
		NoiseFollower: math.Sqrt(10),
	})
	if err != nil {
		panic(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	res, err := learn.Run(context.Background(), duopoly{}, d, []float64{20}, []float64{20}, learn.Settings{Settings: loop.Settings{Iterations: 50000}}, rng)
	if err != nil {
		panic(err)
	}
	fmt.Printf("quantities (%.0f, %.0f)\n", res.X[0], res.Y[0])
	// Output: quantities (46, 26)
}

// ExampleRun records the path of simultaneous gradient play every 100
// iterations.
func ExampleRun() {
	d, err := learn.NewSGA(duopoly{}, learn.Rates{Leader: loop.Constant(0.1), Follower: loop.Constant(0.1)})
	if err != nil {
		panic(err)
	}
	var trace learn.Trace
	res, err := learn.Run(context.Background(), duopoly{}, d, []float64{0}, []float64{0},
		learn.Settings{Settings: loop.Settings{Iterations: 1000, RecordEvery: 100, StepTol: 1e-10}, Recorder: &trace}, nil)
	if err != nil {
		panic(err)
	}
	fmt.Printf("Nash (%.2f, %.2f) after %d iterations, converged %v, %d records\n",
		res.X[0], res.Y[0], res.Iterations, res.Converged, len(trace.Records))
	// Output: Nash (30.67, 33.67) after 205 iterations, converged true, 4 records
}
