package main

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestNoLocalWorkersLineURL55r3: a sweep with --workers 0 said "no local
// workers: waiting for workers to join (stackel worker --nats URL)", the
// word URL, though its server's URL is known (the embedded server's, as
// its first line gives it). The line gives the URL now.
func TestNoLocalWorkersLineURL55r3(t *testing.T) {
	dir := t.TempDir()
	specFile := writeFile(t, dir, "s.yaml", sgaSpec("nolocal55r3"))
	o, _ := executeWithin(t, 20*time.Second, "sweep", specFile, "--workers", "0", "--listen", "127.0.0.1:0", "--declined-timeout", "1ms", "--out", filepath.Join(dir, "out"))
	first := regexp.MustCompile(`listening at (nats://127\.0\.0\.1:[0-9]+);`).FindStringSubmatch(o)
	if first == nil {
		t.Fatalf("no server URL in the output:\n%s", o)
	}
	if want := "no local workers: waiting for workers to join (stackel worker --nats " + first[1] + ")\n"; !strings.Contains(o, want) {
		t.Errorf("output lacks %q:\n%s", want, o)
	}
}
