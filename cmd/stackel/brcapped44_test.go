package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

// `stackel run` says on stderr, in one line after the run, that a Hi-C
// run's best-response follower stopped at its cap (max_iter 10 at lr
// 10⁻³ from 10 away: every one of the 20 stages, experiment's
// TestHiCSummaryBestResponseCapped): stdout keeps the summary alone.
func TestRunWarnsBestResponseCapped(t *testing.T) {
	root := t.TempDir()
	cfg := writeFile(t, root, "c.yaml", `name: c
game: {sense: cost, dims: [1, 1], f1: 'x[0]*x[0]', f2: '0.5*(y[0] - x[0])*(y[0] - x[0])'}
dynamics: {kind: hic, alpha: {constant: 0}, delta: {constant: 1e-9}, commitment: {constant: 1}, follower: {kind: best-response, lr: 0.001, max_iter: 10}}
init: {x: [0], y: [10]}
stages: 20
`)
	cmd := newRootCmd()
	var stdout, stderr bytes.Buffer
	cmd.SetOut(&stdout)
	cmd.SetErr(&stderr)
	cmd.SetArgs([]string{"run", cfg, "--out", filepath.Join(root, "o"), "--quiet"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	want := "warning: in 20 stages the follower's best response stopped at its cap dynamics.follower.max_iter = 10 with its last step above its tolerance dynamics.follower.tol unset (1e-10) (largest last step 0.00991)"
	if !strings.HasPrefix(stderr.String(), want) || strings.Count(stderr.String(), "\n") != 1 {
		t.Errorf("stderr %q, want one line beginning %q", stderr.String(), want)
	}
	if strings.Contains(stdout.String(), "warning") {
		t.Errorf("stdout %q has the warning", stdout.String())
	}
}
