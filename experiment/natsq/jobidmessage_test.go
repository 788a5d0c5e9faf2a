package natsq

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stackel/stackel/experiment"
)

// A job message whose ID cannot name the job's keys (a task job, whose ID
// the worker cannot recompute, from another version or a broken client)
// is handed back with one log line naming it, rather than failing on the
// key-value bucket and being handed back every second, with a line each
// time, for ever.
func TestMessageWithBadJobID(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{AckWait: 5 * time.Second, MaxAttempts: 2})
	job, err := experiment.NewTaskJob("natsq-test/echo", map[string]int{"x": 3}, 1, "echo/seed1")
	if err != nil {
		t.Fatal(err)
	}
	job.ID = "a*b"
	b, err := json.Marshal(message{Sweep: "badid", Job: job})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := c.JS.Publish(ctx, jobSubject("badid", "x"), b); err != nil {
		t.Fatal(err)
	}
	log := &lockedWriter{w: &strings.Builder{}}
	startWorker(t, &Worker{Conn: c, Name: "w", Concurrency: 1, WorkDir: t.TempDir(), Log: log, DeclineDelay: 50 * time.Millisecond})
	cons, err := c.JS.Consumer(ctx, StreamName, ConsumerName)
	if err != nil {
		t.Fatal(err)
	}
	if !waitFor(30*time.Second, func() bool {
		info, err := cons.Info(ctx)
		return err == nil && info.Delivered.Consumer >= 4
	}) {
		t.Fatalf("the message was not delivered 4 times; log:\n%s", logString(log))
	}
	var lines []string
	for _, ln := range strings.Split(strings.TrimSpace(logString(log)), "\n") {
		if !strings.Contains(ln, "slots, ack wait") {
			lines = append(lines, ln)
		}
	}
	want := `left badid a*b (echo/seed1) to other workers: job ID "a*b": use letters, digits, - and _ only, at most 128 of them (another stackel version?)`
	if len(lines) != 1 || !strings.HasSuffix(lines[0], want) {
		t.Errorf("want one line ending %q; log:\n%s", want, logString(log))
	}
}
