package game_test

import (
	"fmt"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/game"
)

// The Cournot duopoly of the Hi-C paper (Eqs. 20–21) as a built-in: its
// Stackelberg equilibrium and the leader's profit there.
func ExampleBuiltin() {
	g, err := game.Builtin("cournot", nil)
	if err != nil {
		panic(err)
	}
	d := g.(*game.Duopoly)
	x, y := d.Stackelberg()
	fmt.Printf("%s (%s): Stackelberg (%g, %g), leader profit %g\n", g.Name(), g.Sense(), x, y,
		d.Value1([]float64{x}, []float64{y}))
	// Output: cournot (payoff): Stackelberg (24.5, 12.25), leader profit 300.125
}

// A formula game from YAML-style parameters, evaluated through a compiled
// evaluator.
func ExampleNewFormula() {
	M, _ := game.ParseParam("M", []any{[]any{1, 0}, []any{0, 2}})
	g, err := game.NewFormula(game.FormulaSpec{
		Sense:  game.Cost,
		Dims:   [2]int{2, 2},
		F1:     "quad(x, M, x) - dot(x, y)",
		F2:     "norm2(y - x) + k*sum(y)",
		Params: map[string]ad.Tensor{"M": M, "k": ad.Scalar(0.5)},
	})
	if err != nil {
		panic(err)
	}
	e := game.NewEvaluator(g)
	x, y := []float64{1, 2}, []float64{3, -1}
	g1 := make([]float64, 2)
	e.Grad1(g1, x, y)
	fmt.Println(e.Value1(x, y), g1)

	_, err = game.NewFormula(game.FormulaSpec{Dims: [2]int{1, 1}, F1: "-x[0]+z", F2: "y[0]"})
	fmt.Println(err)
	// Output:
	// 8 [-1 9]
	// f1: unknown identifier "z" at 1:7
}
