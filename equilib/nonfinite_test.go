package equilib_test

import (
	"testing"

	"github.com/stackel/stackel/equilib"
	"github.com/stackel/stackel/game"
)

// TestNonFiniteObjectiveRefused: at x = −2 the leader's cost
// (x+2)² + 0·log(x) is NaN (log of a negative number) while its gradient
// 2(x+2) + 0/x is finite, so (−2, −2) is a root of ω and ω_S. Analyze
// and Polish refuse it, naming the point, f1 and the formula's
// sub-expression; Search drops it and counts it. The sqrt game has an
// infinite derivative of sqrt(x[0]) at 0: Analyze and Polish name it.
// Messages are compared exactly.
func TestNonFiniteObjectiveRefused(t *testing.T) {
	logGame, err := game.NewFormula(game.FormulaSpec{Dims: [2]int{1, 1}, F1: "(x[0]+2)*(x[0]+2) + 0*log(x[0])", F2: "(y[0]-x[0])*(y[0]-x[0])"})
	if err != nil {
		t.Fatal(err)
	}
	sqrtGame, err := game.NewFormula(game.FormulaSpec{Dims: [2]int{1, 1}, F1: "sqrt(x[0])*0 + (x[0]-y[0])*(x[0]-y[0])", F2: "(y[0]-x[0])*(y[0]-x[0])"})
	if err != nil {
		t.Fatal(err)
	}
	const logWhy = "point ([-2], [-2]): f1 = NaN: f1: log(x[0]) is NaN at 1:23 (x = [-2], y = [-2])"
	const sqrtWhy = "f1: sqrt(x[0]) has an infinite derivative at 1:1 (x = [0], y = [0])"
	for _, c := range []struct {
		name string
		run  func() error
		want string
	}{
		{"Analyze f1 NaN", func() error { _, err := equilib.Analyze(logGame, []float64{-2}, []float64{-2}); return err }, logWhy},
		{"Polish f1 NaN", func() error {
			_, err := equilib.Polish(logGame, []float64{-1.5}, []float64{-1}, equilib.StackelbergField)
			return err
		}, logWhy},
		{"Analyze J", func() error { _, err := equilib.Analyze(sqrtGame, []float64{0}, []float64{0}); return err },
			"point ([0], [0]): the game Jacobian J is not finite: " + sqrtWhy},
		{"Polish J", func() error {
			_, err := equilib.Polish(sqrtGame, []float64{0}, []float64{0}, equilib.NashField)
			return err
		}, "polish: Newton on the nash field from ([0], [0]) did not converge: the Nash field ω is not finite at iteration 0: " + sqrtWhy},
		{"AnalyzeYLeads J", func() error { _, err := equilib.AnalyzeYLeads(sqrtGame, []float64{0}, []float64{0}); return err },
			"point ([0], [0]) with y leading: the game Jacobian J is not finite: " + sqrtWhy},
	} {
		t.Run(c.name, func(t *testing.T) {
			if err := c.run(); err == nil || err.Error() != c.want {
				t.Errorf("error %v\nwant %q", err, c.want)
			}
		})
	}
	pts, st, err := equilib.SearchWithStats(logGame, equilib.SearchOptions{Starts: 5, Seed: 1, Lo: []float64{-5, -5}, Hi: []float64{-1, -1}})
	if err != nil {
		t.Fatal(err)
	}
	if len(pts) != 0 {
		t.Errorf("Search returned %d points (first %+v), want none: f1 is NaN at its only root", len(pts), pts[0])
	}
	if st.NonFiniteObjective != 10 || st.FirstNonFiniteObjective != logWhy {
		t.Errorf("SearchStats: NonFiniteObjective %d, FirstNonFiniteObjective %q; want 10 (5 starts × 2 fields) and %q", st.NonFiniteObjective, st.FirstNonFiniteObjective, logWhy)
	}
}
