package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stackel/stackel/experiment"
)

// lockedBuffer is a bytes.Buffer safe for one writer and one reader at once.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestSweepCollectWaitsForReportLock51: `stackel sweep collect DIR` reads
// the runs and writes sweep.json and report.md under DIR's report lock
// (experiment.LockReport), as reproductions do since session 51: while
// another writer holds it, the collect says it waits and writes nothing,
// and writes the report once the lock is released. Before, it took no
// lock, so two collects (or a NATS sweep's end and a collect) could let
// the report of the runs read first replace the newer one, or mix one's
// sweep.json with the other's report.md.
func TestSweepCollectWaitsForReportLock51(t *testing.T) {
	dir := t.TempDir()
	spec := writeFile(t, dir, "s.yaml", sgaSpec("lk"))
	sw := filepath.Join(dir, "sw")
	if _, err := execute(t, "sweep", spec, "--emit", "slurm", "--out", sw); err != nil {
		t.Fatal(err)
	}
	release, err := experiment.LockReport(sw, nil)
	if err != nil {
		t.Fatal(err)
	}
	var out lockedBuffer
	cmd := newRootCmd()
	cmd.SetOut(&out)
	cmd.SetErr(&out)
	cmd.SetArgs([]string{"sweep", "collect", sw})
	done := make(chan error, 1)
	go func() { done <- cmd.Execute() }()
	const waiting = "sweep: waiting for the report being written in " // + DIR
	for !strings.Contains(out.String(), waiting) {
		select {
		case err := <-done:
			release()
			t.Fatalf("collect ended (%v) while another writer held the report lock, without waiting:\n%s", err, out.String())
		default:
			time.Sleep(time.Millisecond) // polling the output, not timing anything
		}
	}
	if _, err := os.Stat(filepath.Join(sw, "report.md")); err == nil {
		t.Error("report.md written while the collect waited for the lock")
	}
	release()
	if err := <-done; err != nil {
		t.Fatalf("collect after the lock was released: %v\n%s", err, out.String())
	}
	if _, err := os.Stat(filepath.Join(sw, "report.md")); err != nil {
		t.Errorf("no report.md after the collect: %v\n%s", err, out.String())
	}
	if _, err := os.Stat(filepath.Join(sw, experiment.ReportLockFile)); err == nil {
		t.Errorf("%s left in the sweep's directory", experiment.ReportLockFile)
	}
}
