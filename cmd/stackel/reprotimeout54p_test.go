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

// stackel reproduce stddpg-pendulum --quick --seeds 1 --variants ddpg
// --nats URL --declined-timeout 1ms with no worker: one run, not on disk.
// The note saying why no report is written names "the only run" and its
// directory (not "none of the 1 runs … seed1, …") and says "run it" and
// "no report is written" (manifest.json and reproduction.json are); it
// comes before the wait's error, which is the command's last line:
// joined, the note followed the "stackel:" line.
func TestReproduceOneRunNoWorkerNote54p(t *testing.T) {
	srv, _, _ := startSweepQueue53(t)
	out := filepath.Join(t.TempDir(), "r")
	o, err := executeWithin(t, 60*time.Second, "reproduce", "stddpg-pendulum", "--quick", "--seeds", "1", "--variants", "ddpg", "--nats", srv.ClientURL(), "--declined-timeout", "1ms", "--out", out)
	var nw *natsq.NoWorkerError
	if !errors.As(err, &nw) || len(nw.IDs) != 1 {
		t.Fatalf("error %v; want a NoWorkerError naming the job\noutput:\n%s", err, o)
	}
	wantErr := "stddpg-pendulum: sweep stddpg-pendulum: no worker is live (none in the NATS bucket stackel_workers) and its remaining job has not changed state for 1ms (the declined timeout); " +
		"it stays queued on the server: start a worker (stackel worker --nats " + srv.ClientURL() + "), then give the same command again to wait for it (finished jobs are kept); the report is not written: see the line above"
	if err.Error() != wantErr {
		t.Errorf("error\n%v\nwant\n%s", err, wantErr)
	}
	note := "stddpg-pendulum: reproduce --nats: the only run of stddpg-pendulum is not on disk in " + out +
		" (no job.json or metrics.csv in " + filepath.Join(out, "ddpg", "seed1") + "): nothing to report, and no report is written; " +
		"start a worker that can run it (stackel worker --nats " + srv.ClientURL() + ") and give the same command again\n"
	if !strings.HasSuffix(o, note) {
		t.Errorf("output\n%s\nwant it to end\n%s", o, note)
	}
	for _, f := range []string{"manifest.json", "reproduction.json"} {
		if _, serr := os.Stat(filepath.Join(out, f)); serr != nil {
			t.Errorf("%s: %v (the note says only that no report is written)", f, serr)
		}
	}
	if _, serr := os.Stat(filepath.Join(out, "report.md")); !errors.Is(serr, os.ErrNotExist) {
		t.Errorf("report.md: %v, want none", serr)
	}
}

// fiez-duopoly --quick --seeds 1 with no worker: no complete seed on disk.
// repro's note comes before the wait's error, which ends the command.
func TestReproduceNoCompleteSeedNoteFirst54p(t *testing.T) {
	srv, _, _ := startSweepQueue53(t)
	out := filepath.Join(t.TempDir(), "r")
	o, err := executeWithin(t, 60*time.Second, "reproduce", "fiez-duopoly", "--quick", "--seeds", "1", "--nats", srv.ClientURL(), "--declined-timeout", "1ms", "--out", out)
	var nw *natsq.NoWorkerError
	if !errors.As(err, &nw) || len(nw.IDs) != 2 {
		t.Fatalf("error %v; want a NoWorkerError naming the two jobs\noutput:\n%s", err, o)
	}
	wantErr := "fiez-duopoly: sweep fiez-duopoly: no worker is live (none in the NATS bucket stackel_workers) and none of its 2 remaining jobs has changed state for 1ms (the declined timeout); " +
		"they stay queued on the server: start a worker (stackel worker --nats " + srv.ClientURL() + "), then give the same command again to wait for them (finished jobs are kept); the report is not written: see the line above"
	if err.Error() != wantErr {
		t.Errorf("error\n%v\nwant\n%s", err, wantErr)
	}
	note := "fiez-duopoly: reproduce --nats: no complete seed on disk to report on in " + out + "; 2 of 2 runs are not finished (stackelberg/seed0, sga/seed0); " +
		"start a worker that can run them (stackel worker --nats " + srv.ClientURL() + ") and give the same command again (the finished runs are kept)\n"
	if !strings.HasSuffix(o, note) {
		t.Errorf("output\n%s\nwant it to end\n%s", o, note)
	}
}
