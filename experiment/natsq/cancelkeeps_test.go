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

// cancelAfterStartKV is the queue's KV with the job's cancellation (a
// replacing sweep's CancelOthers: its state alone, no cancel mark)
// landing right after the worker records that it runs the job.
type cancelAfterStartKV struct {
	jetstream.KeyValue
	key  string
	once sync.Once
}

func (k *cancelAfterStartKV) Update(ctx context.Context, key string, value []byte, last uint64) (uint64, error) {
	rev, err := k.KeyValue.Update(ctx, key, value, last)
	if err == nil && key == k.key && bytes.Contains(value, []byte(`"`+sweep.StatusRunning+`"`)) {
		k.once.Do(func() {
			b, _ := json.Marshal(State{Status: sweep.StatusCancelled, Attempts: 1, Worker: "a"})
			k.KeyValue.Put(ctx, key, b)
		})
	}
	return rev, err
}

// TestCancelledRunningJobKeepsOutputs: a job whose state is cancelled
// while a worker runs it (CancelOthers leaves it to finish, "its outputs
// are kept") keeps its cancellation and has its finished outputs stored,
// so that a sweep submitted again with it finds it done. The worker
// dropped the outputs of the run it finished.
func TestCancelledRunningJobKeepsOutputs(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{AckWait: 5 * time.Second, MaxAttempts: 2})
	ctx := context.Background()
	name := "keepout"
	jobs := jobsWithSeeds(t, name, "[1]")
	id := jobs[0].ID
	if _, _, _, err := c.Submit(ctx, sweep.Manifest{Name: name, Jobs: jobs}, sweep.Plain(jobs), nil); err != nil {
		t.Fatal(err)
	}
	wc := *c
	wc.KV = &cancelAfterStartKV{KeyValue: c.KV, key: stateKey(name, id)}
	log := &lockedWriter{w: &strings.Builder{}}
	startWorker(t, &Worker{Conn: &wc, Name: "a", Concurrency: 1, WorkDir: t.TempDir(), Log: log})
	if !waitFor(30*time.Second, func() bool { return strings.Contains(logString(log), "superseded "+name) }) {
		t.Fatalf("no end logged:\n%s", logString(log))
	}
	if st, _, err := c.GetState(ctx, name, id); err != nil || st.Status != sweep.StatusCancelled {
		t.Errorf("state %+v (%v), want the cancellation kept", st, err)
	}
	if _, err := c.Obj.GetInfo(ctx, outputsObject(id)); err != nil {
		t.Errorf("outputs of the finished run: %v\n%s", err, logString(log))
	}
	if a, ok := c.storedAttempt(ctx, id); !ok || a.Worker != "a" {
		t.Errorf("stored record %+v, %v: want done by a", a, ok)
	}
	// Submitted again, the job is done without a run.
	if _, q, d, err := c.Submit(ctx, sweep.Manifest{Name: name, Jobs: jobs}, sweep.Plain(jobs), nil); err != nil || q != 0 || d != 1 {
		t.Errorf("resubmission: %d queued, %d done, %v; want 0, 1", q, d, err)
	}
}
