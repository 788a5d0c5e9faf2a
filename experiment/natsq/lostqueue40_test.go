package natsq

import (
	"context"
	"strings"
	"testing"
	"time"
)

// A work queue deleted, created again by a sweep, and deleted again with
// no job run in between is two losses, each said once. Before session 40
// the second went unsaid: only a delivered job reset the note, and an
// empty queue found again did not.
func TestLostWorkQueueTwiceSaidTwice(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{AckWait: 5 * time.Second, MaxAttempts: 2})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	answered := make(chan struct{}, 1)
	fetchAnswered = func() {
		select {
		case answered <- struct{}{}:
		default:
		}
	}
	t.Cleanup(func() { fetchAnswered = nil })
	log := &lockedWriter{w: &strings.Builder{}}
	startWorker(t, &Worker{Conn: c, Name: "w", Concurrency: 2, WorkDir: t.TempDir(), Log: log})
	waitLog(ctx, t, log, "worker w: 2 slots")
	gone := "worker w: the work queue (consumer workers on stream STACKEL_JOBS) is gone from the server; waiting for a sweep to create it again"
	for loss := 1; loss <= 2; loss++ {
		if err := c.JS.DeleteStream(ctx, StreamName); err != nil {
			t.Fatal(err)
		}
		for strings.Count(logString(log), gone) < loss {
			if ctx.Err() != nil {
				t.Fatalf("loss %d: the lost queue said %d times:\n%s", loss, strings.Count(logString(log), gone), logString(log))
			}
			time.Sleep(20 * time.Millisecond)
		}
		// A fetch that found the queue before the note (none can after,
		// until it is created again) is forgotten.
		select {
		case <-answered:
		default:
		}
		if err := c.Setup(ctx, QueueOptions{}); err != nil {
			t.Fatal(err)
		}
		// The worker finds the queue again, empty.
		select {
		case <-answered:
		case <-ctx.Done():
			t.Fatalf("loss %d: the worker did not find the queue again:\n%s", loss, logString(log))
		}
	}
	if n := strings.Count(logString(log), gone); n != 2 {
		t.Errorf("the lost queue said %d times, want twice:\n%s", n, logString(log))
	}
}
