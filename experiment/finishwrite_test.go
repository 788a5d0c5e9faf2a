package experiment

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stackel/stackel/loop"
)

// blockSummary makes dir/summary.json a non-empty directory, so that the
// atomic write of summary.json (a rename over it) fails, as a full disk
// would make it fail.
func blockSummary(t *testing.T, dir string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(dir, SummaryFile, "x"), 0o755); err != nil {
		t.Fatal(err)
	}
}

// TestFailedRunReportsUnwrittenSummary: a smooth run that diverges and
// then cannot write summary.json returns an error that says both — the
// divergence, and that summary.json was not written. Before, the write's
// error was dropped and the divergence alone returned, so `stackel run`
// said "what was recorded is in DIR" of a summary that was not there.
func TestFailedRunReportsUnwrittenSummary(t *testing.T) {
	src := "name: s\ngame: {f1: 'x[0]*y[0] + sqrt(x[0])', f2: '(y[0] - x[0])*(y[0] - x[0])', sense: cost, dims: [1, 1]}\ninit: {x: [1], y: [3]}\n" +
		"dynamics: {kind: sga, leader_lr: {constant: 0.5}, follower_lr: {constant: 0.5}}\niterations: 100\nrecord_every: 1\n"
	cfg, err := ParseConfig([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	blockSummary(t, dir)
	_, err = Run(context.Background(), cfg, RunOptions{Out: dir})
	if err == nil {
		t.Fatal("no error")
	}
	if !strings.Contains(err.Error(), "leader objective f1 is NaN") {
		t.Errorf("error %q lacks the divergence", err)
	}
	if !strings.Contains(err.Error(), "writing "+filepath.Join(dir, SummaryFile)) {
		t.Errorf("error %q does not say that summary.json was not written", err)
	}
	if loop.StatusOf(err, false) != loop.Diverged {
		t.Errorf("status %v, want diverged", loop.StatusOf(err, false))
	}
}

// TestFailedRLRunReportsUnwrittenSummary: likewise for an RL run
// interrupted after its first epoch: the error says that summary.json
// was not written, and is still an interruption.
func TestFailedRLRunReportsUnwrittenSummary(t *testing.T) {
	dir := t.TempDir()
	blockSummary(t, dir)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, err := RunRL(ctx, tinyRL(), 5, dir, false, func(done, total int) { cancel() })
	if !Interrupted(err) {
		t.Fatalf("error %v, want an interruption", err)
	}
	if !strings.Contains(err.Error(), "writing "+filepath.Join(dir, SummaryFile)) {
		t.Errorf("error %q does not say that summary.json was not written", err)
	}
}

// TestFinishRunKeepsMetricsError: a run that stopped with its own error
// and whose metrics.csv then fails to flush records both in summary.json's
// "error" (the metrics lack rows) and returns both, with run_status the
// run's own (diverged). Before, the flush error was dropped.
func TestFinishRunKeepsMetricsError(t *testing.T) {
	dir := t.TempDir()
	csv, err := NewCSV(filepath.Join(dir, MetricsFile), []string{"iter", "x0"})
	if err != nil {
		t.Fatal(err)
	}
	if err := csv.Row(1, 2); err != nil {
		t.Fatal(err)
	}
	csv.f.Close() // the pending rows cannot be written
	runErr := loop.Diverge("leader strategy x", "iteration 3: leader strategy x[0] is NaN")
	sum := &SmoothSummary{}
	err = finishRun(dir, csv, runErr, sum, &sum.Error, &sum.RunEnd, false)
	for _, want := range []string{"iteration 3: leader strategy x[0] is NaN", "writing " + filepath.Join(dir, MetricsFile)} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("returned error %v lacks %q", err, want)
		}
		if !strings.Contains(sum.Error, want) {
			t.Errorf("summary error %q lacks %q", sum.Error, want)
		}
	}
	if sum.RunStatus != RunDiverged || sum.DivergedQuantity != "leader strategy x" {
		t.Errorf("run end %+v, want diverged at the leader strategy x", sum.RunEnd)
	}
}
