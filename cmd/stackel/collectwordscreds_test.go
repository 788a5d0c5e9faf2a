package main

import (
	"strings"
	"testing"
)

// The words of a reproduction's report after a NATS download that failed
// for some runs tell how to download them again, naming the server: they
// are written into report.md and the log, and before session 38 held the
// --nats URL whole, its user:password@ or token@ included.
func TestNATSCollectWordsHideCredentials(t *testing.T) {
	for _, url := range []string{"nats://alice:hunter2@host:4222", "nats://s3cretTok@host:4222"} {
		w := natsCollectWords("reproduce --nats", url, "r1", "out/r1")
		for _, secret := range []string{"alice", "hunter2", "s3cretTok"} {
			if strings.Contains(w.finish, secret) {
				t.Errorf("%s: the report's words show %q: %s", url, secret, w.finish)
			}
		}
		if want := "stackel sweep collect --nats 'nats://***@host:4222' r1 --out out/r1"; !strings.Contains(w.finish, want) {
			t.Errorf("%s: words %q do not say %s", url, w.finish, want)
		}
	}
}
