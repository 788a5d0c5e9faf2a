package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stackel/stackel/experiment/natsq"
)

// TestNATSCollectWordsFlags: the words of a reproduction's report after
// a NATS download that failed for some runs advise "stackel sweep
// collect --nats URL NAME --out DIR", which named the URL alone: on a
// server admitting clients by a credentials file (--creds) that collect
// is refused ("requires credentials, and none were given"). The words
// name the connection's credential flags after the URL (natsq.Conn's
// AdviceFlags, as the worker advice does), and the advised collect,
// run with exactly those words, reaches the server: it ends on the
// sweep being unknown there, not on credentials. Bounded: 30 s.
func TestNATSCollectWordsFlags(t *testing.T) {
	js := startJWTServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := natsq.Connect(ctx, natsq.ConnOptions{URL: js.url, Creds: js.creds})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	dir := filepath.Join(t.TempDir(), "r1")
	w := natsCollectWords("reproduce --nats", js.url, "r1", dir, c.AdviceFlags())
	want := "download them again (stackel sweep collect --nats " + js.url + " --creds " + js.creds + " r1 --out " + dir + ")"
	if w.finish != want {
		t.Errorf("words %q, want %q", w.finish, want)
	}
	cmdText := strings.TrimSuffix(strings.TrimPrefix(w.finish, "download them again ("), ")")
	words := strings.Fields(cmdText)
	if len(words) < 3 || words[0] != "stackel" {
		t.Fatalf("advice %q is not a stackel command", cmdText)
	}
	out, err := executeWithin(t, 30*time.Second, words[1:]...)
	if err == nil {
		t.Fatalf("collect of a sweep the server does not have: no error\n%s", out)
	}
	if strings.Contains(err.Error(), "credentials") || !strings.Contains(err.Error(), "r1") {
		t.Errorf("the advised collect: %v, want an error about sweep r1, not about credentials\n%s", err, out)
	}
}
