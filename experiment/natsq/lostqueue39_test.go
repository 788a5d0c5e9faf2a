package natsq

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stackel/stackel/experiment/sweep"
)

// A work queue deleted on the server under running workers (its stream
// removed, or `stackel server` restarted on another store) is said once,
// as gone, and the worker waits for a sweep to create it again, then
// serves it. Before session 39 each slot logged "fetch: nats: no
// responders available for request" every second for as long as the queue
// was missing.
func TestLostWorkQueueSaidOnce(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{AckWait: 5 * time.Second, MaxAttempts: 2})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	log := &lockedWriter{w: &strings.Builder{}}
	startWorker(t, &Worker{Conn: c, Name: "w", Concurrency: 3, WorkDir: t.TempDir(), Log: log})
	waitLog(ctx, t, log, "worker w: 3 slots")
	if err := c.JS.DeleteStream(ctx, StreamName); err != nil {
		t.Fatal(err)
	}
	gone := "worker w: the work queue (consumer workers on stream STACKEL_JOBS) is gone from the server; waiting for a sweep to create it again"
	waitLog(ctx, t, log, gone)
	// Each slot tries again every retryEvery: six of them are eighteen
	// failed fetches.
	time.Sleep(6 * retryEvery)
	if err := c.Setup(ctx, QueueOptions{}); err != nil {
		t.Fatal(err)
	}
	jobs := jobsWithSeeds(t, "lostq", "[1]")
	if _, _, _, err := c.Submit(ctx, sweep.Manifest{Name: "lostq", Jobs: jobs}, sweep.Plain(jobs), nil); err != nil {
		t.Fatal(err)
	}
	st, err := c.Wait(ctx, "lostq", sweep.Plain(jobs), t.TempDir(), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	out := logString(log)
	if st[0].Status != sweep.StatusDone {
		t.Errorf("job: %+v\n%s", st[0], out)
	}
	if n := strings.Count(out, gone); n != 1 {
		t.Errorf("the lost queue said %d times, want once:\n%s", n, out)
	}
	if n := strings.Count(out, "no responders"); n != 0 {
		t.Errorf("\"no responders\" said %d times, want none:\n%s", n, out)
	}
}
