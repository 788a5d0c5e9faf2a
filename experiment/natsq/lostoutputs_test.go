package natsq

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/experiment/sweep"
)

// resubmitAfterLoss runs two small jobs of sweep name to their end,
// applies lose to the first one's stored objects, submits the sweep again
// (nothing on disk) and waits for it, returning the resubmission's counts,
// the states and the wait's error; root holds the downloaded outputs.
func resubmitAfterLoss(t *testing.T, name string, lose func(ctx context.Context, c *Conn, id string)) (queued, done int, got []State, root string, err error) {
	t.Helper()
	c := startQueueNoWorker(t, QueueOptions{AckWait: 5 * time.Second, MaxAttempts: 2})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	jobs := smallJobs(t, name)
	m := sweep.Manifest{Name: name, Jobs: jobs}
	if _, q, _, err := c.Submit(ctx, m, sweep.Plain(jobs), nil); err != nil || q != 2 {
		t.Fatalf("first submission: %d queued, %v", q, err)
	}
	startWorker(t, &Worker{Conn: c, Concurrency: 1, WorkDir: t.TempDir()})
	if _, err := c.Wait(ctx, name, sweep.Plain(jobs), t.TempDir(), nil, nil); err != nil {
		t.Fatal(err)
	}
	lose(ctx, c, jobs[0].ID)
	_, queued, done, err = c.Submit(ctx, m, sweep.Plain(jobs), nil)
	if err != nil {
		t.Fatalf("resubmission: %v", err)
	}
	root = t.TempDir()
	got, err = c.Wait(ctx, name, sweep.Plain(jobs), root, nil, nil)
	return queued, done, got, root, err
}

// checkRerun checks that the resubmission queued the job that lost its
// outputs (and only it), that it ran again and that both jobs' outputs
// were downloaded.
func checkRerun(t *testing.T, name string, lose func(ctx context.Context, c *Conn, id string)) {
	t.Helper()
	queued, done, got, root, err := resubmitAfterLoss(t, name, lose)
	if queued != 1 || done != 1 {
		t.Errorf("resubmission: %d queued, %d done; want 1 queued (the job without outputs), 1 done", queued, done)
	}
	if err != nil {
		t.Fatalf("wait: %v", err)
	}
	jobs := sweep.Plain(smallJobs(t, name))
	for i, s := range got {
		if s.Status != sweep.StatusDone || s.Completions != 1 {
			t.Errorf("job %d: %+v, want done", i, s)
		}
		if _, finished, err := experiment.JobState(filepath.Join(root, jobs[i].Out), jobs[i]); err != nil || !finished {
			t.Errorf("job %d's outputs: finished %v, %v", i, finished, err)
		}
	}
}

// A sweep submitted again in which a done job's stored outputs.tar has
// gone (deleted from the object store) runs that job again, and the wait
// downloads its new outputs. Before, the job stayed done: the
// resubmission counted it done, and every wait and collect reported its
// outputs "not found", whatever was submitted, short of another sweep
// name.
func TestResubmitRerunsJobWithoutOutputs(t *testing.T) {
	checkRerun(t, "lostout", func(ctx context.Context, c *Conn, id string) {
		if err := c.Obj.Delete(ctx, outputsObject(id)); err != nil {
			t.Fatal(err)
		}
	})
}

// Likewise for an outputs.tar stored empty (no archive tarDir writes is:
// an upload that stored nothing), which unpacked into an empty directory
// that was never finished.
func TestResubmitRerunsJobWithEmptyOutputs(t *testing.T) {
	checkRerun(t, "emptyout", func(ctx context.Context, c *Conn, id string) {
		if _, err := c.Obj.PutBytes(ctx, outputsObject(id), nil); err != nil {
			t.Fatal(err)
		}
	})
}

// Likewise for a missing final.json (the record whose presence marks the
// outputs complete).
func TestResubmitRerunsJobWithoutFinalRecord(t *testing.T) {
	checkRerun(t, "lostfinal", func(ctx context.Context, c *Conn, id string) {
		if err := c.Obj.Delete(ctx, finalObject(id)); err != nil {
			t.Fatal(err)
		}
	})
}
