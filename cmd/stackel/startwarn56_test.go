package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestRunSaysStartWarningOnce56: a Hi-C run whose commitment is one stage
// at every interval is warned of (it learns the Nash equilibrium) once,
// before its summary: said when the run starts, and not again by the run
// (RunOptions.StartWarningsSaid) among the warnings said after its
// progress ends.
func TestRunSaysStartWarningOnce56(t *testing.T) {
	dir := t.TempDir()
	cfg := writeFile(t, dir, "k1.yaml", `name: k1
seed: 3
game: {builtin: cournot}
dynamics:
  kind: hic
  alpha: {power: {a: 0.01, b: 0, p: 0.1}}
  delta: {power: {a: 1, b: 0, p: 0.2}}
  follower: {kind: gradient, lr: 0.4}
  commitment: {constant: 1}
stages: 2000
`)
	out, err := execute(t, "run", cfg, "--out", filepath.Join(dir, "o"), "--quiet")
	if err != nil {
		t.Fatal(err)
	}
	const want = "warning: dynamics.commitment gives k_n = 1 stage at every interval"
	if n := strings.Count(out, want); n != 1 {
		t.Fatalf("the warning is said %d times, want once:\n%s", n, out)
	}
	if strings.Index(out, want) > strings.Index(out, "wrote ") {
		t.Errorf("the warning comes after the summary:\n%s", out)
	}
}
