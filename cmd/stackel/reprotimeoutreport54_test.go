package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/experiment/natsq"
)

// stackel reproduce fiez-duopoly --quick --seeds 2 --nats URL
// --declined-timeout 1ms, with one live worker that runs the jobs of
// seed 0 and hands those of seed 1 back: the wait ends on the declined
// timeout (exit 1, the DeclinedError) and the reproduction's report of
// the runs that finished is written, as --report-only writes it: the
// first seed, with a note naming the unfinished runs of seed 1 and how
// to finish them. The error says that the report is written. Before, no
// report was written (sweep collect wrote one).
func TestReproduceDeclinedTimeoutWritesReport54(t *testing.T) {
	srv, ctx, c := startSweepQueue53(t)
	var wg sync.WaitGroup
	wctx, stop := context.WithCancel(ctx)
	defer func() { stop(); wg.Wait() }()
	w := &natsq.Worker{Conn: c, Name: "w1", Concurrency: 1, WorkDir: t.TempDir(), DeclineDelay: 10 * time.Millisecond,
		CanRun: func(j experiment.Job) error {
			if j.Seed != 0 {
				return errors.New("built without the engine (test)")
			}
			return nil
		}}
	wg.Add(1)
	go func() { defer wg.Done(); w.Run(wctx) }()
	waitUntil(t, 20*time.Second, "w1 to be live", func() bool {
		live, err := c.LiveWorkers(ctx)
		return err == nil && len(live) == 1
	})

	out := filepath.Join(t.TempDir(), "r")
	o, err := executeWithin(t, 60*time.Second, "reproduce", "fiez-duopoly", "--quick", "--seeds", "2", "--nats", srv.ClientURL(), "--declined-timeout", "1ms", "--out", out)
	var de *natsq.DeclinedError
	if !errors.As(err, &de) || len(de.IDs) != 2 {
		t.Fatalf("error %v; want a DeclinedError naming seed 1's two jobs\noutput:\n%s", err, o)
	}
	if want := "; the report of the runs that finished is written in " + filepath.Join(out, "report.md"); !strings.HasSuffix(err.Error(), want) ||
		!strings.HasPrefix(err.Error(), "fiez-duopoly: sweep fiez-duopoly: all 2 of its remaining jobs have been declined by every live worker for 1ms") {
		t.Errorf("error\n%v\nwant it to end\n%s", err, want)
	}
	if !strings.Contains(o, "wrote "+out+"\n") {
		t.Errorf("the report is not said written; output:\n%s", o)
	}
	report, rerr := os.ReadFile(filepath.Join(out, "report.md"))
	if rerr != nil {
		t.Fatalf("no report: %v\noutput:\n%s", rerr, o)
	}
	for _, want := range []string{
		"**Partial report (`reproduce --nats`)**: written from the runs on disk, covering the first 1 seed(s), whose 2 runs have all finished; 2 of the reproduction's 4 runs are not finished and are left out: ",
		"/seed1, ", "/seed1. Start a worker that can run them (stackel worker --nats " + srv.ClientURL() + ") and give the same command again (the finished runs are kept).",
	} {
		if !strings.Contains(string(report), want) {
			t.Errorf("report.md lacks %q:\n%s", want, report)
		}
	}
}

// With no worker live at all, reproduce --nats --declined-timeout 1ms
// ends on the NoWorkerError; nothing finished, so no report can be
// written, and a note before the NoWorkerError says so (the report's own
// error, naming the runs not finished and how to finish them).
func TestReproduceNoWorkerTimeout54(t *testing.T) {
	srv, _, _ := startSweepQueue53(t)
	out := filepath.Join(t.TempDir(), "r")
	o, err := executeWithin(t, 60*time.Second, "reproduce", "fiez-duopoly", "--quick", "--seeds", "1", "--nats", srv.ClientURL(), "--declined-timeout", "1ms", "--out", out)
	var nw *natsq.NoWorkerError
	if !errors.As(err, &nw) || len(nw.IDs) != 2 {
		t.Fatalf("error %v; want a NoWorkerError naming the two jobs\noutput:\n%s", err, o)
	}
	if want := "fiez-duopoly: sweep fiez-duopoly: no worker is live (none in the NATS bucket stackel_workers) and none of its 2 remaining jobs has changed state for 1ms (the declined timeout); they stay queued on the server: start a worker (stackel worker --nats " + srv.ClientURL() + ")"; !strings.Contains(err.Error(), want) {
		t.Errorf("error\n%v\nlacks\n%s", err, want)
	}
	// The report's own error is written before the wait's, as a note
	// (TestReproduceNoCompleteSeedNoteFirst54p).
	for _, want := range []string{
		"reproduce --nats: no complete seed on disk to report on in " + out + "; 2 of 2 runs are not finished (",
		"start a worker that can run them (stackel worker --nats " + srv.ClientURL() + ") and give the same command again (the finished runs are kept)",
	} {
		if !strings.Contains(o, want) {
			t.Errorf("output\n%s\nlacks\n%s", o, want)
		}
	}
}
