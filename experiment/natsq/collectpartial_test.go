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

// A collect of a sweep with a job whose stored outputs cannot be unpacked
// (an entry outside its directory, as a broken or hostile worker stores)
// downloads the other jobs' outputs all the same, and its error names the
// broken job. Before, it stopped at that job: a job listed after it was
// never downloaded, whatever the collect was run again.
func TestCollectPastBrokenOutputs(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{})
	ctx := context.Background()
	jobs := sweep.Plain(smallJobs(t, "partial"))
	broken, good := jobs[0], jobs[1]
	dir := t.TempDir()
	rec, err := sweep.RunJob(ctx, good, dir, sweep.RunOptions{Worker: "w", Attempt: 1})
	if err != nil || rec.Status != sweep.StatusDone {
		t.Fatalf("running the job: %+v, %v", rec, err)
	}
	if err := c.storeOutputs(ctx, good.ID, dir, rec.Status); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Obj.PutBytes(ctx, outputsObject(broken.ID), tarOf(t, "../escape", "x")); err != nil {
		t.Fatal(err)
	}
	for _, j := range jobs {
		if err := c.PutState(ctx, "partial", j.ID, State{Status: sweep.StatusDone, Attempts: 1, Completions: 1}); err != nil {
			t.Fatal(err)
		}
	}
	root := t.TempDir()
	states, err := c.Collect(ctx, "partial", jobs, root)
	if err == nil || !strings.Contains(err.Error(), "outputs of job "+broken.ID+" into ") || !strings.Contains(err.Error(), `archive entry "../escape": not a relative regular file`) {
		t.Errorf("error: %v", err)
	}
	if len(states) != 2 || states[0].Status != sweep.StatusDone || states[1].Status != sweep.StatusDone {
		t.Errorf("states: %+v", states)
	}
	if r, finished, err := experiment.JobState(filepath.Join(root, good.Out), good); err != nil || !finished || r.Status != experiment.JobDone {
		t.Errorf("the good job after the collect: %+v finished %v, %v", r, finished, err)
	}
}

// A done job whose stored outputs.tar unpacks but holds no finished run of
// it (here: a metrics.csv alone, no job.json) is a collect error naming
// the job, and a wait records it failed. Before, both took it as
// downloaded: the job was reported done over a directory without its run.
func TestCollectOutputsWithoutJobRecord(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	jobs := sweep.Plain(smallJobs(t, "norecord"))[:1]
	j := jobs[0]
	if _, err := c.Obj.PutBytes(ctx, outputsObject(j.ID), tarOf(t, "metrics.csv", "epoch\n")); err != nil {
		t.Fatal(err)
	}
	if err := c.PutState(ctx, "norecord", j.ID, State{Status: sweep.StatusDone, Attempts: 1, Completions: 1}); err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	_, err := c.Collect(ctx, "norecord", jobs, root)
	wantErr := "outputs of job " + j.ID + " into " + filepath.Join(root, j.Out) + ": the stored archive holds no finished run of the job"
	if err == nil || !strings.HasPrefix(err.Error(), wantErr) || len(FetchErrors(err)) != 1 {
		t.Errorf("collect: error %v, want one FetchError beginning %q", err, wantErr)
	}
	states, err := c.Wait(ctx, "norecord", jobs, t.TempDir(), nil, nil)
	if err == nil || len(states) != 1 || states[0].Status != sweep.StatusFailed {
		t.Errorf("wait: %+v, %v; want the job failed with an error", states, err)
	}
}
