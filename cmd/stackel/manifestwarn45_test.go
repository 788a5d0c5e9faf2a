package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

// `stackel run --manifest M --index I` (a Slurm array task) says on
// stderr, after the run, that the leader's CG solves stopped at their cap
// (TestRunJobWarnsCapped's game), as `stackel run --job` does; stdout
// keeps the job's line alone. The warning was dropped.
func TestRunManifestWarnsCapped(t *testing.T) {
	dir := t.TempDir()
	spec := writeFile(t, dir, "s.yaml", `name: cap
config:
  name: c
  game: {sense: cost, dims: [1, 2], f1: '0.5*x[0]*x[0] + y[0] + y[1]', f2: '0.5*y[0]*y[0] + 1.5*y[1]*y[1] + x[0]*(y[0] - y[1])'}
  dynamics: {kind: stackelberg, solver: {kind: cg, iters: 1}}
  iterations: 5
`)
	sw := filepath.Join(dir, "sw")
	if _, err := execute(t, "sweep", spec, "--emit", "slurm", "--out", sw); err != nil {
		t.Fatal(err)
	}
	cmd := newRootCmd()
	var stdout, stderr bytes.Buffer
	cmd.SetOut(&stdout)
	cmd.SetErr(&stderr)
	cmd.SetArgs([]string{"run", "--manifest", filepath.Join(sw, "manifest.json"), "--index", "0", "--quiet"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	want := "warning: in 5 steps the leader's CG solve stopped at its cap dynamics.solver.iters = 1 above its tolerance dynamics.solver.tol unset (1e-10) (largest relative residual ‖r‖/‖∇y f1‖ 0.5)"
	if !strings.HasPrefix(stderr.String(), want) || strings.Count(stderr.String(), "\n") != 1 {
		t.Errorf("stderr %q, want one line beginning %q", stderr.String(), want)
	}
	if !strings.HasPrefix(stdout.String(), "job 0 (") || strings.Contains(stdout.String(), "warning") {
		t.Errorf("stdout %q, want the job's line alone", stdout.String())
	}
}
