package natsq

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/stackel/stackel/experiment/sweep"
)

// supersededDelivery delivers job seed 1 of sweep name to worker "a" on a
// queue with a long ack wait, with hook writing the state another worker
// (or a cancellation) made final while a ran it, and returns once a has
// handled the delivery: the consumer's pending acks and the stream's
// messages then, polled for up to 10 s (a third of the ack wait) for the
// delivery's ack or termination to reach the server.
func supersededDelivery(t *testing.T, name string, final State) (pending uint64, msgs uint64, log string) {
	t.Helper()
	c := startQueueNoWorker(t, QueueOptions{AckWait: 30 * time.Second, MaxAttempts: 2})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	jobs := jobsWithSeeds(t, name, "[1]")
	id := jobs[0].ID
	var once sync.Once
	duringTransfer = func(at string) {
		if at == "outputs" {
			once.Do(func() {
				if err := c.PutState(context.Background(), name, id, final); err != nil {
					t.Error(err)
				}
			})
		}
	}
	t.Cleanup(func() { duringTransfer = nil })
	if _, _, _, err := c.Submit(ctx, sweep.Manifest{Name: name, Jobs: jobs}, sweep.Plain(jobs), nil); err != nil {
		t.Fatal(err)
	}
	cons, err := c.JS.Consumer(ctx, StreamName, ConsumerName)
	if err != nil {
		t.Fatal(err)
	}
	msg, err := cons.Next(jetstream.FetchMaxWait(5 * time.Second))
	if err != nil {
		t.Fatal(err)
	}
	lw := &lockedWriter{w: &strings.Builder{}}
	w := &Worker{Conn: c, Name: "a", Concurrency: 1, WorkDir: t.TempDir(), Log: lw}
	if _, err := w.handle(ctx, msg, cons); err != nil {
		t.Fatalf("handle: %v\n%s", err, logString(lw))
	}
	stream, err := c.JS.Stream(ctx, StreamName)
	if err != nil {
		t.Fatal(err)
	}
	waitFor(10*time.Second, func() bool {
		ci, err1 := cons.Info(ctx)
		si, err2 := stream.Info(ctx)
		if err1 != nil || err2 != nil {
			return false
		}
		pending, msgs = uint64(ci.NumAckPending), si.State.Msgs
		return pending == 0 && msgs == 0
	})
	return pending, msgs, logString(lw)
}

// A worker whose job another worker took over and recorded done (that
// worker then died before its ack) stands down and acknowledges its own
// delivery: the job's message leaves the queue. Before, it returned
// without acknowledging, and the message stayed pending until the ack
// wait, to be delivered once more.
func TestSupersededByDoneAcks(t *testing.T) {
	done := State{Status: sweep.StatusDone, Attempts: 2, Worker: "b", Completions: 1}
	pending, msgs, log := supersededDelivery(t, "supdone", done)
	if !strings.Contains(log, "superseded supdone") {
		t.Errorf("worker a did not stand down:\n%s", log)
	}
	if pending != 0 || msgs != 0 {
		t.Errorf("after a stood down: %d pending acks, %d messages on the stream; want 0, 0\n%s", pending, msgs, log)
	}
}

// Likewise for a job cancelled while it ran (a replacing sweep's
// CancelOthers leaves the message of a running job): the delivery is
// terminated, not left to the ack wait.
func TestSupersededByCancelTerminates(t *testing.T) {
	pending, msgs, log := supersededDelivery(t, "supcancel", State{Status: sweep.StatusCancelled, Attempts: 1, Worker: "a"})
	if !strings.Contains(log, "superseded supcancel") {
		t.Errorf("worker a did not stand down:\n%s", log)
	}
	if pending != 0 || msgs != 0 {
		t.Errorf("after a stood down: %d pending acks, %d messages on the stream; want 0, 0\n%s", pending, msgs, log)
	}
}

// A worker whose outputs the server refuses (larger than its messages may
// be) after another worker took its job over (attempt 2, still running)
// leaves the job to that worker: it does not hand the message back, which
// had the job delivered to a third worker while the second ran it. Before,
// it nakked the message as if the attempt were its own.
func TestOutputsRefusedAfterTakeoverLeftToOther(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{AckWait: 30 * time.Second, MaxAttempts: 3})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	jobs := jobsWithSeeds(t, "refusedtaken", "[1]")
	id := jobs[0].ID
	other := State{Status: sweep.StatusRunning, Attempts: 2, Worker: "b"}
	var once sync.Once
	duringTransfer = func(at string) {
		if at == "checkpoint" {
			once.Do(func() {
				if err := c.PutState(context.Background(), "refusedtaken", id, other); err != nil {
					t.Error(err)
				}
			})
		}
	}
	t.Cleanup(func() { duringTransfer = nil })
	if _, _, _, err := c.Submit(ctx, sweep.Manifest{Name: "refusedtaken", Jobs: jobs}, sweep.Plain(jobs), nil); err != nil {
		t.Fatal(err)
	}
	st, err := c.JS.Stream(ctx, "OBJ_"+ObjectBucket)
	if err != nil {
		t.Fatal(err)
	}
	cfg := st.CachedInfo().Config
	cfg.MaxMsgSize = 512
	if _, err := c.JS.UpdateStream(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	cons, err := c.JS.Consumer(ctx, StreamName, ConsumerName)
	if err != nil {
		t.Fatal(err)
	}
	msg, err := cons.Next(jetstream.FetchMaxWait(5 * time.Second))
	if err != nil {
		t.Fatal(err)
	}
	lw := &lockedWriter{w: &strings.Builder{}}
	w := &Worker{Conn: c, Name: "a", Concurrency: 1, WorkDir: t.TempDir(), Log: lw}
	_, herr := w.handle(ctx, msg, cons)
	log := logString(lw)
	if herr != nil || !strings.Contains(log, "superseded refusedtaken "+id+": attempt 1 failed (storing its outputs: ") {
		t.Errorf("handle: %v, want worker a to stand down\n%s", herr, log)
	}
	if s, _, err := c.GetState(ctx, "refusedtaken", id); err != nil || s.Status != other.Status || s.Worker != "b" || s.Attempts != 2 {
		t.Errorf("state %+v, %v; want b's running attempt 2", s, err)
	}
	// Not handed back: with a 30 s ack wait the message stays with b (a
	// nak had it redelivered after retryDelay, 100 ms in tests).
	if m, err := cons.Next(jetstream.FetchMaxWait(10 * retryDelay)); err == nil {
		t.Errorf("the job was delivered again while b runs it: %s", m.Subject())
	}
}
