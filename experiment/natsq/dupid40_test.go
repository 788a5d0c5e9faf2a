package natsq

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/stackel/stackel/experiment/sweep"
)

// Jobs given to an Executor (or Submit) with one ID twice are refused
// before anything is stored or queued, with the error Manifest gives.
// Before session 40 they were queued (the ID once) and the manifest
// stored, which Manifest then refused: `sweep status`, `collect` and
// `cancel` of the sweep by name failed for good.
func TestDuplicateJobIDsRefusedBeforeQueueing(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{AckWait: 5 * time.Second, MaxAttempts: 2})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	jobs := sweep.Plain(jobsWithSeeds(t, "dup", "[1]"))
	two := jobs[0]
	two.Out = "runs/other"
	jobs = append(jobs, two)
	want := "sweep dup: jobs 0 and 1 have the same id " + jobs[0].ID + ": refused before anything is queued"
	err := Executor{Conn: c, Name: "dup"}.Execute(ctx, t.TempDir(), jobs, nil)
	if err == nil || err.Error() != want {
		t.Errorf("Execute: %v\nwant %s", err, want)
	}
	m := sweep.Manifest{Name: "dup", Jobs: sweep.Wrap("dup", jobs)}
	if _, _, _, err := c.Submit(ctx, m, jobs, nil); err == nil || err.Error() != want {
		t.Errorf("Submit: %v\nwant %s", err, want)
	}
	if _, err := c.Obj.GetInfo(ctx, manifestObject("dup")); !errors.Is(err, jetstream.ErrObjectNotFound) {
		t.Errorf("the manifest after the refusal: %v, want none stored", err)
	}
	if _, ok, err := c.GetState(ctx, "dup", jobs[0].ID); ok || err != nil {
		t.Errorf("the job's state after the refusal: %v, %v; want none", ok, err)
	}
}
