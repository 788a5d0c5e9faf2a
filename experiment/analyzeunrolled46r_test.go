package experiment

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// analyze lists the game's own critical points, while a run with the
// unrolled solver (m steps of size η) uses the truncated series
// c·∇y f1 for the implicit term, c = 1 − (1 − η·∇yy f2)^m: for f1 = ½x² +
// 2xy + ½y² − 3x, f2 = ½y² − xy − y (∇yy f2 = 1), its leader gradient
// x + 2y − 3 + c(2x + y) vanishes on y = x + 1 at x = (1 − c)/(3(1 + c)):
// with m = 1, η = 0.5 (c = ½) at (1/9, 10/9), neither the DSE (0, 1)
// (c = 1) nor the DNE (1/3, 4/3) (c = 0). The report says so (JSON
// solver_steps and solver_lr, a line of the table), as it does for λ > 0;
// before, it was silent, even with λ = 0.
func TestAnalyzeSaysUnrolledSolverTruncated46r(t *testing.T) {
	const game = `game: {f1: '0.5*x[0]*x[0] + 2*x[0]*y[0] + 0.5*y[0]*y[0] - 3*x[0]', f2: '0.5*y[0]*y[0] - x[0]*y[0] - y[0]', dims: [1, 1], sense: cost}
`
	const unrolled = "dynamics: {kind: stackelberg, leader_lr: {constant: 0.1}, follower_lr: {constant: 0.5}, solver: {kind: unrolled, lambda: 0, steps: 1, lr: 0.5}}\niterations: 2000\ninit: {x: [2], y: [-1]}\n"
	// The run's end point, to 1e-9: the closed form above.
	cfg, err := ParseConfig([]byte(game + unrolled))
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	if _, err := Run(context.Background(), cfg, RunOptions{Out: out}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(out, SummaryFile))
	if err != nil {
		t.Fatal(err)
	}
	var sum SmoothSummary
	if err := json.Unmarshal(b, &sum); err != nil {
		t.Fatal(err)
	}
	if x, y := sum.Final.X[0], sum.Final.Y[0]; math.Abs(x-1.0/9) > 1e-9 || math.Abs(y-10.0/9) > 1e-9 {
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
		rep := analyzeText(t, game+c.dynamics, AnalyzeOptions{Starts: 10})
		if rep.SolverSteps != c.steps || rep.SolverLR != c.lr {
			t.Errorf("%s: solver_steps %d, solver_lr %v, want %d, %v", c.dynamics, rep.SolverSteps, rep.SolverLR, c.steps, c.lr)
		}
		var table, js bytes.Buffer
		rep.WriteTable(&table)
		if err := rep.WriteJSON(&js); err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(table.String(), line); got != (c.steps > 0) {
			t.Errorf("%s: table says the series is truncated: %v, want %v:\n%s", c.dynamics, got, c.steps > 0, table.String())
		}
		if got := strings.Contains(js.String(), `"solver_steps": 1,`) && strings.Contains(js.String(), `"solver_lr": 0.5`); got != (c.steps > 0) {
			t.Errorf("%s: JSON has solver_steps and solver_lr: %v, want %v:\n%s", c.dynamics, got, c.steps > 0, js.String())
		}
	}
}
