package natsq

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/experiment/sweep"
	"github.com/stackel/stackel/loop"
)

func init() {
	// A run that fails with an error of its own that is not a divergence
	// (a failed write, say: retried), and one that diverges (the same at
	// every attempt: not retried).
	experiment.RegisterTask("natsq-test/fail", func(context.Context, json.RawMessage, uint64, string, experiment.ProgressFunc) error {
		return errors.New("the disk hiccuped")
	})
	experiment.RegisterTask("natsq-test/diverge", func(context.Context, json.RawMessage, uint64, string, experiment.ProgressFunc) error {
		return loop.Diverge("leader objective f1", "iteration 3: leader objective f1 is NaN")
	})
}

// taskJob is a job of the test task kind, seed 1.
func taskJob(t *testing.T, kind string) sweep.Job {
	t.Helper()
	j, err := experiment.NewTaskJob(kind, map[string]int{"x": 1}, 1, "task/seed1")
	if err != nil {
		t.Fatal(err)
	}
	return sweep.Job{Job: j}
}

// deliverTo submits jobs as sweep name and has worker "a" handle the first
// delivery, returning its log.
func deliverTo(t *testing.T, c *Conn, name string, jobs []sweep.Job) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
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
		t.Logf("handle: %v", err)
	}
	return logString(lw)
}

// A worker whose attempt fails after another worker took the job over
// (this one's progress reports lost past the ack wait) leaves the job's
// stored checkpoint alone: it is the new owner's. Before, the failed
// attempt deleted it before finding the job was no longer its own, and
// the new owner's run, redelivered, started over.
func TestSupersededFailedAttemptKeepsCheckpoint(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{AckWait: 30 * time.Second, MaxAttempts: 3})
	jobs := []sweep.Job{taskJob(t, "natsq-test/fail")}
	id := jobs[0].ID
	theirs := tarOf(t, experiment.CheckpointFile, "worker b's checkpoint")
	var once sync.Once
	duringTransfer = func(what string) {
		if what != "checkpoint" {
			return
		}
		once.Do(func() {
			ctx := context.Background()
			if err := c.PutState(ctx, "owned", id, State{Status: sweep.StatusRunning, Attempts: 2, Worker: "b"}); err != nil {
				t.Error(err)
			}
			if _, err := c.Obj.PutBytes(ctx, checkpointObject(id), theirs); err != nil {
				t.Error(err)
			}
		})
	}
	t.Cleanup(func() { duringTransfer = nil })
	log := deliverTo(t, c, "owned", jobs)
	if !strings.Contains(log, "superseded owned "+id+": attempt 1 failed") {
		t.Errorf("worker a did not stand down:\n%s", log)
	}
	got, err := c.Obj.GetBytes(context.Background(), checkpointObject(id))
	if err != nil || !bytes.Equal(got, theirs) {
		t.Errorf("the stored checkpoint after a's failed attempt: %d bytes, %v; want worker b's, kept", len(got), err)
	}
	if s, _, err := c.GetState(context.Background(), "owned", id); err != nil || s.Status != sweep.StatusRunning || s.Worker != "b" || s.Attempts != 2 {
		t.Errorf("state: %+v, %v; want b's running attempt 2", s, err)
	}
}

// A worker whose RL run goes on after another worker took its job over
// does not write its checkpoints over the new owner's (here: b has stored
// none yet). Before, every epoch of the superseded run stored one.
func TestSupersededRunKeepsOthersCheckpoint(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{AckWait: 30 * time.Second, MaxAttempts: 3})
	jobs := []sweep.Job{{Job: tinyRLJob(t, 600)}}
	id := jobs[0].ID
	var gotErr error
	got := []byte("not looked at")
	duringTransfer = func(what string) {
		ctx := context.Background()
		switch what {
		case "checkpoint":
			if err := c.PutState(ctx, "ownedrl", id, State{Status: sweep.StatusRunning, Attempts: 2, Worker: "b"}); err != nil {
				t.Error(err)
			}
		case "outputs":
			// a's run has ended (three epochs, each checkpointed).
			got, gotErr = c.Obj.GetBytes(ctx, checkpointObject(id))
		}
	}
	t.Cleanup(func() { duringTransfer = nil })
	log := deliverTo(t, c, "ownedrl", jobs)
	if !errors.Is(gotErr, jetstream.ErrObjectNotFound) {
		t.Errorf("the stored checkpoint when a's run ended: %d bytes, %v; want none (a's not stored over b's)\n%s", len(got), gotErr, log)
	}
}

