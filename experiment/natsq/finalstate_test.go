package natsq

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/stackel/stackel/experiment/sweep"
)

// redeliveredFinalFailure: job seed 1 of sweep name recorded failed by
// its final attempt (2 of 2, a completion), its message still on the
// stream (that worker's ack lost: a server restart between its record and
// its ack); the queue then allows maxAttempts. A worker gets the
// redelivery; the job's state once the worker has handled it is returned.
func redeliveredFinalFailure(t *testing.T, name string, maxAttempts int) (State, string) {
	c := startQueueNoWorker(t, QueueOptions{AckWait: time.Second, MaxAttempts: 2})
	ctx := context.Background()
	jobs := jobsWithSeeds(t, name, "[1]")
	id := jobs[0].ID
	if _, _, _, err := c.Submit(ctx, sweep.Manifest{Name: name, Jobs: jobs}, sweep.Plain(jobs), nil); err != nil {
		t.Fatal(err)
	}
	failed := State{Status: sweep.StatusFailed, Attempts: 2, Worker: "b", Completions: 1, Error: "b's own failure"}
	if err := c.PutState(ctx, name, id, failed); err != nil {
		t.Fatal(err)
	}
	if err := c.Setup(ctx, QueueOptions{AckWait: time.Second, MaxAttempts: maxAttempts}); err != nil {
		t.Fatal(err)
	}
	log := &lockedWriter{w: &strings.Builder{}}
	startWorker(t, &Worker{Conn: c, Name: "a", Concurrency: 1, WorkDir: t.TempDir(), Log: log})
	if !waitFor(30*time.Second, func() bool {
		l := logString(log)
		return strings.Contains(l, "completed "+name) || strings.Contains(l, "failed "+name) || strings.Contains(l, "ended "+name)
	}) {
		t.Fatalf("no end logged:\n%s", logString(log))
	}
	st, _, err := c.GetState(ctx, name, id)
	if err != nil {
		t.Fatal(err)
	}
	return st, logString(log)
}

// TestRedeliveredFinalFailureKeepsError: a job failed by its final
// attempt whose message comes round again (that worker's ack lost) keeps
// its failure; its error was rewritten as "no attempt finished", though
// one did.
func TestRedeliveredFinalFailureKeepsError(t *testing.T) {
	st, log := redeliveredFinalFailure(t, "refail", 2)
	if st.Status != sweep.StatusFailed || st.Error != "b's own failure" || st.Worker != "b" {
		t.Errorf("state %+v, want b's final failure kept\n%s", st, log)
	}
}

// TestRedeliveredFinalFailureNotRerun: the same with the attempt bound
// raised since (another sweep's setting): the failure stands; the job was
// run again and recorded done over it.
func TestRedeliveredFinalFailureNotRerun(t *testing.T) {
	st, log := redeliveredFinalFailure(t, "rerun", 3)
	if st.Status != sweep.StatusFailed || st.Worker != "b" {
		t.Errorf("state %+v, want b's final failure kept\n%s", st, log)
	}
}

// raceKV is the queue's KV with one write slipped in: before the first
// write of a running state for job id, another worker's done record of
// it lands (worker b, which took the job over, finishing between this
// worker's look at the state and its start record).
type raceKV struct {
	jetstream.KeyValue
	key   string
	match string // the status whose first write the done record precedes
	done  []byte
	once  sync.Once
}

func (k *raceKV) Put(ctx context.Context, key string, value []byte) (uint64, error) {
	k.slipIn(ctx, key, value)
	return k.KeyValue.Put(ctx, key, value)
}

func (k *raceKV) Update(ctx context.Context, key string, value []byte, last uint64) (uint64, error) {
	k.slipIn(ctx, key, value)
	return k.KeyValue.Update(ctx, key, value, last)
}

// slipIn writes the done record once, before the first write of job
// key's state with status match.
func (k *raceKV) slipIn(ctx context.Context, key string, value []byte) {
	if key == k.key && bytes.Contains(value, []byte(`"`+k.match+`"`)) {
		k.once.Do(func() { k.KeyValue.Put(ctx, key, k.done) })
	}
}

