package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRunRefusesEmittedSweepDir: a sweep emitted for Slurm (manifest.json
// and sweep.sbatch, no sweep.json until it is collected) is refused by
// `run CONFIG --out DIR` as a finished sweep is, with nothing written.
// Before, checkRunOut looked for sweep.json only, and the run's
// config.yaml, metrics.csv and summary.json were written beside the
// sweep's manifest.
func TestRunRefusesEmittedSweepDir(t *testing.T) {
	dir := t.TempDir()
	cfg := writeFile(t, dir, "c.yaml", "name: c\ngame: {sense: cost, dims: [1, 1], f1: \"x[0]*x[0]\", f2: \"y[0]*y[0]\"}\n"+
		"dynamics: {kind: sga, leader_lr: {constant: 0.01}, follower_lr: {constant: 0.01}}\niterations: 10\n")
	spec := writeFile(t, dir, "spec.yaml", "name: sw\nbase: c.yaml\nseeds: [1]\n")
	d := filepath.Join(dir, "D")
	if _, err := execute(t, "sweep", spec, "--emit", "slurm", "--out", d); err != nil {
		t.Fatal(err)
	}
	_, err := execute(t, "run", cfg, "--out", d, "--quiet")
	if want := "output directory " + d + " holds a sweep (manifest.json), not a run"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("run into an emitted sweep's directory: error %v; want %q", err, want)
	}
	if _, err := os.Stat(filepath.Join(d, "config.yaml")); err == nil {
		t.Errorf("the refused run wrote config.yaml into the sweep's directory")
	}
}
