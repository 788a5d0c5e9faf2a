package natsq

import (
	"context"
	"io"
	"sync"
	"testing"
	"time"

	"github.com/stackel/stackel/experiment/sweep"
)

// waitResult is what Conn.Wait returned.
type waitResult struct {
	states []State
	err    error
}

// cancelMarkHeld starts a cancellation of sweep name that writes the
// cancel mark under the name's lock and holds the lock until a submitter
// waits for it (nameLockWaits) or has returned (its result, read from
// waited, is put back), then ends the locked section with finish. It
// returns once the mark is written, with the channel that receives the
// locked section's error, and starts Wait on jobs, whose result arrives on
// waited.
func cancelMarkHeld(t *testing.T, ctx context.Context, c *Conn, name string, jobs []sweep.Job, finish func(context.Context) error) (locked <-chan error, waited chan waitResult) {
	t.Helper()
	waiterWaits := make(chan struct{})
	var once sync.Once
	nameLockWaits = func(string) { once.Do(func() { close(waiterWaits) }) }
	t.Cleanup(func() { nameLockWaits = nil })

	waited = make(chan waitResult, 1)
	marked := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- c.withNameLock(ctx, name, io.Discard, func(ctx context.Context) error {
			if _, err := c.KV.Put(ctx, cancelKey(name), []byte("now")); err != nil {
				return err
			}
			close(marked)
			select {
			case <-waiterWaits:
			case r := <-waited:
				waited <- r
			case <-ctx.Done():
			}
			return finish(ctx)
		})
	}()
	select {
	case <-marked:
	case err := <-done:
		t.Fatalf("the cancellation ended before marking the sweep: %v", err)
	}
	dir := t.TempDir()
	go func() {
		st, err := c.Wait(ctx, name, sweep.Plain(jobs), dir, nil, nil)
		waited <- waitResult{st, err}
	}()
	return done, waited
}

// A sweep cancelled while its submitter waits: the cancellation marks the
// sweep first and records its jobs cancelled after. The submitter that sees
// the mark in between waits for the cancellation to end and returns the
// states the server then holds (cancelled), not the queued ones it read
// before: stackel sweep wrote those into sweep.json and report.md ("Jobs: 4
// queued") while `sweep status` said "4 cancelled".
func TestCancelledSweepWaitReturnsCancelledStates(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{AckWait: 5 * time.Second, MaxAttempts: 2})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	const name = "stopped"
	jobs := smallJobs(t, name)
	if _, q, _, err := c.Submit(ctx, sweep.Manifest{Name: name, Jobs: jobs}, sweep.Plain(jobs), nil); err != nil || q != 2 {
		t.Fatalf("submit: %d queued, %v", q, err)
	}
	cancelled, waited := cancelMarkHeld(t, ctx, c, name, jobs, func(ctx context.Context) error {
		_, err := c.cancelLocked(ctx, name)
		return err
	})
	if err := <-cancelled; err != nil {
		t.Fatalf("cancel: %v", err)
	}
	r := <-waited
	if r.err == nil || r.err.Error() != "sweep stopped was cancelled" {
		t.Fatalf("Wait: %v, want \"sweep stopped was cancelled\"", r.err)
	}
	server := states(t, c, name, jobs)
	if len(r.states) != 2 {
		t.Fatalf("Wait returned %d states, want 2", len(r.states))
	}
	for i, s := range r.states {
		if s.Status != sweep.StatusCancelled || server[i].Status != sweep.StatusCancelled {
			t.Errorf("job %s: Wait says %q, the server %q; want both %q", jobs[i].ID, s.Status, server[i].Status, sweep.StatusCancelled)
		}
	}
}

// A submitter that saw its sweep marked cancelled, and waited for the
// name's lock, finds the sweep submitted again meanwhile (the mark gone):
// it goes on waiting for the jobs, and returns once a later cancellation
// has recorded them cancelled.
func TestCancelledSweepWaitContinuesAfterResubmission(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{AckWait: 5 * time.Second, MaxAttempts: 2})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	const name = "again"
	jobs := smallJobs(t, name)
	if _, q, _, err := c.Submit(ctx, sweep.Manifest{Name: name, Jobs: jobs}, sweep.Plain(jobs), nil); err != nil || q != 2 {
		t.Fatalf("submit: %d queued, %v", q, err)
	}
	// A cancellation's mark, then (as a resubmission does, holding the
	// lock) the mark deleted, the jobs left queued.
	resubmitted, waited := cancelMarkHeld(t, ctx, c, name, jobs, func(ctx context.Context) error {
		return c.KV.Delete(ctx, cancelKey(name))
	})
	if err := <-resubmitted; err != nil {
		t.Fatal(err)
	}
	if n, err := c.Cancel(ctx, name); err != nil || n != 2 {
		t.Fatalf("cancel: %d stopped, %v", n, err)
	}
	r := <-waited
	if r.err == nil || r.err.Error() != "sweep again was cancelled" {
		t.Fatalf("Wait: %v, want \"sweep again was cancelled\"", r.err)
	}
	for i, s := range r.states {
		if s.Status != sweep.StatusCancelled {
			t.Errorf("job %s: Wait says %q, want %q (the later cancellation's)", jobs[i].ID, s.Status, sweep.StatusCancelled)
		}
	}
}