// TestStartDoesNotOverwriteDone: a done record landing between the
// worker's look at the state and its start record stands; the start
// record was an unconditional write, so the job ran again and was
// recorded done a second time (Completions 2).
func TestStartDoesNotOverwriteDone(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{AckWait: time.Second, MaxAttempts: 2})
	ctx := context.Background()
	name := "startrace"
	jobs := jobsWithSeeds(t, name, "[1]")
	id := jobs[0].ID
	if _, _, _, err := c.Submit(ctx, sweep.Manifest{Name: name, Jobs: jobs}, sweep.Plain(jobs), nil); err != nil {
		t.Fatal(err)
	}
	done, _ := json.Marshal(State{Status: sweep.StatusDone, Attempts: 1, Worker: "b", Completions: 1, WallSeconds: 7})
	wc := *c
	wc.KV = &raceKV{KeyValue: c.KV, key: stateKey(name, id), match: sweep.StatusRunning, done: done}
	log := &lockedWriter{w: &strings.Builder{}}
	startWorker(t, &Worker{Conn: &wc, Name: "a", Concurrency: 1, WorkDir: t.TempDir(), Log: log})
	if !waitFor(30*time.Second, func() bool {
		l := logString(log)
		return strings.Contains(l, "completed "+name) || strings.Contains(l, "superseded "+name) || strings.Contains(l, "acknowledged "+name)
	}) {
		t.Fatalf("no end logged:\n%s", logString(log))
	}
	st, _, err := c.GetState(ctx, name, id)
	if err != nil {
		t.Fatal(err)
	}
	if st.Worker != "b" || st.Completions != 1 {
		t.Errorf("state %+v, want b's done record (1 completion)\n%s", st, logString(log))
	}
}

// TestEndKeepsTakeoverAttempts: b takes the job over (attempt 2) after
// a's look at the state, before a's record: a's done record keeps the 2
// attempts (it wrote the 1 it had read).
func TestEndKeepsTakeoverAttempts(t *testing.T) {
	st, log := runHooked(t, "lateatt", "outputs", "completed", 3, func(c *Conn, id string) {
		if err := c.PutState(context.Background(), "lateatt", id, State{Status: sweep.StatusRunning, Attempts: 2, Worker: "b"}); err != nil {
			t.Error(err)
		}
	})
	if st.Attempts != 2 {
		t.Errorf("state %+v: attempts %d, want 2 (b's takeover counted)\n%s", st, st.Attempts, log)
	}
}

// TestCancelDoesNotOverwriteDone: a worker's done record landing between
// a cancellation's look at a running job's state and its write stands,
// and the job is not counted as cancelled; the cancellation wrote over it
// unconditionally.
func TestCancelDoesNotOverwriteDone(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{AckWait: time.Second, MaxAttempts: 2})
	ctx := context.Background()
	name := "cancelrace"
	jobs := jobsWithSeeds(t, name, "[1]")
	id := jobs[0].ID
	if _, _, _, err := c.Submit(ctx, sweep.Manifest{Name: name, Jobs: jobs}, sweep.Plain(jobs), nil); err != nil {
		t.Fatal(err)
	}
	if err := c.PutState(ctx, name, id, State{Status: sweep.StatusRunning, Attempts: 1, Worker: "b"}); err != nil {
		t.Fatal(err)
	}
	done, _ := json.Marshal(State{Status: sweep.StatusDone, Attempts: 1, Worker: "b", Completions: 1, WallSeconds: 7})
	wc := *c
	wc.KV = &raceKV{KeyValue: c.KV, key: stateKey(name, id), match: sweep.StatusCancelled, done: done}
	n, err := wc.Cancel(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	st, _, err := c.GetState(ctx, name, id)
	if err != nil {
		t.Fatal(err)
	}
	if n != 0 || st.Status != sweep.StatusDone || st.Worker != "b" || st.Completions != 1 {
		t.Errorf("cancelled %d jobs, state %+v; want 0 and b's done record", n, st)
	}
}
