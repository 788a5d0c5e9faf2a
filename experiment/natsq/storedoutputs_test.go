package natsq

import (
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/experiment/sweep"
)

// A worker killed after it stored a job's outputs but before it recorded
// the end (or acknowledged the message): the redelivery is recorded done
// from the stored record, with the dead worker's attempt, and is not run
// again. Before, it ran as a second attempt — and with an attempt bound of
// one it was recorded failed ("no attempt finished in 1 deliveries"),
// its finished outputs on the server, until a resubmission found them and
// called it done.
func TestRedeliveryAfterOutputsStoredIsDone(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{AckWait: 5 * time.Second, MaxAttempts: 1})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	j := smallJobs(t, "killed")[0].Job
	// What the killed worker did: its attempt 1 recorded running, the job
	// run to its end, its outputs stored.
	if err := c.PutState(ctx, "killed", j.ID, State{Status: sweep.StatusRunning, Attempts: 1, Worker: "dead"}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	rec, err := sweep.RunJob(ctx, j, dir, sweep.RunOptions{Worker: "dead", Attempt: 1})
	if err != nil || rec.Status != sweep.StatusDone {
		t.Fatalf("running the job: %+v, %v", rec, err)
	}
	if err := c.storeOutputs(ctx, j.ID, dir, rec.Status); err != nil {
		t.Fatal(err)
	}
	// (An RL run's last checkpoint, which the worker removes after the
	// ack, is in the store too.)
	if _, err := c.Obj.PutBytes(ctx, checkpointObject(j.ID), tarOf(t, experiment.CheckpointFile, "ck")); err != nil {
		t.Fatal(err)
	}
	// Its message, unacknowledged, is delivered again.
	b, err := json.Marshal(message{Sweep: "killed", Job: j})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.JS.Publish(ctx, jobSubject("killed", j.ID), b); err != nil {
		t.Fatal(err)
	}
	log := &lockedWriter{w: &strings.Builder{}}
	startWorker(t, &Worker{Conn: c, Name: "w", Concurrency: 1, WorkDir: t.TempDir(), Log: log})
	var st State
	if !waitFor(30*time.Second, func() bool {
		s, ok, err := c.GetState(ctx, "killed", j.ID)
		st = s
		return err == nil && ok && Finished(s.Status)
	}) {
		t.Fatalf("the job did not end: %+v; log:\n%s", st, logString(log))
	}
	if st.Status != sweep.StatusDone || st.Attempts != 1 || st.Worker != "dead" || st.Completions != 1 || st.Error != "" {
		t.Errorf("state: %+v, want done at attempt 1 of worker dead, 1 completion; log:\n%s", st, logString(log))
	}
	if strings.Contains(logString(log), "started killed") {
		t.Errorf("the job ran again; log:\n%s", logString(log))
	}
	// The message is acknowledged: the queue holds nothing.
	cons, err := c.JS.Consumer(ctx, StreamName, ConsumerName)
	if err != nil {
		t.Fatal(err)
	}
	if !waitFor(30*time.Second, func() bool {
		info, err := cons.Info(ctx)
		return err == nil && info.NumPending == 0 && info.NumAckPending == 0 && info.NumRedelivered == 0
	}) {
		info, _ := cons.Info(ctx)
		t.Errorf("the message is still on the queue: %+v", info)
	}
	if !waitFor(30*time.Second, func() bool {
		_, err := c.Obj.GetInfo(ctx, checkpointObject(j.ID))
		return errors.Is(err, jetstream.ErrObjectNotFound)
	}) {
		t.Errorf("the finished job's checkpoint is still in the store")
	}
	// And the collect downloads the stored outputs.
	root := t.TempDir()
	if _, err := c.Collect(ctx, "killed", []experiment.Job{j}, root); err != nil {
		t.Fatal(err)
	}
	if r, finished, err := experiment.JobState(filepath.Join(root, j.Out), j); err != nil || !finished || r.Status != experiment.JobDone {
		t.Errorf("collected: %+v finished %v, %v", r, finished, err)
	}
}

// A worker killed after it recorded a job done but before it acknowledged
// the message (and removed the job's checkpoint): the redelivery is
// acknowledged without running the job, and the checkpoint (an off-policy
// run's holds its replay buffer) is removed from the store. Before, it
// stayed there for good.
func TestRedeliveryOfRecordedJobRemovesCheckpoint(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{AckWait: 5 * time.Second, MaxAttempts: 1})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	j := smallJobs(t, "recorded")[0].Job
	done := State{Status: sweep.StatusDone, Attempts: 1, Worker: "dead", Completions: 1, WallSeconds: 2.5}
	if err := c.PutState(ctx, "recorded", j.ID, done); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Obj.PutBytes(ctx, checkpointObject(j.ID), tarOf(t, experiment.CheckpointFile, "ck")); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(message{Sweep: "recorded", Job: j})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.JS.Publish(ctx, jobSubject("recorded", j.ID), b); err != nil {
		t.Fatal(err)
	}
	log := &lockedWriter{w: &strings.Builder{}}
	startWorker(t, &Worker{Conn: c, Name: "w", Concurrency: 1, WorkDir: t.TempDir(), Log: log})
	cons, err := c.JS.Consumer(ctx, StreamName, ConsumerName)
	if err != nil {
		t.Fatal(err)
	}
	if !waitFor(30*time.Second, func() bool {
		info, err := cons.Info(ctx)
		return err == nil && info.Delivered.Consumer >= 1 && info.NumPending == 0 && info.NumAckPending == 0
	}) {
		t.Fatalf("the message was not acknowledged; log:\n%s", logString(log))
	}
	if !waitFor(30*time.Second, func() bool {
		_, err := c.Obj.GetInfo(ctx, checkpointObject(j.ID))
		return errors.Is(err, jetstream.ErrObjectNotFound)
	}) {
		t.Errorf("the finished job's checkpoint is still in the store")
	}
	st, _, err := c.GetState(ctx, "recorded", j.ID)
	if err != nil || st.Status != sweep.StatusDone || st.Attempts != 1 || st.Worker != "dead" || st.Completions != 1 || st.WallSeconds != 2.5 {
		t.Errorf("state: %+v, %v", st, err)
	}
	if strings.Contains(logString(log), "started recorded") {
		t.Errorf("the job ran again; log:\n%s", logString(log))
	}
}
