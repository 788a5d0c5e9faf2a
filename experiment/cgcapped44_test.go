package experiment

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// cappedYAML is a smooth game whose follower Hessian is diag(1, 3) and
// ∇y f1 = (1, 1) everywhere (learn's cappedGame): CG capped at SOLVER's
// iters = 1 < 2 ends every solve with ‖r‖/‖∇y f1‖ = 1/2.
const cappedYAML = `name: capped
game: {sense: cost, dims: [1, 2], f1: '0.5*x[0]*x[0] + y[0] + y[1]', f2: '0.5*y[0]*y[0] + 1.5*y[1]*y[1] + x[0]*(y[0] - y[1])'}
dynamics: {kind: stackelberg, leader_lr: {constant: 0.1}, follower_lr: {constant: 0.2}, solver: SOLVER}
init: {x: [1], y: [0.5, -0.5]}
iterations: 40
record_every: 10
`

// runCapped runs cappedYAML with the solver block given and returns its
// summary.json decoded; warnings, when not nil, receives the warnings.
func runCapped(t *testing.T, solver string, warnings *strings.Builder) map[string]any {
	t.Helper()
	return runTextSummary(t, strings.Replace(cappedYAML, "SOLVER", solver, 1), warnings)
}

// runTextSummary runs the config text and returns its summary.json
// decoded; warnings, when not nil, receives the run's warnings.
func runTextSummary(t *testing.T, text string, warnings *strings.Builder) map[string]any {
	t.Helper()
	_, cfg := loadConfigText(t, text)
	dir := t.TempDir()
	opt := RunOptions{Out: dir}
	if warnings != nil {
		opt.Warnings = warnings
	}
	if _, err := Run(context.Background(), cfg, opt); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, SummaryFile))
	if err != nil {
		t.Fatal(err)
	}
	var sum map[string]any
	if err := json.Unmarshal(b, &sum); err != nil {
		t.Fatal(err)
	}
	return sum
}

// A smooth run's summary.json counts the steps whose CG solve stopped at
// solver.iters above solver.tol (every one of the 40, recorded or not,
// with the relative residual 1/2), and says 0 (keys present) when the
// solves converged or CG is not used.
func TestSmoothSummaryCGCapped(t *testing.T) {
	for _, c := range []struct {
		solver string
		steps  float64
		rel    float64
	}{
		{"{kind: cg, iters: 1}", 40, 0.5},
		{"{kind: cg, iters: 1, lambda: 1}", 40, 1.0 / 3},
		{"{kind: cg}", 0, 0},
		{"{kind: exact}", 0, 0},
	} {
		sum := runCapped(t, c.solver, nil)
		steps, ok1 := sum["cg_capped_steps"].(float64)
		rel, ok2 := sum["cg_capped_max_rel_residual"].(float64)
		if !ok1 || !ok2 || steps != c.steps || math.Abs(rel-c.rel) > 1e-14 {
			t.Errorf("solver %s: cg_capped_steps %v, cg_capped_max_rel_residual %v; want %v, %v (±1e-14)", c.solver, sum["cg_capped_steps"], sum["cg_capped_max_rel_residual"], c.steps, c.rel)
		}
		if sum["iterations"] != 40.0 {
			t.Errorf("solver %s: iterations %v, want 40", c.solver, sum["iterations"])
		}
	}
}

// The run warns, in one line naming the keys, when steps were capped, and
// says nothing otherwise.
func TestSmoothWarnsCGCapped(t *testing.T) {
	var w strings.Builder
	// λ = 0.5: α = 2/5 on diag(1.5, 3.5), r = (0.4, −0.4), ‖r‖/‖b‖ = 0.4.
	runCapped(t, "{kind: cg, iters: 1, lambda: 0.5}", &w)
	want := "warning: in 40 steps the leader's CG solve stopped at its cap dynamics.solver.iters = 1 above its tolerance dynamics.solver.tol unset (1e-10) (largest relative residual ‖r‖/‖∇y f1‖ 0.4): those steps followed an inexact Stackelberg gradient (summary.json: cg_capped_steps); raise dynamics.solver.iters, loosen dynamics.solver.tol or raise dynamics.solver.lambda (now 0.5)\n"
	if w.String() != want {
		t.Errorf("warning\n%q\nwant\n%q", w.String(), want)
	}
	w.Reset()
	runCapped(t, "{kind: cg, iters: 2, tol: 1e-8}", &w)
	if w.String() != "" {
		t.Errorf("a run whose solves converged warned %q", w.String())
	}
	// 1/2 above tol = 0.25 at the cap 1; the cap unset and the solves
	// converged (no warning) is the case above.
	runCapped(t, "{kind: cg, iters: 1, tol: 0.25}", &w)
	if want := "warning: in 40 steps the leader's CG solve stopped at its cap dynamics.solver.iters = 1 above its tolerance dynamics.solver.tol = 0.25 (largest relative residual ‖r‖/‖∇y f1‖ 0.5)"; !strings.HasPrefix(w.String(), want) {
		t.Errorf("warning\n%q\nwant it to begin\n%q", w.String(), want)
	}
}
