package experiment

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRunJobRefusesDoneRunWithCutMetrics51: RunJob (the path of `stackel
// run --job`, sweeps and NATS workers) checks a run recorded done as
// Pending does: a finished RL run whose metrics.csv lost its last row is
// an error naming metrics.csv, not a finished job returned as
// AlreadyFinished (only Pending checked it, so a sweep or a worker reused
// what a reproduction refused); the intact run is returned finished.
func TestRunJobRefusesDoneRunWithCutMetrics51(t *testing.T) {
	root := t.TempDir()
	j, dir := runTinyRL(t, root, tinyRL(), 3)
	if rec, err := RunJob(context.Background(), j, dir, nil); err != nil || !rec.AlreadyFinished {
		t.Fatalf("RunJob again on the intact run: already finished %v, %v; want it finished", rec.AlreadyFinished, err)
	}
	path := filepath.Join(dir, MetricsFile)
	orig, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(orig), "\n")
	if err := os.WriteFile(path, []byte(strings.Join(lines[:len(lines)-2], "")), 0o644); err != nil {
		t.Fatal(err)
	}
	rec, err := RunJob(context.Background(), j, dir, nil)
	if err == nil {
		t.Fatalf("RunJob on a run whose metrics.csv lost its last row: status %s, already finished %v, no error", rec.Status, rec.AlreadyFinished)
	}
	if !strings.Contains(err.Error(), "metrics.csv holds 2 epoch rows") || !strings.Contains(err.Error(), "not reused as finished") {
		t.Errorf("error %q does not name the cut metrics.csv", err)
	}
	if got, _ := os.ReadFile(path); len(got) >= len(orig) {
		t.Errorf("metrics.csv rewritten (%d bytes, the cut file had fewer than %d)", len(got), len(orig))
	}
}
