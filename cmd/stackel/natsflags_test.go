package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stackel/stackel/experiment/natsq"
)

// --listen, --user and --password configure the embedded server; with
// --nats URL there is none, and they were ignored without a word (a
// --user meant as the client's then failed on the server as "authorization
// violation", or not at all). They are refused, naming them, before
// anything connects or is written.
func TestSweepEmbeddedServerFlagsRefusedWithNATS(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "s.yaml", sgaSpec("flags"))
	const want = "stackel: --listen, --user, --password: no effect with --nats (they configure the embedded server, which --nats replaces; give the server's credentials as user:password@ in the URL, --token or --creds)\n"
	r := runCLI(t, dir, nil, "sweep", "s.yaml", "--nats", "nats://127.0.0.1:1", "--out", "out",
		"--listen", "127.0.0.1:5555", "--user", "u", "--password", "p")
	if r.exit != 1 || r.out != want {
		t.Errorf("exit %d, want 1; output:\n%q\nwant:\n%q", r.exit, r.out, want)
	}
	if _, err := os.Stat(filepath.Join(dir, "out")); err == nil {
		t.Error("the refused sweep left its --out behind")
	}
}

// A sweep or reproduction on a NATS server that does not give --attempts
// or --ack-wait leaves the server's queue as another sweep set it (its
// jobs may still run): before, `sweep --attempts 7 --ack-wait 45s`
// followed by any other sweep or `reproduce --nats` on the server had the
// queue at 3 attempts and 30 s, silently.
func TestSweepWithoutQueueFlagsKeepsServerQueue(t *testing.T) {
	url := startLoopbackServer(t)
	dir := t.TempDir()
	a := writeFile(t, dir, "a.yaml", strings.Replace(replaceSpec, "%s", "[1, 2]", 1))
	b := writeFile(t, dir, "b.yaml", strings.Replace(strings.Replace(replaceSpec, "%s", "[3]", 1), "name: grid", "name: other", 1))
	runs := [][]string{
		{"sweep", a, "--nats", url, "--workers", "1", "--out", "a", "--attempts", "7", "--ack-wait", "45s"},
		{"sweep", b, "--nats", url, "--workers", "1", "--out", "b"},
		{"reproduce", "fiez-duopoly", "--quick", "--nats", url, "--local-workers", "1", "--out", "r"},
	}
	for _, args := range runs {
		if r := runCLI(t, dir, nil, args...); r.exit != 0 {
			t.Fatalf("%v: exit %d\n%s", args, r.exit, r.out)
		}
	}
	ctx, c := dialNATS(t, url)
	q, err := c.QueueOptions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := (natsq.QueueOptions{AckWait: 45 * time.Second, MaxAttempts: 7}); q != want {
		t.Errorf("the server's queue: %+v, want %+v (the first sweep's)", q, want)
	}
}
