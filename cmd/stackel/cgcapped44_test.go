package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

// cappedCGConfig is a smooth run whose leader's CG solves stop at their
// cap: solver.iters = 1 on a follower Hessian diag(1, 3), which needs 2.
const cappedCGConfig = `name: c
game: {sense: cost, dims: [1, 2], f1: '0.5*x[0]*x[0] + y[0] + y[1]', f2: '0.5*y[0]*y[0] + 1.5*y[1]*y[1] + x[0]*(y[0] - y[1])'}
dynamics: {kind: stackelberg, solver: {kind: cg, iters: 1}}
iterations: 5
`

// cappedCGWarning is the warning line a run of cappedCGConfig ends with.
const cappedCGWarning = "warning: in 5 steps the leader's CG solve stopped at its cap dynamics.solver.iters = 1 above its tolerance dynamics.solver.tol unset (1e-10) (largest relative residual ‖r‖/‖∇y f1‖ 0.5)"

// executeWarned runs the CLI with args and checks that stderr is one line
// beginning want and that stdout holds no warning; it returns stdout.
func executeWarned(t *testing.T, want string, args ...string) string {
	t.Helper()
	cmd := newRootCmd()
	var stdout, stderr bytes.Buffer
	cmd.SetOut(&stdout)
	cmd.SetErr(&stderr)
	cmd.SetArgs(args)
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(stderr.String(), want) || strings.Count(stderr.String(), "\n") != 1 {
		t.Errorf("stderr %q, want one line beginning %q", stderr.String(), want)
	}
	if strings.Contains(stdout.String(), "warning") {
		t.Errorf("stdout %q has the warning", stdout.String())
	}
	return stdout.String()
}

// `stackel run` says on stderr, in one line after the run, that the
// leader's CG solves stopped at their cap (cappedCGConfig), or that a
// Hi-C run's best-response follower stopped at its cap (max_iter 10 at lr
// 10⁻³ from 10 away: every one of the 20 stages, experiment's
// TestHiCSummaryBestResponseCapped): stdout keeps the summary alone.
func TestRunWarnsCapped(t *testing.T) {
	for _, c := range []struct{ name, config, want string }{
		{"cg", cappedCGConfig, cappedCGWarning},
		{"best response", `name: c
game: {sense: cost, dims: [1, 1], f1: 'x[0]*x[0]', f2: '0.5*(y[0] - x[0])*(y[0] - x[0])'}
dynamics: {kind: hic, alpha: {constant: 0}, delta: {constant: 1e-9}, commitment: {constant: 2}, follower: {kind: best-response, lr: 0.001, max_iter: 10}}
init: {x: [0], y: [10]}
stages: 20
`, "warning: in 20 stages the follower's best response stopped at its cap dynamics.follower.max_iter = 10 with its last step above its tolerance dynamics.follower.tol unset (1e-10) (largest last step 0.00991)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			root := t.TempDir()
			cfg := writeFile(t, root, "c.yaml", c.config)
			executeWarned(t, c.want, "run", cfg, "--out", filepath.Join(root, "o"), "--quiet")
		})
	}
}
