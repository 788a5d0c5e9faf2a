package experiment

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPendingRefusesDoneRunWithCutMetrics51: a finished RL job (job.json
// "done", summary.json 3 epochs, 600 steps) whose metrics.csv has lost its
// last row, ends in a torn line or holds a row more than the summary is
// not reused as finished: Pending returns an error naming the directory,
// metrics.csv and both counts. Before, Pending listed it finished ("reusing
// 9 of 9 runs finished"), and the report, made without --report-only,
// called it unfinished under a note saying "--report-only" and "rerunning
// the reproduction resumes unfinished runs", which reused it again. The
// intact run stays finished.
func TestPendingRefusesDoneRunWithCutMetrics51(t *testing.T) {
	root := t.TempDir()
	rc := tinyRL()
	j, err := NewJob(&Config{Name: "tiny", RL: &rc}, 2, "rl")
	if err != nil {
		t.Fatal(err)
	}
	if rec, err := RunJob(context.Background(), j, filepath.Join(root, j.Out), nil); err != nil || rec.Status != JobDone {
		t.Fatalf("RunJob: %s, %v", rec.Status, err)
	}
	path := filepath.Join(root, j.Out, MetricsFile)
	orig, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(orig), "\n") // header, 3 rows, ""
	if len(lines) != 5 {
		t.Fatalf("metrics.csv has %d lines; want a header and 3 rows", len(lines)-1)
	}
	for _, c := range []struct {
		name, data string
		want       []string // "" for none: reused as finished
	}{
		{"intact", string(orig), nil},
		{"last row lost", strings.Join(lines[:3], ""), []string{"metrics.csv holds 2 epoch rows (400 steps)", "summary.json records 3 epochs (600 steps)"}},
		{"torn last line", string(orig[:len(orig)-20]), []string{"metrics.csv ends in a cut line", "summary.json records 3 epochs (600 steps)"}},
		{"a row more", string(orig) + lines[3], []string{"metrics.csv holds 4 epoch rows (600 steps)", "summary.json records 3 epochs (600 steps)"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if err := os.WriteFile(path, []byte(c.data), 0o644); err != nil {
				t.Fatal(err)
			}
			pending, finished, err := Pending(root, []Job{j})
			if c.want == nil {
				if err != nil || len(finished) != 1 || len(pending) != 0 {
					t.Errorf("intact run: pending %d, finished %d, %v; want finished", len(pending), len(finished), err)
				}
				return
			}
			if err == nil || len(finished) != 0 {
				t.Fatalf("pending %d, finished %d, %v; want an error and nothing finished", len(pending), len(finished), err)
			}
			for _, w := range append(c.want, filepath.Join(root, j.Out), "not reused") {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}