// A run that diverges (NaN, a singular matrix) fails alike at every
// attempt: its job is recorded failed at its first attempt, with the
// run's error, and not delivered again. Before, it was retried up to the
// attempt bound (here 3 runs). A run that fails otherwise is still retried.
func TestDivergedRunNotRetried(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{AckWait: 5 * time.Second, MaxAttempts: 3})
	log := &lockedWriter{w: &strings.Builder{}}
	startWorker(t, &Worker{Conn: c, Name: "a", Concurrency: 1, WorkDir: t.TempDir(), Log: log})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for _, tc := range []struct {
		kind     string
		attempts int
		err      string
	}{
		{"natsq-test/diverge", 1, "iteration 3: leader objective f1 is NaN"},
		{"natsq-test/fail", 3, "the disk hiccuped"},
	} {
		name := strings.TrimPrefix(tc.kind, "natsq-test/")
		jobs := []sweep.Job{taskJob(t, tc.kind)}
		if _, _, _, err := c.Submit(ctx, sweep.Manifest{Name: name, Jobs: jobs}, sweep.Plain(jobs), nil); err != nil {
			t.Fatal(err)
		}
		st, err := c.Wait(ctx, name, sweep.Plain(jobs), t.TempDir(), nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		if s := st[0]; s.Status != sweep.StatusFailed || s.Attempts != tc.attempts || s.Completions != 1 || s.Error != tc.err {
			t.Errorf("%s: %+v; want failed after %d attempts with %q\n%s", tc.kind, s, tc.attempts, tc.err, logString(log))
		}
		if n := strings.Count(logString(log), "started "+name+" "); n != tc.attempts {
			t.Errorf("%s: started %d times, want %d:\n%s", tc.kind, n, tc.attempts, logString(log))
		}
	}
}

// A stored outputs archive larger than the download limit is refused
// before it is read, with an error naming the job, the object, its size
// and the limit; nothing is unpacked and the archive is kept (it may be
// the job's). Before, any size was read whole into memory and unpacked.
func TestOutputsDownloadBounded(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	old := maxOutputsBytes
	maxOutputsBytes = 4096
	t.Cleanup(func() { maxOutputsBytes = old })
	big := tarOf(t, "metrics.csv", strings.Repeat("0,0\n", 2000))
	if _, err := c.Obj.PutBytes(ctx, outputsObject("bigjob"), big); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir() + "/bigjob"
	err := c.FetchOutputs(ctx, "bigjob", dir)
	want := fmt.Sprintf("outputs of job bigjob: stored object bigjob/outputs.tar: %d bytes, more than the 4096 bytes a download takes: not downloaded (%s is left as it was)", len(big), dir)
	if err == nil || err.Error() != want {
		t.Errorf("fetch: %v\nwant %q", err, want)
	}
	if _, err := os.Stat(dir); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the job's directory: %v, want none", err)
	}
	if _, err := c.Obj.GetInfo(ctx, outputsObject("bigjob")); err != nil {
		t.Errorf("the archive after the refused download: %v, want it kept", err)
	}
	// At the limit, it is downloaded.
	maxOutputsBytes = int64(len(big))
	if err := c.FetchOutputs(ctx, "bigjob", dir); err != nil {
		t.Errorf("fetch at the limit: %v", err)
	}
}
