package experiment

import (
	"bytes"
	"math"
	"strings"
	"testing"
)

// solverGame46 has its DSE at (0, 1) and its DNE at (1/3, 4/3): f1 = ½x² +
// 2xy + ½y² − 3x, f2 = ½y² − xy − y (∇yy f2 = 1, best response y = x + 1).
const solverGame46 = `game: {f1: '0.5*x[0]*x[0] + 2*x[0]*y[0] + 0.5*y[0]*y[0] - 3*x[0]', f2: '0.5*y[0]*y[0] - x[0]*y[0] - y[0]', dims: [1, 1], sense: cost}
`

// analyzeOutputs returns rep's table and JSON.
func analyzeOutputs(t *testing.T, rep *AnalyzeReport) (table, js string) {
	t.Helper()
	var tb, jb bytes.Buffer
	rep.WriteTable(&tb)
	if err := rep.WriteJSON(&jb); err != nil {
		t.Fatal(err)
	}
	return tb.String(), jb.String()
}

// analyze classifies the game itself, whatever dynamics.solver.lambda the
// config gives: solverGame46's points are its DSE (0, 1) and DNE (1/3,
// 4/3), while a run with λ = 0.5 settles at (1/15, 16/15), which is
// neither. The report says λ is not applied (JSON solver_lambda, a line of
// the table); before session 46 it was silent, and a user comparing a
// run's end point with the list found it missing.
func TestAnalyzeSaysSolverLambdaNotApplied(t *testing.T) {
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
		rep := analyzeText(t, solverGame46+c.dynamics, AnalyzeOptions{Starts: 10})
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
		table, js := analyzeOutputs(t, rep)
		line := "(dynamics.solver.lambda 0.5 is not applied: these are the game's own critical points, λ = 0;"
		if c.lambda == 0.25 {
			line = strings.Replace(line, "0.5", "0.25", 1)
		}
		if got := strings.Contains(table, line); got != (c.lambda > 0) {
			t.Errorf("%s: table says λ is not applied: %v, want %v:\n%s", c.dynamics, got, c.lambda > 0, table)
		}
		if got := strings.Contains(js, `"solver_lambda"`); got != (c.lambda > 0) {
			t.Errorf("%s: JSON has solver_lambda: %v, want %v", c.dynamics, got, c.lambda > 0)
		}
	}
}

// analyze lists the game's own critical points, while a run with the
// unrolled solver (m steps of size η) uses the truncated series c·∇y f1
// for the implicit term, c = 1 − (1 − η·∇yy f2)^m: on solverGame46 its
// leader gradient x + 2y − 3 + c(2x + y) vanishes on y = x + 1 at x =
// (1 − c)/(3(1 + c)): with m = 1, η = 0.5 (c = ½) at (1/9, 10/9), neither
// the DSE (0, 1) (c = 1) nor the DNE (1/3, 4/3) (c = 0). The report says
// so (JSON solver_steps and solver_lr, a line of the table), as it does
// for λ > 0; before, it was silent, even with λ = 0.
func TestAnalyzeSaysUnrolledSolverTruncated(t *testing.T) {
	const unrolled = "dynamics: {kind: stackelberg, leader_lr: {constant: 0.1}, follower_lr: {constant: 0.5}, solver: {kind: unrolled, lambda: 0, steps: 1, lr: 0.5}}\niterations: 2000\ninit: {x: [2], y: [-1]}\n"
	// The run's end point, to 1e-9: the closed form above.
	final, _ := runTextSummary(t, solverGame46+unrolled, nil)["final"].(map[string]any)
	xs, _ := final["x"].([]any)
	ys, _ := final["y"].([]any)
	if len(xs) != 1 || len(ys) != 1 {
		t.Fatalf("summary.json's final point %v", final)
	}
	if x, y := xs[0].(float64), ys[0].(float64); math.Abs(x-1.0/9) > 1e-9 || math.Abs(y-10.0/9) > 1e-9 {
		t.Fatalf("the unrolled run ends at (%v, %v), want (1/9, 10/9) within 1e-9", x, y)
	}
	const line = "(dynamics.solver unrolled, steps 1, lr 0.5: a run's leader gradient uses a truncated series for the implicit term and settles where that gradient vanishes, at one of these points only where the series has converged)"
	for _, c := range []struct {
		dynamics string
		steps    int
		lr       float64
	}{
		{unrolled, 1, 0.5},
		{"dynamics: {kind: stackelberg, leader: y, solver: {kind: unrolled, lambda: 0, steps: 1, lr: 0.5}}\n", 1, 0.5},
		{"dynamics: {kind: stackelberg, solver: {kind: cg, lambda: 0}}\n", 0, 0},
		{"dynamics: {kind: stackelberg}\n", 0, 0},
		{"dynamics: {kind: sga}\n", 0, 0},
	} {
		rep := analyzeText(t, solverGame46+c.dynamics, AnalyzeOptions{Starts: 10})
		if rep.SolverSteps != c.steps || rep.SolverLR != c.lr {
			t.Errorf("%s: solver_steps %d, solver_lr %v, want %d, %v", c.dynamics, rep.SolverSteps, rep.SolverLR, c.steps, c.lr)
		}
		table, js := analyzeOutputs(t, rep)
		if got := strings.Contains(table, line); got != (c.steps > 0) {
			t.Errorf("%s: table says the series is truncated: %v, want %v:\n%s", c.dynamics, got, c.steps > 0, table)
		}
		if got := strings.Contains(js, `"solver_steps": 1,`) && strings.Contains(js, `"solver_lr": 0.5`); got != (c.steps > 0) {
			t.Errorf("%s: JSON has solver_steps and solver_lr: %v, want %v:\n%s", c.dynamics, got, c.steps > 0, js)
		}
	}
}
