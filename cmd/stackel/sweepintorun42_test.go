package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSweepRefusesRunDir: `sweep SPEC --out D`, D a single run's output
// directory (`run CONFIG --out D`: config.yaml, metrics.csv,
// summary.json), is refused, naming the run's files, and writes nothing
// into D, as `run --out` into a sweep's directory and `reproduce` into a
// run's are. Before, the sweep's manifest.json, sweep.sbatch and logs/
// were written beside the run's files. A sweep's own directory is still
// shared by a second sweep.
func TestSweepRefusesRunDir(t *testing.T) {
	dir := t.TempDir()
	cfg := writeFile(t, dir, "c.yaml", "name: c\ngame: {sense: cost, dims: [1, 1], f1: \"x[0]*x[0]\", f2: \"y[0]*y[0]\"}\n"+
		"dynamics: {kind: sga, leader_lr: {constant: 0.01}, follower_lr: {constant: 0.01}}\niterations: 10\n")
	spec := writeFile(t, dir, "spec.yaml", "name: sw\nbase: c.yaml\nseeds: [1]\n")
	d := filepath.Join(dir, "D")
	if _, err := execute(t, "run", cfg, "--out", d, "--quiet"); err != nil {
		t.Fatal(err)
	}
	_, err := execute(t, "sweep", spec, "--emit", "slurm", "--out", d)
	if want := d + " holds a run (config.yaml, metrics.csv, summary.json), not a sweep: use another output directory"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("sweep into a run's directory: error %v; want %q", err, want)
	}
	for _, f := range []string{"manifest.json", "sweep.sbatch", "logs"} {
		if _, err := os.Stat(filepath.Join(d, f)); err == nil {
			t.Errorf("the refused sweep wrote %s into the run's directory", f)
		}
	}
	// Sweeps still share a sweep's directory.
	s := filepath.Join(dir, "S")
	for i := 0; i < 2; i++ {
		if _, err := execute(t, "sweep", spec, "--emit", "slurm", "--out", s); err != nil {
			t.Fatalf("sweep %d into a sweep's directory: %v", i+1, err)
		}
	}
}
