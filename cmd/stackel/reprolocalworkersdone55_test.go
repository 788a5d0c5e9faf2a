package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestReproduceNoLocalWorkersLineAllDone55: a reproduction given again
// with --nats and --local-workers 0 once every run is done has nothing to
// wait for, but said "no local workers: waiting for workers to join …"
// all the same (a sweep stopped saying it: TestNoLocalWorkersLineAllDone55s).
// It writes the report without the line.
func TestReproduceNoLocalWorkersLineAllDone55(t *testing.T) {
	url := startLoopbackServer(t)
	out := filepath.Join(t.TempDir(), "r")
	if o, err := executeWithin(t, 60*time.Second, "reproduce", "fiez-duopoly", "--quick", "--nats", url, "--local-workers", "1", "--out", out); err != nil {
		t.Fatalf("first reproduction: %v\n%s", err, o)
	}
	o, err := executeWithin(t, 60*time.Second, "reproduce", "fiez-duopoly", "--quick", "--nats", url, "--local-workers", "0", "--declined-timeout", "1ms", "--out", out)
	if err != nil {
		t.Fatalf("second reproduction: %v\n%s", err, o)
	}
	if strings.Contains(o, "no local workers") || !strings.Contains(o, "wrote "+out) {
		t.Errorf("second reproduction's output:\n%s", o)
	}
}
