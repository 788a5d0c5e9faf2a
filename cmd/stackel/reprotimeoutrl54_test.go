package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stackel/stackel/experiment/natsq"
)

// A reproduction of resumable RL runs (stddpg-pendulum --quick --seeds
// 1, three runs) with no worker live ends on the NoWorkerError; no run is
// on disk, so no report is written, and the error says so in the words of
// reproduce --nats (how to finish the runs), not --report-only's: before,
// it read "report-only: none of the 3 runs … give the --out that holds the
// runs, or run the reproduction without --report-only", an option the
// user never gave.
func TestReproduceRLNoWorkerTimeoutWords54(t *testing.T) {
	srv, _, _ := startSweepQueue53(t)
	out := filepath.Join(t.TempDir(), "r")
	o, err := executeWithin(t, 60*time.Second, "reproduce", "stddpg-pendulum", "--quick", "--seeds", "1", "--nats", srv.ClientURL(), "--declined-timeout", "1ms", "--out", out)
	var nw *natsq.NoWorkerError
	if !errors.As(err, &nw) || len(nw.IDs) != 3 {
		t.Fatalf("error %v; want a NoWorkerError naming the three jobs\noutput:\n%s", err, o)
	}
	want := "stddpg-pendulum: reproduce --nats: none of the 3 runs of stddpg-pendulum is on disk in " + out +
		" (no job.json or metrics.csv in " + filepath.Join(out, "stddpg-al", "seed1") + ", …): nothing to report, and no report is written; " +
		"start a worker that can run them (stackel worker --nats " + srv.ClientURL() + ") and give the same command again (the finished runs are kept)"
	// The note is written before the wait's error, the command's last
	// line (TestReproduceOneRunNoWorkerNote54p).
	if !strings.HasSuffix(o, want+"\n") || strings.Contains(o+err.Error(), "report-only") {
		t.Errorf("output\n%s\nwant it to end\n%s", o, want)
	}
	if _, serr := os.Stat(filepath.Join(out, "report.md")); !errors.Is(serr, os.ErrNotExist) {
		t.Errorf("report.md: %v, want none", serr)
	}
}
