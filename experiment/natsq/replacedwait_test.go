package natsq

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stackel/stackel/experiment/sweep"
)

// A sweep whose submitter waits while another submission of its name
// with another grid replaces it (--replace: CancelOthers cancels the jobs
// it drops) was not cancelled: before session 38 the waiting submitter
// ended with "sweep NAME was cancelled", sending its user to look for a
// `sweep cancel` nobody ran. The error says the jobs were cancelled by a
// submission that replaced the sweep, and names them.
func TestWaitOnReplacedSweepSaysReplaced(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{AckWait: 5 * time.Second, MaxAttempts: 2})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	first := jobsWithSeeds(t, "swapped", "[1, 2]")
	if _, q, _, err := c.Submit(ctx, sweep.Manifest{Name: "swapped", Jobs: first}, sweep.Plain(first), nil); err != nil || q != 2 {
		t.Fatalf("first sweep: %d queued, %v", q, err)
	}
	type result struct {
		states []State
		err    error
	}
	waited := make(chan result, 1)
	go func() {
		s, err := c.Wait(ctx, "swapped", sweep.Plain(first), t.TempDir(), nil, nil)
		waited <- result{s, err}
	}()
	other := jobsWithSeeds(t, "swapped", "[3]")
	if n, err := c.CancelOthers(ctx, sweep.Manifest{Name: "swapped", Jobs: other}); err != nil || n != 2 {
		t.Fatalf("CancelOthers: %d cancelled, %v", n, err)
	}
	r := <-waited
	if r.err == nil {
		t.Fatal("Wait: no error for a sweep whose jobs were all cancelled")
	}
	msg := r.err.Error()
	if strings.Contains(msg, "was cancelled") {
		t.Errorf("Wait says the sweep was cancelled; it was replaced: %s", msg)
	}
	for _, want := range []string{"sweep swapped: 2 of its 2 jobs were cancelled by a later submission of the name without them (--replace)", first[0].ID, first[1].ID} {
		if !strings.Contains(msg, want) {
			t.Errorf("Wait: %s\nwant it to say %s", msg, want)
		}
	}
	for i, s := range r.states {
		if s.Status != sweep.StatusCancelled {
			t.Errorf("job %s: %s, want cancelled", first[i].ID, s.Status)
		}
	}
}
