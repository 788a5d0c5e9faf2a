package natsq

import (
	"context"
	"testing"
	"time"
)

// LiveWorkers bounds its reads by requestTimeout whatever the caller's
// deadline: with the server gone, a listing under a context of a minute
// fails after requestTimeout (1 s here), not at the minute's end (before,
// the caller's deadline bounded it alone, and the watch of the bucket's
// entries, which a server restart can leave without its end marker, had
// no bound at all under the CLI's context, which has none).
func TestLiveWorkersBoundedWithoutServer53(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	r, c := startRestartable(ctx, t)
	putPresence(t, c, "w1instance", "w1")
	live, err := c.LiveWorkers(ctx)
	if err != nil || len(live) != 1 || live[0].Name != "w1" {
		t.Fatalf("with the server up: %v, %v", live, err)
	}
	r.srv.Shutdown()
	if _, err := c.LiveWorkers(ctx); err == nil || ctx.Err() != nil {
		t.Fatalf("with the server gone: err %v, the caller's context %v; want an error before the caller's deadline", err, ctx.Err())
	}
}
