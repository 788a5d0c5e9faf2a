package uncoupled_test

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/learn/uncoupled"
	"github.com/stackel/stackel/loop"
)

// ExampleRunHiC plays Hi-C against a gradient follower in the Cournot
// duopoly of Section 3.3 (a shortened run: 10⁵ stages with a tenfold step).
// The leader learns the Stackelberg quantities (24.5, 12.25).
func ExampleRunHiC() {
	g, _ := game.Builtin("cournot", nil)
	delta := loop.Power{A: 1, P: 0.6}
	run := uncoupled.HiCRun{
		Leader: uncoupled.HiCConfig{
			Alpha:      loop.Power{A: 0.01, P: 0.1},
			Delta:      delta,
			Commitment: uncoupled.Eq19{Beta: 0.1, Mu: 2, B: 100, P: 0.5, Delta: delta},
			Baseline:   uncoupled.Baseline{Kind: uncoupled.PreviousBaseline},
		},
		Follower: uncoupled.GradientConfig{LR: loop.Constant(0.1)},
		Settings: loop.Settings{Iterations: 100000},
	}
	out, err := uncoupled.RunHiC(context.Background(), g, []float64{10}, []float64{30}, run, rand.New(rand.NewPCG(1, 2)), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("x = %.1f, y = %.1f, f1 = %.0f\n", out.X[0], out.Y[0], out.F1)
	// Output: x = 24.4, y = 12.3, f1 = 300
}
