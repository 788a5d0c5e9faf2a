package learn_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/equilib"
	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/learn"
	"github.com/stackel/stackel/loop"
)

// readmeGame is the game of the README's Go API section: costs
// f1 = x² + xy and f2 = (y − x)², strategies 1×1 rows.
type readmeGame struct{}

func (readmeGame) Name() string                        { return "mine" }
func (readmeGame) Dims() (int, int)                    { return 1, 1 }
func (readmeGame) Sense() game.Sense                   { return game.Cost }
func (readmeGame) Domains() (game.Domain, game.Domain) { return game.Domain{}, game.Domain{} }
func (readmeGame) F1(x, y *ad.Node) *ad.Node           { return ad.Add(ad.Square(x), ad.Mul(x, y)) }
func (readmeGame) F2(x, y *ad.Node) *ad.Node           { return ad.Square(ad.Sub(y, x)) }

// Example_polish is the README's Go API example: Stackelberg dynamics with
// the CG solver from (1, 0), then the end point polished by Newton on ω_S
// and classified. At (0, 0) J_S = [[3, 1], [−2, 2]], whose eigenvalues are
// 2.5 ± i·√1.75: a differential Stackelberg equilibrium, stable under
// Stackelberg dynamics.
func Example_polish() {
	ctx := context.Background()
	dyn, err := learn.NewStackelberg(readmeGame{}, learn.StackelbergConfig{
		LeaderLR: loop.Power{A: 1, P: 1}, FollowerLR: loop.Power{A: 1, P: 2.0 / 3},
		Solver: learn.Solver{Kind: "cg", Iters: 10},
	})
	if err != nil {
		panic(err)
	}
	res, err := learn.Run(ctx, readmeGame{}, dyn, []float64{1}, []float64{0},
		learn.Settings{Settings: loop.Settings{Iterations: 10000}}, rand.New(rand.NewPCG(1, 2)))
	if err != nil {
		panic(err)
	}
	pt, err := equilib.Polish(readmeGame{}, res.X, res.Y, equilib.StackelbergField)
	fmt.Println(pt.DSE, pt.EigJS, err)
	fmt.Printf("at (0, 0) to 1e-12: %v, DNE %v, stable under Stackelberg dynamics %v\n",
		math.Abs(pt.X[0]) < 1e-12 && math.Abs(pt.Y[0]) < 1e-12, pt.DNE, pt.StableStackelberg)
	// Output:
	// true [[2.5 -1.3228756555322951] [2.5 1.3228756555322951]] <nil>
	// at (0, 0) to 1e-12: true, DNE true, stable under Stackelberg dynamics true
}
