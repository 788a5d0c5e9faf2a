package experiment

import (
	"bytes"
	"math"
	"strings"
	"testing"
)

// analyze classifies the game itself, whatever dynamics.solver.lambda the
// config gives: f1 = ½x² + 2xy + ½y² − 3x, f2 = ½y² − xy − y has its DSE at
// (0, 1) and its DNE at (1/3, 4/3), while a run with λ = 0.5 settles at
// (1/15, 16/15), which is neither. The report says λ is not applied (JSON
// solver_lambda, a line of the table); before session 46 it was silent,
// and a user comparing a run's end point with the list found it missing.
func TestAnalyzeSaysSolverLambdaNotApplied(t *testing.T) {
	const game = `game: {f1: '0.5*x[0]*x[0] + 2*x[0]*y[0] + 0.5*y[0]*y[0] - 3*x[0]', f2: '0.5*y[0]*y[0] - x[0]*y[0] - y[0]', dims: [1, 1], sense: cost}
`
	for _, c := range []struct {
		dynamics string
		lambda   float64
	}{
		{"dynamics: {kind: stackelberg, solver: {kind: exact, lambda: 0.5}}\n", 0.5},
		{"dynamics: {kind: stackelberg, solver: {kind: cg, lambda: 0.25}}\n", 0.25},
		{"dynamics: {kind: stackelberg, solver: {kind: exact, lambda: 0}}\n", 0},
		{"dynamics: {kind: stackelberg}\n", 0},
		{"dynamics: {kind: sga}\n", 0},
	} {
		rep := analyzeText(t, game+c.dynamics, AnalyzeOptions{Starts: 10})
		if rep.SolverLambda != c.lambda {
			t.Errorf("%s: solver_lambda %v, want %v", c.dynamics, rep.SolverLambda, c.lambda)
		}
		if len(rep.Equilibria) != 2 {
			t.Fatalf("%s: %d critical points, want the DSE and the DNE", c.dynamics, len(rep.Equilibria))
		}
		for _, p := range rep.Equilibria {
			dse := math.Abs(p.X[0]) < 1e-9 && math.Abs(p.Y[0]-1) < 1e-9
			dne := math.Abs(p.X[0]-1.0/3) < 1e-9 && math.Abs(p.Y[0]-4.0/3) < 1e-9
			if !dse && !dne {
				t.Errorf("%s: point (%v, %v) is neither (0, 1) nor (1/3, 4/3)", c.dynamics, p.X, p.Y)
			}
		}
		var table, js bytes.Buffer
		rep.WriteTable(&table)
		if err := rep.WriteJSON(&js); err != nil {
			t.Fatal(err)
		}
		line := "(dynamics.solver.lambda 0.5 is not applied: these are the game's own critical points, λ = 0;"
		if c.lambda == 0.25 {
			line = strings.Replace(line, "0.5", "0.25", 1)
		}
		if got := strings.Contains(table.String(), line); got != (c.lambda > 0) {
			t.Errorf("%s: table says λ is not applied: %v, want %v:\n%s", c.dynamics, got, c.lambda > 0, table.String())
		}
		if got := strings.Contains(js.String(), `"solver_lambda"`); got != (c.lambda > 0) {
			t.Errorf("%s: JSON has solver_lambda: %v, want %v", c.dynamics, got, c.lambda > 0)
		}
	}
}
