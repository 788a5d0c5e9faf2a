package natsq

import (
	"context"
	"testing"
	"time"

	"github.com/stackel/stackel/experiment/sweep"
)

// A done job whose stored outputs.tar (or final.json) has since been
// deleted from the object store is reported by StatusStates as done with
// its outputs missing, and counted so by Summarise: before, status
// showed it plainly done while collect reported it failed and a
// resubmission ran it again. States (collect's and wait's) is unchanged.
func TestStatusStatesOutputsMissing(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{AckWait: 5 * time.Second, MaxAttempts: 2})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	jobs := smallJobs(t, "statusgone")
	m := sweep.Manifest{Name: "statusgone", Jobs: jobs}
	plain := sweep.Plain(jobs)
	// Nothing done yet: no job is marked (and no listing is needed).
	if got, err := c.StatusStates(ctx, "statusgone", plain); err != nil || len(got) != 2 || got[0].OutputsMissing || got[0].Status != sweep.StatusMissing {
		t.Fatalf("before submission: %+v, %v", got, err)
	}
	if _, q, _, err := c.Submit(ctx, m, plain, nil); err != nil || q != 2 {
		t.Fatalf("submission: %d queued, %v", q, err)
	}
	startWorker(t, &Worker{Conn: c, Concurrency: 1, WorkDir: t.TempDir()})
	if _, err := c.Wait(ctx, "statusgone", plain, t.TempDir(), nil, nil); err != nil {
		t.Fatal(err)
	}
	got, err := c.StatusStates(ctx, "statusgone", plain)
	if err != nil || got[0].OutputsMissing || got[1].OutputsMissing || got[0].Error != "" {
		t.Fatalf("both stored: %+v, %v", got, err)
	}
	if err := c.Obj.Delete(ctx, outputsObject(jobs[0].ID)); err != nil {
		t.Fatal(err)
	}
	if err := c.Obj.Delete(ctx, finalObject(jobs[1].ID)); err != nil {
		t.Fatal(err)
	}
	got, err = c.StatusStates(ctx, "statusgone", plain)
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range got {
		if s.Status != sweep.StatusDone || !s.OutputsMissing || s.Error != OutputsMissingNote {
			t.Errorf("job %d: %+v; want done, outputs missing, error %q", i, s, OutputsMissingNote)
		}
	}
	if sum, want := Summarise(got), "2 jobs: 2 done (2 with outputs missing on the server)"; sum != want {
		t.Errorf("Summarise: %q, want %q", sum, want)
	}
	plainStates, err := c.States(ctx, "statusgone", plain)
	if err != nil || plainStates[0].OutputsMissing || plainStates[0].Error != "" || Summarise(plainStates) != "2 jobs: 2 done" {
		t.Errorf("States: %+v, %v", plainStates, err)
	}
	// What the report says is what a resubmission does: both run again.
	if _, q, d, err := c.Submit(ctx, m, plain, nil); err != nil || q != 2 || d != 0 {
		t.Errorf("resubmission: %d queued, %d done, %v; want 2 queued", q, d, err)
	}
}
