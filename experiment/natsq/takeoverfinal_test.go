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

// runTakenOver runs job seed 1 of sweep name on worker "a", with hook
// called once at the transfer point what ("checkpoint": before the run;
// "outputs": after the run, once the worker has read the job's state and
// before it stores its outputs and records its end), and returns the
// job's state once the log says a stood down, with the log.
func runTakenOver(t *testing.T, name, what string, hook func(c *Conn, id string)) (State, string) {
	t.Helper()
	return runHooked(t, name, what, "superseded", 2, hook)
}

// runHooked is runTakenOver on a queue allowing maxAttempts, returning
// once the log says until (superseded, completed, …) of the sweep.
func runHooked(t *testing.T, name, what, until string, maxAttempts int, hook func(c *Conn, id string)) (State, string) {
	t.Helper()
	c := startQueueNoWorker(t, QueueOptions{AckWait: time.Second, MaxAttempts: maxAttempts})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	jobs := jobsWithSeeds(t, name, "[1]")
	id := jobs[0].ID
	var once sync.Once
	duringTransfer = func(at string) {
		if at == what {
			once.Do(func() { hook(c, id) })
		}
	}
	t.Cleanup(func() { duringTransfer = nil })
	if _, _, _, err := c.Submit(ctx, sweep.Manifest{Name: name, Jobs: jobs}, sweep.Plain(jobs), nil); err != nil {
		t.Fatal(err)
	}
	log := &lockedWriter{w: &strings.Builder{}}
	startWorker(t, &Worker{Conn: c, Name: "a", Concurrency: 1, WorkDir: t.TempDir(), Log: log})
	if !waitFor(30*time.Second, func() bool { return strings.Contains(logString(log), until+" "+name) }) {
		t.Fatalf("worker a did not log %q:\n%s", until+" "+name, logString(log))
	}
	st, ok, err := c.GetState(ctx, name, id)
	if err != nil || !ok {
		t.Fatalf("state: %v %v", ok, err)
	}
	if _, err := c.Obj.GetInfo(ctx, checkpointObject(id)); !errors.Is(err, jetstream.ErrObjectNotFound) && st.Status == sweep.StatusDone {
		t.Errorf("a done job's checkpoint is still stored (%v)", err)
	}
	return st, logString(log)
}

// TestTakeoverRecordedWhileFinishing: worker "b", which took the job over
// while "a" was cut off, records it done between a's look at the state
// and a's record of its own end. a stands down and b's record stands: a
// wrote its state over b's unconditionally, so both recorded the job done
// and the state could describe another run than the stored outputs.
func TestTakeoverRecordedWhileFinishing(t *testing.T) {
	b := State{Status: sweep.StatusDone, Attempts: 2, Worker: "b", Completions: 1, WallSeconds: 7}
	st, log := runTakenOver(t, "race", "outputs", func(c *Conn, id string) {
		if err := c.PutState(context.Background(), "race", id, b); err != nil {
			t.Error(err)
		}
	})
	if st.Status != b.Status || st.Worker != "b" || st.Attempts != 2 || st.Completions != 1 || st.WallSeconds != 7 {
		t.Errorf("state %+v, want b's record %+v\n%s", st, b, log)
	}
	if strings.Contains(log, "completed race") {
		t.Errorf("worker a recorded the job as well:\n%s", log)
	}
}

// TestTakeoverLeavesFinalFailure: worker "b" took the job over (attempt
// 2 of 2) and its run failed at its end (a full disk, say): the job's
// state is failed with a completion, final. Worker a, cut off, then
// finishes attempt 1: it stands down, and the failure stands, as the
// outputs a collector may have downloaded already say. It recorded done
// over it, and the collected directory kept b's failed job.json for good.
func TestTakeoverLeavesFinalFailure(t *testing.T) {
	failed := State{Status: sweep.StatusFailed, Attempts: 2, Worker: "b", Completions: 1, Error: "writing metrics.csv: no space left on device"}
	st, log := runTakenOver(t, "tofail", "checkpoint", func(c *Conn, id string) {
		if err := c.PutState(context.Background(), "tofail", id, failed); err != nil {
			t.Error(err)
		}
	})
	if st.Status != sweep.StatusFailed || st.Worker != "b" || st.Error != failed.Error {
		t.Errorf("state %+v, want b's failure\n%s", st, log)
	}
}
