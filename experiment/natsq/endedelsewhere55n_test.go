package natsq

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/stackel/stackel/experiment/sweep"
)

// longSpec is one job of 10^8 SGA iterations (a metrics row every 10^7):
// a run far longer than any test waits, which only a stop ends in time.
const longSpec = `name: %s
config:
  name: sga
  game: {sense: cost, dims: [1, 1], f1: "x[0]*x[0]", f2: "y[0]*y[0]"}
  dynamics: {kind: sga, leader_lr: {constant: 0.1}, follower_lr: {constant: 0.1}}
  iterations: 100000000
  record_every: 10000000
  init: {x: [1], y: [1]}
seeds: [1]
`

// doneByB is what worker "b" records when it finishes attempt 1 of a job
// whose message the server redelivered to worker "a" (attempt 2) while b
// was cut off from it past the ack wait: recordEnd keeps the larger
// attempt count.
var doneByB = State{Status: sweep.StatusDone, Attempts: 2, FinishedAttempt: 1, Worker: "b", Completions: 1, WallSeconds: 7}

// runRedelivered55n submits the long job of sweep name, records it
// running attempt 1 on worker "b" (cut off from the server, its message
// redelivered), starts worker "a" (ack wait 1 s: a heartbeat every
// 333 ms), calls hook once at a's transfer point what ("checkpoint", just
// before its run) or at a's first heartbeat (what "heartbeat"), and
// returns, once a's log says until of the sweep, the job's state, a's
// log and the job's ID.
func runRedelivered55n(t *testing.T, name, what, until string, hook func(c *Conn, id string)) (State, string, string) {
	t.Helper()
	c := startQueueNoWorker(t, QueueOptions{AckWait: time.Second, MaxAttempts: 3})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	jobs := expandSpec(t, strings.Replace(longSpec, "%s", name, 1))
	id := jobs[0].ID
	var once sync.Once
	if what == "heartbeat" {
		heartbeatSent = func() { once.Do(func() { hook(c, id) }) }
	} else {
		duringTransfer = func(at string) {
			if at == what {
				once.Do(func() { hook(c, id) })
			}
		}
	}
	t.Cleanup(func() { heartbeatSent, duringTransfer = nil, nil })
	if _, _, _, err := c.Submit(ctx, sweep.Manifest{Name: name, Jobs: jobs}, sweep.Plain(jobs), nil); err != nil {
		t.Fatal(err)
	}
	if err := c.PutState(ctx, name, id, State{Status: sweep.StatusRunning, Attempts: 1, Worker: "b"}); err != nil {
		t.Fatal(err)
	}
	log := &lockedWriter{w: &strings.Builder{}}
	startWorker(t, &Worker{Conn: c, Name: "a", Concurrency: 1, WorkDir: t.TempDir(), Log: log})
	if !waitFor(20*time.Second, func() bool { return strings.Contains(logString(log), until+" "+name) }) {
		t.Fatalf("worker a did not log %q within 20 s:\n%s", until+" "+name, logString(log))
	}
	st, ok, err := c.GetState(ctx, name, id)
	if err != nil || !ok {
		t.Fatalf("state: %v %v", ok, err)
	}
	if _, err := c.Obj.GetInfo(ctx, outputsObject(id)); !errors.Is(err, jetstream.ErrObjectNotFound) {
		t.Errorf("outputs stored for the job (%v): a's stopped run stored its own", err)
	}
	return st, logString(log), id
}

// TestRedeliveredRunStopsWhenDoneElsewhere55n: worker b records the job
// done (attempt 1) while worker a runs its redelivered copy (attempt 2).
// a stops the run at its next heartbeat, stores nothing, and says whose
// run the job's is; b's record stands. Before, a checked only whether the
// sweep was cancelled: it ran the job to its end (hours, for an RL run)
// and then logged "superseded …: attempt 2 by b took over".
func TestRedeliveredRunStopsWhenDoneElsewhere55n(t *testing.T) {
	st, log, id := runRedelivered55n(t, "stopdone", "heartbeat", "superseded", func(c *Conn, id string) {
		if err := c.PutState(context.Background(), "stopdone", id, doneByB); err != nil {
			t.Error(err)
		}
	})
	if st.Status != doneByB.Status || st.Worker != "b" || st.Attempts != 2 || st.FinishedAttempt != 1 || st.Completions != 1 || st.WallSeconds != 7 {
		t.Errorf("state %+v, want b's record %+v\n%s", st, doneByB, log)
	}
	want := "superseded stopdone " + id + ": done by b at attempt 1 (attempt 2 stopped)"
	if !strings.Contains(log, want) {
		t.Errorf("log lacks %q:\n%s", want, log)
	}
	if strings.Contains(log, "completed stopdone") {
		t.Errorf("a recorded the job as well:\n%s", log)
	}
}

// TestRedeliveredDoneJobNotStarted55n: the job is recorded done by b
// after a recorded its redelivered attempt 2 started and before its run
// begins: a does not start the run at all.
func TestRedeliveredDoneJobNotStarted55n(t *testing.T) {
	st, log, id := runRedelivered55n(t, "nostart", "checkpoint", "superseded", func(c *Conn, id string) {
		if err := c.PutState(context.Background(), "nostart", id, doneByB); err != nil {
			t.Error(err)
		}
	})
	if st.Status != sweep.StatusDone || st.Worker != "b" || st.FinishedAttempt != 1 {
		t.Errorf("state %+v, want b's record %+v\n%s", st, doneByB, log)
	}
	want := "superseded nostart " + id + ": done by b at attempt 1 (attempt 2 not started)"
	if !strings.Contains(log, want) {
		t.Errorf("log lacks %q:\n%s", want, log)
	}
	if strings.Contains(log, "started nostart "+id+" (") {
		t.Errorf("a started the run:\n%s", log)
	}
}

// TestRedeliveredMessageOfDoneJob55n: the message of a job b recorded
// done before a's delivery of it is acknowledged without a run.
func TestRedeliveredMessageOfDoneJob55n(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{AckWait: time.Second, MaxAttempts: 3})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	jobs := expandSpec(t, strings.Replace(longSpec, "%s", "donebefore", 1))
	id := jobs[0].ID
	if _, _, _, err := c.Submit(ctx, sweep.Manifest{Name: "donebefore", Jobs: jobs}, sweep.Plain(jobs), nil); err != nil {
		t.Fatal(err)
	}
	if err := c.PutState(ctx, "donebefore", id, doneByB); err != nil {
		t.Fatal(err)
	}
	log := &lockedWriter{w: &strings.Builder{}}
	startWorker(t, &Worker{Conn: c, Name: "a", Concurrency: 1, WorkDir: t.TempDir(), Log: log})
	want := "acknowledged donebefore " + id + ": done before this delivery (by b)"
	if !waitFor(20*time.Second, func() bool { return strings.Contains(logString(log), want) }) {
		t.Fatalf("log lacks %q:\n%s", want, logString(log))
	}
	if strings.Contains(logString(log), "started donebefore") {
		t.Errorf("a started the run:\n%s", logString(log))
	}
}
