package natsq

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stackel/stackel/experiment"
)

// putPresence puts the presence of a worker instance id named name in
// WorkersBucket, as a worker that has just started does before it is
// delivered any job, and returns a func that removes it.
func putPresence(t *testing.T, c *Conn, id, name string) (remove func()) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	kv, err := c.workersKV(ctx, true)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(Presence{ID: id, Name: name, Started: time.Now().UTC()})
	if _, err := kv.Put(ctx, id, b); err != nil {
		t.Fatal(err)
	}
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := kv.Delete(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
}

// TestDeclinedTimeoutSeesJoinedWorker53r5: a job declined by the one live
// worker (w1) starts a declined timeout of 1s, shorter than the wait's
// listing of the live workers lasts (presenceEvery); a worker ("joined")
// then starts, and has not been delivered the job. At 1s the wait lists
// the live workers afresh and waits on: the joined worker may run the
// job. Before, it ended with the DeclinedError on its listing from before
// the worker joined. Once that worker is gone, the timeout starts again
// and ends the wait with the DeclinedError naming w1 alone.
func TestDeclinedTimeoutSeesJoinedWorker53r5(t *testing.T) {
	const name = "dtojoined53r5"
	clock, c, log, done, j := declinedWait53r5(t, name, time.Second)
	started := declinedStartedLine(name, time.Second)
	remove := putPresence(t, c, "joined53r5", "joined")
	clock.move(time.Second)
	from := clock.polls.Load()
	waitFor(20*time.Second, func() bool { return clock.polls.Load() >= from+8 || len(done) > 0 })
	select {
	case err := <-done:
		t.Fatalf("the wait ended (%v) with a live worker that has not looked at the job; log:\n%s", err, logString(log))
	default:
	}

	remove()
	clock.move(presenceEvery) // the wait's listing is old: listed again
	if !waitFor(20*time.Second, func() bool { return strings.Count(logString(log), started) == 2 || len(done) > 0 }) || len(done) > 0 {
		t.Fatalf("the declined timeout did not start again once the joined worker left; log:\n%s", logString(log))
	}
	clock.move(time.Second)
	var err error
	select {
	case err = <-done:
	case <-time.After(20 * time.Second):
		t.Fatalf("the wait did not end at its declined timeout; log:\n%s", logString(log))
	}
	want := "sweep dtojoined53r5: its remaining job has been declined by every live worker for 1s (the declined timeout): job " + j.ID +
		" declined by every live worker (1: w1): built without the engine (test); it stays queued on the server: start a worker that can run it (" + workerCommand55(c) + "), then give the same command again to wait for it (finished jobs are kept)"
	if err == nil || err.Error() != want {
		t.Fatalf("the wait's error\n%v\nwant\n%s", err, want)
	}
}

// TestDeclinedTimeoutCancelled53r5: a sweep cancelled (its cancel mark
// put, as stackel sweep cancel puts it before it purges the jobs and
// records them cancelled) at the poll at which its declined timeout runs
// out ends "sweep NAME was cancelled", not with the DeclinedError saying
// that the jobs stay queued and the same command waits for them. The
// clock's read at that poll puts the mark, so that no poll comes between.
func TestDeclinedTimeoutCancelled53r5(t *testing.T) {
	const name = "dtocancel53r5"
	clock, c, log, done, _ := declinedWait53r5(t, name, 10*time.Minute)
	var armed atomic.Bool
	armed.Store(true)
	cancelAtRead := func() {
		if armed.CompareAndSwap(true, false) {
			if _, err := c.KV.Put(context.Background(), cancelKey(name), []byte(time.Now().UTC().Format(time.RFC3339))); err != nil {
				t.Error(err)
			}
			clock.move(10 * time.Minute)
		}
	}
	clock.onRead.Store(&cancelAtRead)
	var err error
	select {
	case err = <-done:
	case <-time.After(20 * time.Second):
		t.Fatalf("the wait did not end; log:\n%s", logString(log))
	}
	var de *DeclinedError
	if want := "sweep dtocancel53r5 was cancelled"; err == nil || err.Error() != want || errors.As(err, &de) {
		t.Fatalf("the wait's error\n%v\nwant\n%s", err, want)
	}
}

