package learn

import (
	"context"
	"testing"

	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/loop"
)

// TestNonFiniteObjectiveNamesSubexpression: a formula game whose
// objective turns NaN stops the run with an error that names, after the
// objective, the sub-expression that is not finite and where it stands
// in the formula (game.Diagnoser), and the run is diverged.
func TestNonFiniteObjectiveNamesSubexpression(t *testing.T) {
	g, err := game.NewFormula(game.FormulaSpec{
		Name: "sqrt", Sense: game.Cost, Dims: [2]int{1, 1},
		F1: "x[0]*y[0] + sqrt(x[0])", F2: "(y[0] - x[0])*(y[0] - x[0])",
	})
	if err != nil {
		t.Fatal(err)
	}
	sga, err := NewSGA(g, Rates{Leader: loop.Constant(0.5), Follower: loop.Constant(0.5)})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), g, sga, []float64{1}, []float64{3}, Settings{Settings: loop.Settings{Iterations: 100, RecordEvery: 1}}, nil)
	want := "iteration 1: leader objective f1 is NaN: f1: sqrt(x[0]) is NaN at 1:13 (x = [-0.75], y = [1])"
	if err == nil || err.Error() != want {
		t.Fatalf("error %v, want %q", err, want)
	}
	if res.Status != loop.Diverged {
		t.Errorf("status %v, want diverged", res.Status)
	}
}
