package natsq

import (
	"context"
	"strings"
	"sync/atomic"
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

// TestWaitLiveWorkersUnreadable53: a sweep's wait whose live workers
// cannot be listed (the stream behind stackel_workers takes other
// subjects) while one of its jobs has been handed back tries the listing
// once per presenceEvery, as a listing that works: with the clock
// stopped, one listing in twenty polls, and no line saying the job is
// declined by every live worker. Before, a failed listing was tried again
// at every poll.
func TestWaitLiveWorkersUnreadable53(t *testing.T) {
	var polls atomic.Int64
	stopped := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	liveClock = func() time.Time { polls.Add(1); return stopped }
	defer func() { liveClock = time.Now }()
	liveListings.Store(0)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c := startQueueNoWorker(t, QueueOptions{})
	const name = "unreadwait53"
	all := smallJobs(t, name)
	jobs := sweep.Plain(all)
	if _, _, _, err := c.Submit(ctx, sweep.Manifest{Name: name, Jobs: all}, jobs, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := c.JS.CreateStream(ctx, jetstream.StreamConfig{Name: "KV_" + WorkersBucket, Subjects: []string{"elsewhere.>"}, Storage: jetstream.MemoryStorage}); err != nil {
		t.Fatal(err)
	}
	if err := c.noteDecline(ctx, name, jobs[0].ID, Decline{ID: "I1", Worker: "w1", Why: "no MuJoCo", At: stopped}); err != nil {
		t.Fatal(err)
	}
	log := &lockedWriter{w: &strings.Builder{}}
	wctx, stopWait := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { _, err := c.Wait(wctx, name, jobs, t.TempDir(), log, nil); done <- err }()
	if !waitFor(20*time.Second, func() bool { return polls.Load() >= 20 }) {
		t.Fatalf("the wait polled %d times, want 20; log:\n%s", polls.Load(), logString(log))
	}
	stopWait()
	<-done
	if n := liveListings.Load(); n != 1 {
		t.Errorf("%d listings of the live workers in %d polls with the clock stopped; want 1", n, polls.Load())
	}
	if strings.Contains(logString(log), "declined by every live worker") {
		t.Errorf("a job said declined by every live worker; log:\n%s", logString(log))
	}
}