// TestDeclinedTimeoutAfterServerRestart53r5: a job declined by w1 while
// a second worker (w2) is live does not start the declined timeout (1s).
// The server restarts, losing the live workers' presence (memory
// storage); w1 puts its presence again first. The wait, which lists the
// live workers then, does not start its timeout for PresenceTTL after
// the server answers again (w2 puts its presence again within
// presenceEvery of reaching the server), and waits on; before, it ended
// with the DeclinedError 1s later, naming w1 alone. Once PresenceTTL has
// gone by without w2, the timeout starts and ends the wait.
func TestDeclinedTimeoutAfterServerRestart53r5(t *testing.T) {
	presenceEvery = 200 * time.Millisecond
	defer func() { presenceEvery = PresenceTTL / 3 }()
	// No deadline, as the CLI's: requests meet the outage after
	// requestTimeout (startRestartable).
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	r, c := startRestartable(ctx, t)
	if err := c.Setup(ctx, QueueOptions{AckWait: 5 * time.Second, MaxAttempts: 1}); err != nil {
		t.Fatal(err)
	}
	clock := stopClock(t)
	j := tinyRLJob(t, 400)
	const name = "dtorestart53r5"
	log := &lockedWriter{w: &strings.Builder{}}
	putPresence(t, c, "w2instance", "w2")
	exec := Executor{Conn: c, Name: name, Log: log, DeclinedTimeout: time.Second}
	done := make(chan error, 1)
	go func() { done <- exec.Execute(ctx, t.TempDir(), []experiment.Job{j}, nil) }()
	runWorker(t, &Worker{Conn: c, Name: "w1", Concurrency: 1, WorkDir: t.TempDir(), DeclineDelay: time.Hour, CanRun: lackingFor(j.ID)})
	// Logged at the poll that listed the live workers (w1, w2) first.
	if !waitFor(20*time.Second, func() bool {
		return strings.Contains(logString(log), "waits for another worker: worker w1 cannot run it")
	}) {
		t.Fatalf("w1 did not hand the job back; log:\n%s", logString(log))
	}
	started := declinedStartedLine(name, time.Second)

	r.stopAndWait(t, "the wait", log, done)
	c2 := r.restart(ctx, t)
	if !waitFor(20*time.Second, func() bool { return strings.Contains(logString(log), "the NATS server answers again") }) {
		t.Fatalf("the wait did not see the server again; log:\n%s", logString(log))
	}
	if !waitFor(20*time.Second, func() bool {
		live, err := c2.LiveWorkers(ctx)
		return err == nil && len(live) == 1 && live[0].Name == "w1"
	}) {
		t.Fatalf("w1 alone is not live after the restart")
	}
	clock.move(presenceEvery) // the wait lists the live workers again: w1
	from := clock.polls.Load()
	waitFor(20*time.Second, func() bool { return clock.polls.Load() >= from+6 || len(done) > 0 })
	clock.move(time.Second)
	from = clock.polls.Load()
	waitFor(20*time.Second, func() bool { return clock.polls.Load() >= from+6 || len(done) > 0 })
	select {
	case err := <-done:
		t.Fatalf("the wait ended (%v) before w2 could put its presence again after the restart; log:\n%s", err, logString(log))
	default:
	}
	if hasLine(log, started) {
		t.Fatalf("the declined timeout started before w2 could put its presence again; log:\n%s", logString(log))
	}

	clock.move(PresenceTTL)
	if !waitFor(20*time.Second, func() bool { return hasLine(log, started) || len(done) > 0 }) || len(done) > 0 {
		t.Fatalf("the declined timeout did not start PresenceTTL after the restart; log:\n%s", logString(log))
	}
	clock.move(time.Second)
	var err error
	select {
	case err = <-done:
	case <-time.After(20 * time.Second):
		t.Fatalf("the wait did not end at its declined timeout; log:\n%s", logString(log))
	}
	var de *DeclinedError
	if !errors.As(err, &de) || !strings.Contains(err.Error(), "declined by every live worker (1: w1): built without the engine (test)") {
		t.Fatalf("the wait's error %v; want the DeclinedError naming w1", err)
	}
}

// declinedWait53r5 stops the clock, starts a queue, a sweep name's wait
// for one RL job with the given declined timeout, and a worker w1 that
// hands the job back, and returns once the wait's log says the timeout
// started (the test fails if the wait ended instead); done receives the
// wait's error.
func declinedWait53r5(t *testing.T, name string, timeout time.Duration) (*stoppedClock, *Conn, *lockedWriter, chan error, experiment.Job) {
	t.Helper()
	clock := stopClock(t)
	c := startQueueNoWorker(t, QueueOptions{AckWait: 5 * time.Second, MaxAttempts: 1})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	j := tinyRLJob(t, 400)
	log := &lockedWriter{w: &strings.Builder{}}
	exec := Executor{Conn: c, Name: name, Log: log, DeclinedTimeout: timeout}
	done := make(chan error, 1)
	go func() { done <- exec.Execute(ctx, t.TempDir(), []experiment.Job{j}, nil) }()
	runWorker(t, &Worker{Conn: c, Name: "w1", Concurrency: 1, WorkDir: t.TempDir(), DeclineDelay: time.Hour, CanRun: lackingFor(j.ID)})
	started := declinedStartedLine(name, timeout)
	if !waitFor(20*time.Second, func() bool { return hasLine(log, started) || len(done) > 0 }) || len(done) > 0 {
		t.Fatalf("no line saying the declined timeout started; log:\n%s", logString(log))
	}
	return clock, c, log, done, j
}

// declinedStartedLine is the line a sweep name's wait logs when its
// declined timeout starts.
func declinedStartedLine(name string, timeout time.Duration) string {
	return fmt.Sprintf("%s: every remaining job is declined by every live worker: the wait ends in %s unless a worker that can run one joins (declined timeout)", name, timeout)
}
