package natsq

import (
	"context"
	"testing"
	"time"
)

// An ack wait shorter than a worker's progress reports can keep up with
// is refused by Setup, naming it and the minimum; before, a queue set up
// with 60ms had a running RL job redelivered to the worker's other slot
// at once ("started … attempt 2, from its stored checkpoint" while
// attempt 1 ran). The minimum itself is taken, and the queue keeps it.
func TestAckWaitTooShortRefused(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{AckWait: time.Second})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	err := c.Setup(ctx, QueueOptions{AckWait: 60 * time.Millisecond})
	want := "ack wait 60ms: shorter than 500ms, the least that leaves a running job's worker time to report progress (every third of it)"
	if err == nil || err.Error() != want {
		t.Errorf("Setup with 60ms: %v\nwant %s", err, want)
	}
	if q, err := c.QueueOptions(ctx); err != nil || q.AckWait != time.Second {
		t.Errorf("after the refused Setup the queue's ack wait is %v (%v), want 1s", q.AckWait, err)
	}
	if err := c.Setup(ctx, QueueOptions{AckWait: MinAckWait}); err != nil {
		t.Fatal(err)
	}
	if q, err := c.QueueOptions(ctx); err != nil || q.AckWait != 500*time.Millisecond {
		t.Errorf("ack wait %v (%v), want 500ms", q.AckWait, err)
	}
}
