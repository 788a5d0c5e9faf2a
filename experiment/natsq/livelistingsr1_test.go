package natsq

import (
	"context"
	"encoding/json"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stackel/stackel/experiment"
)

// TestWaitListsLiveWorkersEveryPresenceEvery53: a sweep's wait on a job
// that every live worker has handed back lists WorkersBucket once per
// presenceEvery of its clock, not at each poll of the job's state: with
// the clock stopped, twenty polls after the first listing list nothing
// more, and a second declining worker (w2) is not seen (the line names w1
// alone) until the clock has moved on presenceEvery, when one more listing
// names both. Before, the wait listed the bucket (and read each worker's
// entry) at every poll, three times a second for as long as the job
// waited.
func TestWaitListsLiveWorkersEveryPresenceEvery53(t *testing.T) {
	var polls atomic.Int64
	var now atomic.Int64 // the stopped clock, in seconds
	now.Store(time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC).Unix())
	liveClock = func() time.Time { polls.Add(1); return time.Unix(now.Load(), 0) }
	defer func() { liveClock = time.Now }()
	liveListings.Store(0)

	c := startQueueNoWorker(t, QueueOptions{AckWait: 5 * time.Second, MaxAttempts: 1})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	j := tinyRLJob(t, 400)
	var m map[string]any
	if err := json.Unmarshal(jobSettings(j), &m); err != nil {
		t.Fatal(err)
	}
	m["ActorLR"] = 0.5
	other, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	otherBuild := func(experiment.Job) json.RawMessage { return other }

	const name = "live53"
	log := &lockedWriter{w: &strings.Builder{}}
	exec := Executor{Conn: c, Name: name, Log: log}
	wctx, stopWait := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- exec.Execute(wctx, t.TempDir(), []experiment.Job{j}, nil) }()
	defer func() { stopWait(); <-done }()
	if !waitFor(20*time.Second, func() bool { return hasLine(log, name+": 1 job: 1 queued") }) {
		t.Fatalf("no first summary; log:\n%s", logString(log))
	}
	worker := func(n string) {
		runWorker(t, &Worker{Conn: c, Name: n, Concurrency: 1, WorkDir: t.TempDir(), DeclineDelay: 50 * time.Millisecond, settings: otherBuild})
	}
	why := "its submitter's stackel gives it other effective settings than this build (ActorLR 0.5 here, 0.001 at the submitter): a run here would not be the submitter's (another stackel version)"
	line := func(names string) string {
		return name + ": job " + j.ID + " declined by every live worker (" + names + "): " + why +
			"; the sweep waits for a worker that can run it to join (" + workerCommand55(c) + ")"
	}

	worker("w1")
	if !waitFor(20*time.Second, func() bool { return hasLine(log, line("1: w1")) }) {
		t.Fatalf("no line saying w1 declined the job; log:\n%s", logString(log))
	}
	from := polls.Load()
	if !waitFor(20*time.Second, func() bool { return polls.Load() >= from+20 }) {
		t.Fatalf("the wait polled %d times after its line, want 20", polls.Load()-from)
	}
	if n := liveListings.Load(); n != 1 {
		t.Errorf("%d listings of the live workers in %d polls with the clock stopped; want 1", n, polls.Load())
	}

	worker("w2")
	if !waitFor(20*time.Second, func() bool {
		states, err := c.States(ctx, name, []experiment.Job{j})
		return err == nil && len(states[0].Declines) == 2
	}) {
		t.Fatalf("w2 did not hand the job back; log:\n%s", logString(log))
	}
	from = polls.Load()
	if !waitFor(20*time.Second, func() bool { return polls.Load() >= from+5 }) {
		t.Fatal("the wait stopped polling")
	}
	if hasLine(log, line("2: w1, w2")) || liveListings.Load() != 1 {
		t.Errorf("w2 seen (%d listings) before the clock moved on; log:\n%s", liveListings.Load(), logString(log))
	}
	now.Add(int64(presenceEvery / time.Second))
	if !waitFor(20*time.Second, func() bool { return hasLine(log, line("2: w1, w2")) }) {
		t.Fatalf("no line naming w1 and w2 after the clock moved on %s; log:\n%s", presenceEvery, logString(log))
	}
	if n := liveListings.Load(); n != 2 {
		t.Errorf("%d listings of the live workers; want 2", n)
	}
}
