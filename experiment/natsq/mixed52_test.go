package natsq

import (
	"context"
	"testing"
	"time"

	"github.com/stackel/stackel/experiment"
)

// mixedSweep starts a queue without workers and records the tiny RL job j
// done on it, in sweep "mixed", its stored run edited by edit (nil for
// none; otherDefaults for a run of another build's defaults). The context
// ends with the test, after a minute at most.
func mixedSweep(t *testing.T, edit func(dir string)) (*Conn, context.Context, experiment.Job) {
	t.Helper()
	c := startQueueNoWorker(t, QueueOptions{AckWait: 5 * time.Second, MaxAttempts: 1})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	j := tinyRLJob(t, 400)
	doneOnServer(t, c, "mixed", j, edit)
	return c, ctx, j
}

// runLocally runs job j into dir here, as a local run of the job.
func runLocally(t *testing.T, ctx context.Context, j experiment.Job, dir string) {
	t.Helper()
	if rec, err := experiment.RunJob(ctx, j, dir, nil); err != nil || rec.Status != experiment.JobDone {
		t.Fatalf("local run: %+v, %v", rec, err)
	}
}
