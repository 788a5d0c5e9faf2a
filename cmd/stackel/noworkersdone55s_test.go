package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestNoLocalWorkersLineAllDone55s: the same sweep given again with
// --workers 0 once every job is done (on disk) has nothing to wait for:
// it said "no local workers: waiting for workers to join …" all the same.
// It says only that every job is already done, and writes the report.
// With jobs queued the line is given (TestNoLocalWorkersLineURL55r3).
func TestNoLocalWorkersLineAllDone55s(t *testing.T) {
	dir := t.TempDir()
	specFile := writeFile(t, dir, "s.yaml", sgaSpec("alldone55s"))
	out := filepath.Join(dir, "out")
	if o, err := executeWithin(t, 30*time.Second, "sweep", specFile, "--workers", "1", "--listen", "127.0.0.1:0", "--out", out); err != nil {
		t.Fatalf("first sweep: %v\n%s", err, o)
	}
	o, err := executeWithin(t, 30*time.Second, "sweep", specFile, "--workers", "0", "--listen", "127.0.0.1:0", "--declined-timeout", "1ms", "--out", out)
	if err != nil {
		t.Fatalf("second sweep: %v\n%s", err, o)
	}
	if strings.Contains(o, "no local workers") || !strings.Contains(o, "sweep alldone55s: 1 job, 0 queued, 1 already done\n") || !strings.Contains(o, "wrote "+out) {
		t.Errorf("second sweep's output:\n%s", o)
	}
}
