package experiment

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stackel/stackel/rl/agent"
)

// TestResumeMetricsWithoutFinalNewline: a metrics.csv that holds exactly
// the checkpoint's rows but lacks the newline after the last (a file
// saved by an editor or a tool that drops it) is resumed to a well-formed
// file: every row has the header's fields, and the rows are those of an
// uninterrupted run (the seconds column aside). Before, the first row
// appended was glued to the last kept one ("…,0.0123" + "3,600,…").
func TestResumeMetricsWithoutFinalNewline(t *testing.T) {
	whole := t.TempDir()
	if _, err := RunRL(context.Background(), tinyRL(), 5, whole, false, nil); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if _, err := RunRL(ctx, tinyRL(), 5, dir, false, func(done, total int) {
		if done == 2 {
			cancel()
		}
	}); !Interrupted(err) {
		t.Fatalf("stopping after epoch 2: %v", err)
	}
	path := filepath.Join(dir, MetricsFile)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(b, []byte("\n")); n != 3 {
		t.Fatalf("metrics.csv has %d lines, want the header and 2 rows:\n%s", n, b)
	}
	if err := os.WriteFile(path, bytes.TrimSuffix(b, []byte("\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := RunRL(context.Background(), tinyRL(), 5, dir, true, nil); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(path)
	lines := strings.Split(strings.TrimSuffix(string(got), "\n"), "\n")
	n := len(agent.EpochStats{}.Columns())
	for i, ln := range lines {
		if f := len(strings.Split(ln, ",")); f != n {
			t.Errorf("metrics.csv line %d has %d fields, want %d: %q", i+1, f, n, ln)
		}
	}
	if g, w := metricsWithoutTime(t, dir), metricsWithoutTime(t, whole); g != w {
		t.Errorf("resumed metrics.csv:\n%s\nuninterrupted run's:\n%s", g, w)
	}
}
