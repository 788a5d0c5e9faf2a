package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

// `stackel run --job FILE` says on stderr, after the run, that the
// leader's CG solves stopped at their cap (solver.iters = 1 on a follower
// Hessian diag(1, 3), which needs 2: TestRunWarnsCapped's game), as
// `stackel run CONFIG` does; stdout keeps the summary alone.
func TestRunJobWarnsCapped(t *testing.T) {
	root := t.TempDir()
	path, _ := writeJobFile(t, root, "j.json", `name: c
game: {sense: cost, dims: [1, 2], f1: '0.5*x[0]*x[0] + y[0] + y[1]', f2: '0.5*y[0]*y[0] + 1.5*y[1]*y[1] + x[0]*(y[0] - y[1])'}
dynamics: {kind: stackelberg, solver: {kind: cg, iters: 1}}
iterations: 5
`, 1)
	cmd := newRootCmd()
	var stdout, stderr bytes.Buffer
	cmd.SetOut(&stdout)
	cmd.SetErr(&stderr)
	cmd.SetArgs([]string{"run", "--job", path, "--out", filepath.Join(root, "o"), "--quiet"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	want := "warning: in 5 steps the leader's CG solve stopped at its cap dynamics.solver.iters = 1 above its tolerance dynamics.solver.tol unset (1e-10) (largest relative residual ‖r‖/‖∇y f1‖ 0.5)"
	if !strings.HasPrefix(stderr.String(), want) || strings.Count(stderr.String(), "\n") != 1 {
		t.Errorf("stderr %q, want one line beginning %q", stderr.String(), want)
	}
	if strings.Contains(stdout.String(), "warning") {
		t.Errorf("stdout %q has the warning", stdout.String())
	}
}
