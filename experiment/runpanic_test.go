package experiment

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runPanicChildEnv names the directory the child process of
// TestRunPanicIsTheRunsFailure runs into.
const runPanicChildEnv = "STACKEL_TEST_RUN_PANIC_DIR"

// TestRunPanicChild is the child process of TestRunPanicIsTheRunsFailure
// (skipped otherwise): it calls Run, as `stackel run CONFIG` does, on a
// smooth run whose dynamics panics at step panicAt, and prints Run's
// error after the marker "RUN ERROR: ".
func TestRunPanicChild(t *testing.T) {
	dir := os.Getenv(runPanicChildEnv)
	if dir == "" {
		t.Skip("the child process of TestRunPanicIsTheRunsFailure")
	}
	cfg, err := ParseConfig(fmt.Appendf(nil, panicJobYAML+"seed: 5\n", "p", "test-panic-at"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = Run(context.Background(), cfg, RunOptions{Out: dir})
	fmt.Printf("RUN ERROR: %v\n", err)
}

// A plain Run (`stackel run CONFIG`) whose run panics returns the panic as
// its error — the value and the innermost frames, not a stack dump — and
// records it as a job's panic is: summary.json with that error, the seed
// and "run_status": "failed", metrics.csv with the rows of iterations
// 0…panicAt-1. The run is in a child process: before, the panic ended it
// (exit status 2, the goroutine dump, no summary.json).
func TestRunPanicIsTheRunsFailure(t *testing.T) {
	dir := t.TempDir()
	out := runChild(t, "TestRunPanicChild", runPanicChildEnv, dir)
	_, line, ok := strings.Cut(out, "RUN ERROR: ")
	if !ok {
		t.Fatalf("no error line in the child's output:\n%s", out)
	}
	runErr, _, _ := strings.Cut(line, "\n")
	const wantPrefix = "panic: assignment to entry in nil map (at experiment.panicDyn.Step (experiment/jobpanic_test.go:"
	if !strings.HasPrefix(runErr, wantPrefix) || !strings.Contains(runErr, "), called from learn.Run (learn/run.go:") ||
		strings.Count(runErr, "called from") != 2 || strings.Contains(runErr, "goroutine") {
		t.Errorf("Run's error %q; want %q…, then learn.Run and one frame more", runErr, wantPrefix)
	}
	b, err := os.ReadFile(filepath.Join(dir, SummaryFile))
	if err != nil {
		t.Fatal(err)
	}
	var sum map[string]any
	if err := json.Unmarshal(b, &sum); err != nil {
		t.Fatal(err)
	}
	if sum["error"] != runErr || sum["run_status"] != RunFailed || sum["seed"] != 5.0 {
		t.Errorf("summary %v; want Run's error, run_status failed, seed 5", sum)
	}
	m, err := os.ReadFile(filepath.Join(dir, MetricsFile))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(m), "\n") - 1; n != panicAt {
		t.Errorf("%d metrics rows, want %d (iterations 0…%d)", n, panicAt, panicAt-1)
	}
	if _, err := os.Stat(filepath.Join(dir, ConfigFile)); err != nil {
		t.Errorf("config.yaml: %v", err)
	}
}
