package natsq

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestPresenceAfterServerRestart53: a worker's presence, in a bucket of
// memory storage that a server's restart loses, is put again after the
// restart (the bucket created again), and the worker's log, which said
// that recording it failed while the server came back, says that it is
// recorded again, once; before, the failure's line ("trying again ...
// until it works") was the last word, as if the presence stayed
// unrecorded, and a later failure was not logged.
func TestPresenceAfterServerRestart53(t *testing.T) {
	presenceEvery = 200 * time.Millisecond
	defer func() { presenceEvery = PresenceTTL / 3 }()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	r, c := startRestartable(ctx, t)
	if err := c.Setup(ctx, QueueOptions{AckWait: 5 * time.Second}); err != nil {
		t.Fatal(err)
	}
	log := &lockedWriter{w: &strings.Builder{}}
	stop := runWorker(t, &Worker{Conn: c, Name: "w", Concurrency: 1, WorkDir: t.TempDir(), Log: log})
	isLive := func(c *Conn) func() bool {
		return func() bool {
			l, err := c.LiveWorkers(ctx)
			return err == nil && slices.ContainsFunc(l, func(p Presence) bool { return p.Name == "w" })
		}
	}
	if !waitFor(20*time.Second, isLive(c)) {
		t.Fatalf("the worker is not live; log:\n%s", logString(log))
	}
	r.srv.Shutdown()
	failed := "worker w: recording its presence (bucket stackel_workers): "
	if !waitFor(20*time.Second, func() bool { return strings.Contains(logString(log), failed) }) {
		t.Fatalf("no failed put logged while the server is away; log:\n%s", logString(log))
	}
	c2 := r.restart(ctx, t)
	if !waitFor(20*time.Second, isLive(c2)) {
		t.Fatalf("the worker is not live after the server's restart; log:\n%s", logString(log))
	}
	again := "worker w: its presence is recorded again (bucket stackel_workers)"
	if !waitFor(20*time.Second, func() bool { return strings.Contains(logString(log), again) }) {
		t.Fatalf("the log does not say the presence is recorded again; log:\n%s", logString(log))
	}
	stop()
	out := logString(log)
	if n := strings.Count(out, again); n != 1 || strings.Count(out, failed) != 1 || strings.Index(out, failed) > strings.Index(out, again) {
		t.Errorf("want one failure, then one 'recorded again'; log:\n%s", out)
	}
}
