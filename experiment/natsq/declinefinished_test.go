package natsq

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/experiment/sweep"
)

// A job's message still on the stream while its state is final (its
// worker, of another stackel version, killed between recording the end
// and the ack) is ended by whichever worker gets it: acknowledged when
// done, terminated when cancelled. Before session 38 a worker that cannot
// run the job (a configuration its version cannot read) handed the
// message back before looking at the state, for ever, every 2 s, on every
// such worker: the README's "the redelivered job is seen as done and
// acknowledged" held only for workers that could have run it.
func TestFinishedJobAckedByWorkerThatCannotRunIt(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{AckWait: 5 * time.Second, MaxAttempts: 3})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	jobs := smallJobs(t, "oldver")
	if _, q, _, err := c.Submit(ctx, sweep.Manifest{Name: "oldver", Jobs: jobs}, sweep.Plain(jobs), nil); err != nil || q != 2 {
		t.Fatalf("submit: %d queued, %v", q, err)
	}
	// Ended by another version's worker, which died before its acks.
	if err := c.PutState(ctx, "oldver", jobs[0].ID, State{Status: sweep.StatusDone, Attempts: 1, Worker: "old:1", Completions: 1}); err != nil {
		t.Fatal(err)
	}
	if err := c.PutState(ctx, "oldver", jobs[1].ID, State{Status: sweep.StatusCancelled, Attempts: 1, Worker: "old:1"}); err != nil {
		t.Fatal(err)
	}
	log := &lockedWriter{w: &strings.Builder{}}
	startWorker(t, &Worker{Conn: c, Name: "new", Concurrency: 1, WorkDir: t.TempDir(), Log: log,
		DeclineDelay: 50 * time.Millisecond,
		CanRun:       func(experiment.Job) error { return errors.New("cannot read the configuration (test)") }})
	stream, err := c.JS.Stream(ctx, StreamName)
	if err != nil {
		t.Fatal(err)
	}
	left := func() uint64 {
		info, err := stream.Info(ctx)
		if err != nil {
			return 99
		}
		return info.State.Msgs
	}
	if !waitFor(15*time.Second, func() bool { return left() == 0 }) {
		t.Fatalf("%d messages of finished jobs left on the stream; worker log:\n%s", left(), logString(log))
	}
	got := logString(log)
	for _, want := range []string{"acknowledged oldver " + jobs[0].ID + ": done before this delivery (by old:1)", "cancelled oldver " + jobs[1].ID} {
		if !strings.Contains(got, want) {
			t.Errorf("worker log lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "left oldver") {
		t.Errorf("worker handed back a finished job:\n%s", got)
	}
	st := states(t, c, "oldver", jobs)
	if st[0].Status != sweep.StatusDone || st[1].Status != sweep.StatusCancelled || st[0].Waiting != "" {
		t.Errorf("states %+v, want done and cancelled as recorded", st)
	}
}
