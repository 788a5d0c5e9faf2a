package natsq

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/experiment/sweep"
)

// A wait whose sweep has a finished job with outputs that cannot be
// unpacked (an entry outside its directory) goes on waiting for the other
// jobs and downloads theirs; it then returns every state, the broken job
// recorded as failed with why (not done, with outputs that are not on
// disk), and an error naming it. Before, the wait ended at the first poll
// with that error and no states, while the other job still ran.
func TestWaitPastBrokenOutputs(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	jobs := sweep.Plain(smallJobs(t, "waitpartial"))
	broken, good := jobs[0], jobs[1]
	dir := t.TempDir()
	rec, err := sweep.RunJob(ctx, good, dir, sweep.RunOptions{Worker: "w", Attempt: 1})
	if err != nil || rec.Status != sweep.StatusDone {
		t.Fatalf("running the job: %+v, %v", rec, err)
	}
	if _, err := c.Obj.PutBytes(ctx, outputsObject(broken.ID), tarOf(t, "../escape", "x")); err != nil {
		t.Fatal(err)
	}
	if err := c.PutState(ctx, "waitpartial", broken.ID, State{Status: sweep.StatusDone, Attempts: 1, Completions: 1}); err != nil {
		t.Fatal(err)
	}
	if err := c.PutState(ctx, "waitpartial", good.ID, State{Status: sweep.StatusRunning, Attempts: 1, Worker: "w"}); err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	log := &lockedWriter{w: &strings.Builder{}}
	type result struct {
		states []State
		err    error
	}
	res := make(chan result, 1)
	go func() {
		st, err := c.Wait(ctx, "waitpartial", jobs, root, log, nil)
		res <- result{st, err}
	}()
	// Once the wait has polled with the broken job finished and the other
	// running, the other ends.
	for !strings.Contains(logString(log), "1 done, 1 running") {
		select {
		case r := <-res:
			t.Fatalf("the wait ended while a job ran: %+v, %v\n%s", r.states, r.err, logString(log))
		case <-ctx.Done():
			t.Fatalf("no poll logged:\n%s", logString(log))
		case <-time.After(20 * time.Millisecond):
		}
	}
	if err := c.storeOutputs(ctx, good.ID, dir, rec.Status); err != nil {
		t.Fatal(err)
	}
	if err := c.PutState(ctx, "waitpartial", good.ID, State{Status: sweep.StatusDone, Attempts: 1, Completions: 1, Worker: "w"}); err != nil {
		t.Fatal(err)
	}
	var r result
	select {
	case r = <-res:
	case <-ctx.Done():
		t.Fatalf("the wait did not end:\n%s", logString(log))
	}
	if r.err == nil || !strings.Contains(r.err.Error(), "outputs of job "+broken.ID+" into ") || !strings.Contains(r.err.Error(), `archive entry "../escape": not a relative regular file`) {
		t.Errorf("error: %v", r.err)
	}
	if fe := FetchErrors(r.err); len(fe) != 1 || fe[0].ID != broken.ID {
		t.Errorf("FetchErrors: %v", fe)
	}
	if len(r.states) != 2 {
		t.Fatalf("states: %+v", r.states)
	}
	if s := r.states[0]; s.Status != sweep.StatusFailed || !strings.HasPrefix(s.Error, "finished on the NATS server, but its outputs could not be downloaded: outputs of job "+broken.ID) {
		t.Errorf("the broken job's state: %+v", s)
	}
	if s := r.states[1]; s.Status != sweep.StatusDone || s.Error != "" {
		t.Errorf("the good job's state: %+v", s)
	}
	if r, finished, err := experiment.JobState(filepath.Join(root, good.Out), good); err != nil || !finished || r.Status != experiment.JobDone {
		t.Errorf("the good job after the wait: %+v finished %v, %v", r, finished, err)
	}
	if want := "job " + broken.ID + " (" + broken.Out + ") finished, but its outputs could not be downloaded: outputs of job " + broken.ID; !strings.Contains(logString(log), want) {
		t.Errorf("log lacks %q:\n%s", want, logString(log))
	}
}
