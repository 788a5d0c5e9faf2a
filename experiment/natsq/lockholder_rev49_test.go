package natsq

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

// A cancellation waiting behind a name lock writes the lock's value, which
// any client with the server's credentials can write, quoted and cut when
// it is long or not printable: before review 49 an ESC in it reached the
// terminal raw, and a 3000-byte value was written whole.
func TestNameLockHolderCutInLog(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{AckWait: 5 * time.Second, MaxAttempts: 2})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	nameLockStale = 300 * time.Millisecond
	t.Cleanup(func() { nameLockStale = nameLockStaleDefault })
	const rest = " is in progress; waiting for it (a lock its process stopped renewing is taken over after 300ms)"
	for _, tc := range []struct{ value, want string }{
		{"h\x1b[2J:1", `sweep lockcut: another submission or cancellation of this name ("h\x1b[2J:1")` + rest},
		{strings.Repeat("v", 3000), `sweep lockcut: another submission or cancellation of this name ("` + strings.Repeat("v", 119) + "…)" + rest},
		{"node-3:4711 2026-12-07T01:00:00Z", "sweep lockcut: another submission or cancellation of this name (node-3:4711 2026-12-07T01:00:00Z)" + rest},
	} {
		if _, err := c.KV.Create(ctx, nameLockKey("lockcut"), []byte(tc.value)); err != nil {
			t.Fatal(err)
		}
		var log bytes.Buffer
		c.Log = &log
		// No sweep of the name: the cancellation ends so once it holds
		// the lock, after the wait.
		if _, err := c.Cancel(ctx, "lockcut"); err == nil || err.Error() != `no sweep "lockcut" on this server` {
			t.Fatalf("cancel behind the lock %.20q: %v", tc.value, err)
		}
		c.Log = nil
		line, _, _ := strings.Cut(log.String(), "\n")
		if _, got, _ := strings.Cut(line, " "); got != tc.want {
			t.Errorf("lock %.20q: log line\n%.400s\nwant\n%s", tc.value, got, tc.want)
		}
	}
}
