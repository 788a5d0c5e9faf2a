package natsq

import (
	"context"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/stackel/stackel/experiment/sweep"
)

// TestStatusStatesLiveWorkersUnreadable53: a sweep's status is reported
// when the live workers cannot be listed (here the stream behind
// stackel_workers takes other subjects, so its listing's consumer is
// refused; in use, credentials that may not read the bucket): the
// handed-back job is queued, its decline kept, and it is not said declined
// by every live worker. Before, StatusStates (and stackel sweep status)
// failed with the listing's error, where Wait goes on without it.
func TestStatusStatesLiveWorkersUnreadable53(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c := startQueueNoWorker(t, QueueOptions{})
	const name = "unread53"
	all := smallJobs(t, name)
	jobs := sweep.Plain(all)
	if _, _, _, err := c.Submit(ctx, sweep.Manifest{Name: name, Jobs: all}, jobs, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := c.JS.CreateStream(ctx, jetstream.StreamConfig{Name: "KV_" + WorkersBucket, Subjects: []string{"elsewhere.>"}, Storage: jetstream.MemoryStorage}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.LiveWorkers(ctx); err == nil {
		t.Fatal("the live workers listed; the test needs a listing that fails")
	}
	d := Decline{ID: "I1", Worker: "w1", Why: "no MuJoCo", At: time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)}
	if err := c.noteDecline(ctx, name, jobs[0].ID, d); err != nil {
		t.Fatal(err)
	}
	states, err := c.StatusStates(ctx, name, jobs)
	if err != nil {
		t.Fatalf("StatusStates: %v", err)
	}
	if len(states) != len(jobs) || states[0].Status != sweep.StatusQueued || len(states[0].Declines) != 1 || states[0].Declines[0] != d || states[0].DeclinedByAll != nil {
		t.Errorf("states %+v; want job 0 queued with its one decline %+v, not declined by all", states, d)
	}
	if got, want := Summarise(states), "2 jobs: 2 queued"; got != want {
		t.Errorf("Summarise %q, want %q", got, want)
	}
}
