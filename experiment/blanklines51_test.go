package experiment

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPendingReusesRunWithBlankLastLine51: a finished RL job (3 epochs,
// 600 steps) whose metrics.csv ends in a blank line (an editor's, or a
// cat of it with another file) or has CRLF line ends is still reused as
// finished: the report reads its rows as they are (readRLRun trims the
// file's ends), and so does Pending's check of its rows (checkDoneRows).
// Before, the blank line was counted as a fourth epoch row without steps
// ("metrics.csv holds 4 epoch rows (0 steps)"), and the reproduction
// refused to start. A row lost is still refused.
func TestPendingReusesRunWithBlankLastLine51(t *testing.T) {
	root := t.TempDir()
	j, dir := runTinyRL(t, root, tinyRL(), 2)
	path := filepath.Join(dir, MetricsFile)
	orig, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(orig), "\n") // header, 3 rows, ""
	if len(lines) != 5 {
		t.Fatalf("metrics.csv has %d lines; want a header and 3 rows", len(lines)-1)
	}
	for _, c := range []struct {
		name, data, want string // want "" for reused
	}{
		{"blank last line", string(orig) + "\n", ""},
		{"two blank lines", string(orig) + "\n\n", ""},
		{"CRLF", strings.ReplaceAll(string(orig), "\n", "\r\n"), ""},
		{"CRLF and a blank line", strings.ReplaceAll(string(orig), "\n", "\r\n") + "\r\n", ""},
		{"row lost, blank line", strings.Join(lines[:3], "") + "\n", "metrics.csv holds 2 epoch rows (400 steps)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if err := os.WriteFile(path, []byte(c.data), 0o644); err != nil {
				t.Fatal(err)
			}
			_, finished, err := Pending(root, []Job{j})
			if c.want == "" {
				if err != nil || len(finished) != 1 {
					t.Errorf("finished %d, %v; want the run reused", len(finished), err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("finished %d, %v; want an error with %q", len(finished), err, c.want)
			}
		})
	}
}
