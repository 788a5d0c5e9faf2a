package natsq

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/experiment/sweep"
)

// Downloads of a job's outputs into the same directory at once (a `sweep
// collect` into the directory of the sweep that is still running and
// fetching them, or two collects) all succeed and leave the finished
// outputs: none removes another's download in progress as one a killed
// process left.
func TestFetchOutputsConcurrent(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{AckWait: 5 * time.Second})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	jobs := jobsWithSeeds(t, "twice", "[1]")
	if _, _, _, err := c.Submit(ctx, sweep.Manifest{Name: "twice", Jobs: jobs}, sweep.Plain(jobs), nil); err != nil {
		t.Fatal(err)
	}
	startWorker(t, &Worker{Conn: c, Concurrency: 1, WorkDir: t.TempDir()})
	if _, err := c.Wait(ctx, "twice", sweep.Plain(jobs), t.TempDir(), nil, nil); err != nil {
		t.Fatal(err)
	}
	j := jobs[0].Job
	for round := 0; round < 20; round++ {
		dir := filepath.Join(t.TempDir(), "runs", j.ID)
		var wg sync.WaitGroup
		errs := make([]error, 3)
		for i := range errs {
			wg.Add(1)
			go func() { defer wg.Done(); errs[i] = c.FetchOutputs(ctx, j.ID, dir) }()
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("round %d, download %d: %v", round, i, err)
			}
		}
		if _, finished, err := experiment.JobState(dir, j); !finished || err != nil {
			t.Fatalf("round %d: the directory after the downloads: finished %v, %v", round, finished, err)
		}
	}
}
