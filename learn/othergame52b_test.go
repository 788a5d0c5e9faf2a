package learn

import (
	"context"
	"strings"
	"testing"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/loop"
)

// Run's check that the dynamic was built on the game it is given reaches
// games whose types cannot be compared with == (slices, maps: a bimatrix
// game, a quadratic or formula game) and games that wrap others
// (SwapRoles). Before the review (session 52, r2) the first were all taken
// for the same game, so a dynamic built on one bimatrix game ran on
// another's payoffs without a word (the very mix-up the check was added
// for), and the second compared the wrapped pointers by address, so two
// SwapRoles of equal games built apart were refused.
func TestRunComparesGamesDeeply52(t *testing.T) {
	ctx := context.Background()
	rates := Rates{Leader: loop.Constant(0.01), Follower: loop.Constant(0.01)}
	set := Settings{Settings: loop.Settings{Iterations: 5}}
	bimatrix := func(a00 float64) game.Game {
		g, err := game.NewBimatrix([][]float64{{a00, 0}, {0, 1}}, [][]float64{{0, 1}, {1, 0}}, game.BimatrixOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return g
	}
	formula := func(c string) game.Game {
		g, err := game.NewFormula(game.FormulaSpec{Name: "f", Sense: game.Cost, Dims: [2]int{1, 1},
			F1: c + "*x[0]*x[0] + x[0]*y[0]", F2: "(y[0] - x[0])*(y[0] - x[0])"})
		if err != nil {
			t.Fatal(err)
		}
		return g
	}
	quadratic := func(a float64) game.Game {
		g, err := game.NewQuadratic(game.QuadraticParams{A: ad.Scalar(a), D: ad.Scalar(1), E: ad.Scalar(1)})
		if err != nil {
			t.Fatal(err)
		}
		return g
	}
	const other = "learn.Run: the dynamic was built on another game"
	cases := []struct {
		name        string
		built, run  game.Game
		x, y        []float64
		wantRefused bool
	}{
		{"bimatrix, other payoffs", bimatrix(3), bimatrix(2), []float64{0, 0}, []float64{0, 0}, true},
		{"bimatrix, equal payoffs", bimatrix(3), bimatrix(3), []float64{0, 0}, []float64{0, 0}, false},
		{"formula, other coefficient", formula("2"), formula("3"), []float64{1}, []float64{1}, true},
		{"formula, same spec", formula("2"), formula("2"), []float64{1}, []float64{1}, false},
		{"quadratic, other A", quadratic(2), quadratic(5), []float64{1}, []float64{1}, true},
		{"quadratic, equal", quadratic(2), quadratic(2), []float64{1}, []float64{1}, false},
		{"swapped, equal games built apart", SwapRoles(&duopoly{a: 100, c1: 5, c2: 2}), SwapRoles(&duopoly{a: 100, c1: 5, c2: 2}), []float64{10}, []float64{10}, false},
		{"swapped, other games", SwapRoles(&duopoly{a: 100, c1: 5, c2: 2}), SwapRoles(&duopoly{a: 60, c1: 5, c2: 2}), []float64{10}, []float64{10}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d, err := NewSGA(c.built, rates)
			if err != nil {
				t.Fatal(err)
			}
			_, err = Run(ctx, c.run, d, c.x, c.y, set, nil)
			if c.wantRefused {
				if err == nil || !strings.HasPrefix(err.Error(), other) {
					t.Fatalf("err %v, want one starting %q", err, other)
				}
				return
			}
			if err != nil {
				t.Fatalf("an equal game refused: %v", err)
			}
		})
	}
}
