package natsq

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stackel/stackel/experiment/sweep"
)

// A worker cut off from the server for longer than the ack wait has its
// job redelivered; the worker that takes it over (attempt 2) may die in
// turn. The first worker, back and finishing the run, stores it and
// records the job done (the run is the job's, whoever started it last),
// and acknowledges the message. Before, it took the job for finished by
// the other ("superseded") and dropped its run unacknowledged: the job was
// delivered once more, past its bound of 2 attempts, and recorded failed
// ("no attempt finished in 2 deliveries") though a run had finished it.
func TestFinishedRunAfterTakeoverByDeadWorker(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{AckWait: time.Second, MaxAttempts: 2})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	jobs := jobsWithSeeds(t, "takeover", "[1]")
	id := jobs[0].ID
	var once sync.Once
	duringTransfer = func(what string) {
		if what != "checkpoint" {
			return
		}
		// While "a" runs attempt 1: what worker "b", given the job while
		// "a" was cut off, wrote before it died.
		once.Do(func() {
			if err := c.PutState(context.Background(), "takeover", id, State{Status: sweep.StatusRunning, Attempts: 2, Worker: "b"}); err != nil {
				t.Error(err)
			}
		})
	}
	t.Cleanup(func() { duringTransfer = nil })
	if _, _, _, err := c.Submit(ctx, sweep.Manifest{Name: "takeover", Jobs: jobs}, sweep.Plain(jobs), nil); err != nil {
		t.Fatal(err)
	}
	log := &lockedWriter{w: &strings.Builder{}}
	startWorker(t, &Worker{Conn: c, Name: "a", Concurrency: 1, WorkDir: t.TempDir(), Log: log})
	root := t.TempDir()
	st, err := c.Wait(ctx, "takeover", sweep.Plain(jobs), root, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s := st[0]; s.Status != sweep.StatusDone || s.Attempts != 2 || s.Worker != "a" || s.Completions != 1 || s.Error != "" {
		t.Errorf("job: %+v, want done by a with 2 attempts counted\n%s", s, logString(log))
	}
	if n := strings.Count(logString(log), "started takeover"); n != 1 {
		t.Errorf("started %d times, want once:\n%s", n, logString(log))
	}
}
