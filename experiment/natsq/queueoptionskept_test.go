package natsq

import (
	"context"
	"testing"
	"time"
)

// The queue's options are the server's, shared by its sweeps. A Setup
// that leaves one unset (a sweep without --attempts or --ack-wait, any
// reproduction) keeps the queue's value; before, it reset another sweep's
// --attempts 7 and --ack-wait 45s to 3 and 30 s under its running jobs. A
// new queue takes the defaults, and an option given is set.
func TestUnsetQueueOptionsKept(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	check := func(what string, want QueueOptions) {
		t.Helper()
		got, err := c.QueueOptions(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("%s: queue options %+v, want %+v", what, got, want)
		}
	}
	check("a new queue set up without options", QueueOptions{AckWait: 30 * time.Second, MaxAttempts: 3})
	for _, step := range []struct {
		what      string
		set, want QueueOptions
	}{
		{"both given", QueueOptions{AckWait: 45 * time.Second, MaxAttempts: 7}, QueueOptions{AckWait: 45 * time.Second, MaxAttempts: 7}},
		{"neither given", QueueOptions{}, QueueOptions{AckWait: 45 * time.Second, MaxAttempts: 7}},
		{"attempts given", QueueOptions{MaxAttempts: 2}, QueueOptions{AckWait: 45 * time.Second, MaxAttempts: 2}},
		{"ack wait given", QueueOptions{AckWait: 10 * time.Second}, QueueOptions{AckWait: 10 * time.Second, MaxAttempts: 2}},
		{"negative ones", QueueOptions{AckWait: -time.Second, MaxAttempts: -1}, QueueOptions{AckWait: 10 * time.Second, MaxAttempts: 2}},
	} {
		if err := c.Setup(ctx, step.set); err != nil {
			t.Fatalf("%s: %v", step.what, err)
		}
		check(step.what, step.want)
	}
	if err := c.Setup(ctx, QueueOptions{AckWait: 400 * time.Millisecond}); err == nil {
		t.Error("an ack wait of 400ms was taken")
	}
	check("after the refused ack wait", QueueOptions{AckWait: 10 * time.Second, MaxAttempts: 2})
}
