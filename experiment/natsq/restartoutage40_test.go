package natsq

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stackel/stackel/experiment/sweep"
)

// A server that goes away as a worker stores a finished run's outputs,
// for longer than a request's time-out (JetStream's 5 s; requestTimeout,
// 1 s in these tests), and comes back:
// the worker stores them once it answers, and the job is done at its one
// attempt. Before session 40 the finished run was thrown away and its
// attempt counted: with one attempt allowed, the job ended failed ("no
// attempt finished in 1 deliveries (the last error recorded: storing
// outputs of …: context deadline exceeded …)").
func TestOutputsStoredAfterServerOutage(t *testing.T) {
	testTransferOutage(t, "outputs", "outage", "storing its outputs: storing outputs of ")
}

// A server that goes away as a worker fetches its job's checkpoint, for
// longer than a request's time-out, and comes back: the worker fetches
// once it answers and runs the job, done at its one attempt. Before, the
// fetch's failure counted the attempt, though nothing had run: with one
// attempt allowed, the job ended failed ("no attempt finished in 1
// deliveries (the last error recorded: fetching its checkpoint: …)").
func TestCheckpointFetchedAfterServerOutage(t *testing.T) {
	testTransferOutage(t, "checkpoint", "fetchout", "fetching its checkpoint: ")
}

// testTransferOutage runs one job of sweep name, with one attempt
// allowed, on a server shut down for 2.5 request time-outs
// (requestTimeout) when the worker starts the transfer what
// ("checkpoint" or "outputs", duringTransfer), and checks
// the job is done at attempt 1 and the log says the transfer (wantLog, then
// the job's ID for the outputs) is tried again.
func testTransferOutage(t *testing.T, what, name, wantLog string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	srv, c := startRestartable(ctx, t)
	if err := c.Setup(ctx, QueueOptions{AckWait: 3 * time.Second, MaxAttempts: 1}); err != nil {
		t.Fatal(err)
	}
	jobs := jobsWithSeeds(t, name, "[1]")
	if _, _, _, err := c.Submit(ctx, sweep.Manifest{Name: name, Jobs: jobs}, sweep.Plain(jobs), nil); err != nil {
		t.Fatal(err)
	}
	if what == "outputs" {
		wantLog += jobs[0].ID + ": "
	}
	restarted := make(chan error, 1)
	duringTransfer = func(w string) {
		if w != what {
			return
		}
		duringTransfer = nil // once
		srv.srv.Shutdown()
		go func() {
			time.Sleep(requestTimeout * 5 / 2)
			s, err := StartServer(ServerOptions{Listen: srv.addr, StoreDir: srv.store})
			if err == nil {
				srv.srv = s
			}
			restarted <- err
		}()
	}
	t.Cleanup(func() { duringTransfer = nil })
	log := &lockedWriter{w: &strings.Builder{}}
	startWorker(t, &Worker{Conn: c, Name: "w", Concurrency: 1, WorkDir: t.TempDir(), Log: log})
	select {
	case err := <-restarted:
		if err != nil {
			t.Fatal(err)
		}
	case <-ctx.Done():
		t.Fatalf("the worker never got to the %s:\n%s", what, logString(log))
	}
	st, err := c.Wait(ctx, name, sweep.Plain(jobs), t.TempDir(), nil, nil)
	if err != nil {
		t.Fatalf("wait: %v\n%s", err, logString(log))
	}
	if s := st[0]; s.Status != sweep.StatusDone || s.Attempts != 1 || s.Completions != 1 {
		t.Errorf("job: %+v, want done at attempt 1\n%s", s, logString(log))
	}
	if !strings.Contains(logString(log), wantLog) ||
		!strings.Contains(logString(log), "; trying again while the NATS server does not answer") {
		t.Errorf("log does not say the %s transfer is tried again (%q):\n%s", what, wantLog, logString(log))
	}
}
