package experiment

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stackel/stackel/internal/fifotest"
)

// snapshot returns the contents of every file in dir, by name.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		files[p] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func sameFiles(t *testing.T, what string, before, after map[string]string) {
	t.Helper()
	if len(before) != len(after) {
		t.Errorf("%s: %d files before, %d after", what, len(before), len(after))
	}
	for p, b := range before {
		if after[p] != b {
			t.Errorf("%s: %s changed", what, p)
		}
	}
}

// TestResumeRefusesOtherKinds: only RL runs have checkpoints. Resuming a
// smooth run is refused (it is rerun with --force), and so is resuming,
// with an RL config, a directory whose recorded run is a smooth one; in
// both cases nothing in the directory changes (before, the smooth run's
// metrics were overwritten and the directory left a mix of two runs).
func TestResumeRefusesOtherKinds(t *testing.T) {
	ctx := context.Background()
	smooth, err := ParseConfig([]byte(duopolyYAML))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := Run(ctx, smooth, RunOptions{Out: dir}); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, dir)
	_, err = Run(ctx, smooth, RunOptions{Out: dir, Resume: true})
	if err == nil || !strings.Contains(err.Error(), "a run of kind smooth keeps no checkpoint and is not resumed") {
		t.Errorf("resuming a smooth run: %v", err)
	}
	sameFiles(t, "smooth resumed", before, snapshot(t, dir))

	rc := tinyRL()
	rl := &Config{Name: "tiny", Seed: 5, RL: &rc}
	_, err = Run(ctx, rl, RunOptions{Out: dir, Resume: true})
	// The hint must not send the user to resume with the run's own
	// config ("omit the CONFIG argument"), refused in turn (session 43).
	if err == nil || !strings.Contains(err.Error(), "holds a run of kind smooth and this config describes one of kind rl") ||
		strings.Contains(err.Error(), "omit the CONFIG argument") || !strings.Contains(err.Error(), "a smooth run keeps no checkpoint and is not resumed") {
		t.Errorf("resuming a smooth run's directory with an RL config: %v", err)
	}
	sameFiles(t, "RL config into a smooth run's directory", before, snapshot(t, dir))
}

// TestResumeChecksMetricsRows: the rows kept on resuming must be epochs
// 1…k of the checkpoint at epoch k, in order; a repeated row (so one
// missing) is refused naming the row, and nothing changes.
func TestResumeChecksMetricsRows(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	kctx, cancel := context.WithCancel(ctx)
	progress := func(done, total int) {
		if done == 2 {
			cancel() // during epoch 3, with the checkpoint at epoch 2
		}
	}
	if _, err := RunRL(kctx, tinyRL(), 5, dir, false, progress); err == nil {
		t.Fatal("cancelled run reported success")
	}
	path := filepath.Join(dir, MetricsFile)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(data), "\n")
	if len(lines) != 4 || lines[3] != "" { // header, 2 rows, "" after the last newline
		t.Fatalf("metrics of the stopped run: %q", data)
	}
	// Epoch 1 twice: still two rows, but not epochs 1 and 2.
	if err := os.WriteFile(path, []byte(lines[0]+lines[1]+lines[1]), 0o644); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, dir)
	_, err = RunRL(ctx, tinyRL(), 5, dir, true, nil)
	if err == nil || !strings.Contains(err.Error(), "row 2 is epoch 1, want 2") {
		t.Errorf("resume over a repeated row: %v", err)
	}
	sameFiles(t, "repeated row", before, snapshot(t, dir))
	// Too few rows: the count is of rows, not of the text after the last
	// newline.
	if err := os.WriteFile(path, []byte(lines[0]+lines[1]), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = RunRL(ctx, tinyRL(), 5, dir, true, nil)
	if err == nil || !strings.Contains(err.Error(), "has 1 row and header") {
		t.Errorf("resume with a missing row: %v", err)
	}
	// A named pipe in place of metrics.csv is refused, not waited on (the
	// resume hung, deaf to SIGTERM); the test fails after 30 s rather
	// than hang.
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if err := fifotest.Mkfifo(path); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	done := make(chan error, 1)
	go func() { _, err := RunRL(ctx, tinyRL(), 5, dir, true, nil); done <- err }()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "is a named pipe (FIFO), not a regular file") {
			t.Errorf("resume over a FIFO metrics.csv: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("resume over a FIFO metrics.csv did not return within 30 s")
	}
	os.Remove(path)
	// An empty file (it panicked once the text after the last newline was
	// no longer counted as a row).
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = RunRL(ctx, tinyRL(), 5, dir, true, nil)
	if err == nil || !strings.Contains(err.Error(), "is empty; the checkpoint is at epoch 2") {
		t.Errorf("resume with an empty metrics.csv: %v", err)
	}
}

// TestResumeFinishedRun: resuming a run that finished changes none of its
// results and does not mark it resumed; resuming with another
// configuration names the fields that differ.
func TestResumeFinishedRun(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	if _, err := RunRL(ctx, tinyRL(), 5, dir, false, nil); err != nil {
		t.Fatal(err)
	}
	metrics := snapshot(t, dir)[filepath.Join(dir, MetricsFile)]
	res, err := RunRL(ctx, tinyRL(), 5, dir, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	after := snapshot(t, dir)
	if res.Resumed || strings.Contains(after[filepath.Join(dir, SummaryFile)], "resumed_from_epoch") || after[filepath.Join(dir, MetricsFile)] != metrics {
		t.Errorf("a finished run given again: resumed %v, summary %s", res.Resumed, after[filepath.Join(dir, SummaryFile)])
	}
	c := tinyRL()
	c.CG.Lambda = new(11.0)
	_, err = RunRL(ctx, c, 6, dir, true, nil)
	for _, want := range []string{"seed: 5 in the checkpoint, 6 here", "rl.cg.lambda: 10 in the checkpoint, 11 here"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("resume with another seed and λ: %v, want it to say %q", err, want)
		}
	}
}
