package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stackel/stackel/experiment/natsq"
	"github.com/stackel/stackel/experiment/sweep"
)

// startLoopbackServer starts a NATS server on a free loopback port with
// its store in a temporary directory, shut down when the test ends, and
// returns its URL.
func startLoopbackServer(t *testing.T) string {
	t.Helper()
	srv, err := natsq.StartServer(natsq.ServerOptions{Listen: "127.0.0.1:0", StoreDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Shutdown)
	return srv.ClientURL()
}

// serverStates returns the states on the server at url of sweep name's
// jobs, as its stored manifest lists them.
func serverStates(t *testing.T, url, name string) []natsq.State {
	t.Helper()
	ctx, c := dialNATS(t, url)
	m, err := c.Manifest(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	st, err := c.States(ctx, name, sweep.Plain(m.Jobs))
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// checkRefusedLeftAlone checks that out holds the running sweep's
// manifest.json as it was (before) and neither a report.md nor a
// sweep.json, and that the running sweep's jobs on the server are still
// queued, none started (the refused sweep started no local worker).
func checkRefusedLeftAlone(t *testing.T, out string, before []byte, url, name string) {
	t.Helper()
	after, err := os.ReadFile(filepath.Join(out, sweep.ManifestFile))
	if err != nil || string(after) != string(before) {
		t.Errorf("%s/manifest.json changed by the refused sweep (%v):\n%s\nwas:\n%s", out, err, after, before)
	}
	for _, f := range []string{"report.md", "sweep.json"} {
		if _, err := os.Stat(filepath.Join(out, f)); err == nil {
			t.Errorf("the refused sweep wrote %s/%s", out, f)
		}
	}
	for i, s := range serverStates(t, url, name) {
		if s.Status != sweep.StatusQueued || s.Attempts != 0 {
			t.Errorf("the running sweep's job %d: %s, %d attempts; want queued, 0", i, s.Status, s.Attempts)
		}
	}
}

// A sweep submitted to a NATS server under the name of a running sweep
// with another grid is refused (exit 1, the server's message), and writes
// nothing: before, it replaced the running sweep's manifest.json in a
// shared --out with its own (so `sweep collect DIR` then reported the
// refused grid's jobs as missing) and wrote a report of its jobs as
// "missing" there, or into a new --out that it left behind.
func TestSweepRefusedByNameWritesNothing(t *testing.T) {
	url := startLoopbackServer(t)
	dir := t.TempDir()
	a := writeFile(t, dir, "a.yaml", strings.Replace(replaceSpec, "%s", "[1, 2]", 1))
	b := writeFile(t, dir, "b.yaml", strings.Replace(replaceSpec, "%s", "[3]", 1))
	out := filepath.Join(dir, "out")
	first := startStackel(t, "sweep", a, "--nats", url, "--workers", "0", "--out", out)
	// Said once its jobs are queued and its manifest written.
	waitUntil(t, time.Minute, "the first sweep's jobs queued", func() bool {
		return strings.Contains(first.output(), "2 jobs, 2 queued") && strings.Contains(first.output(), "no local workers")
	})
	before, err := os.ReadFile(filepath.Join(out, sweep.ManifestFile))
	if err != nil {
		t.Fatal(err)
	}

	refusal := `stackel: the sweep's name is in use: sweep "grid" on this server has 2 jobs that this one does not have, still queued or running (a different grid under the same name); give this sweep another name, stop that one first (stackel sweep cancel --nats ` + url + ` grid), or replace it (--replace cancels just those jobs)` + "\n"
	for _, o := range []string{out, filepath.Join(dir, "new")} {
		r := runCLI(t, dir, nil, "sweep", b, "--nats", url, "--workers", "1", "--out", o)
		if r.exit != 1 || !strings.HasSuffix(r.out, refusal) || strings.Contains(r.out, "wrote ") || strings.Contains(r.out, "Jobs:") {
			t.Errorf("--out %s: exit %d, want 1 with the refusal alone:\n%s", o, r.exit, r.out)
		}
	}
	checkRefusedLeftAlone(t, out, before, url, "grid")
	if _, err := os.Stat(filepath.Join(dir, "new")); err == nil {
		t.Errorf("the refused sweep left its new --out %s/new behind", dir)
	}
	first.cmd.Process.Signal(syscall.SIGINT)
	first.wait(t, time.Minute)
}

// The same for a reproduction on NATS: `reproduce fiez-duopoly --quick
// --seeds 1 --nats URL`, while the same reproduction with 2 seeds waits
// for workers on that server, is refused and leaves the running one's
// manifest.json as it is (before, it was replaced by the refused one's;
// since session 39 the running one's lock on its --out refuses it), and
// into a new --out is refused by the sweep's name and leaves no directory
// (before, one holding reproduction.json).
func TestReproduceRefusedByNameKeepsManifest(t *testing.T) {
	url := startLoopbackServer(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	first := startStackel(t, "reproduce", "fiez-duopoly", "--quick", "--seeds", "2", "--nats", url, "--out", out)
	waitUntil(t, time.Minute, "the first reproduction's jobs queued", func() bool {
		return strings.Contains(first.output(), "4 jobs, 4 queued") && strings.Contains(first.output(), "no local workers")
	})
	before, err := os.ReadFile(filepath.Join(out, sweep.ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	// Into the running one's --out: refused by its lock (since session 39
	// a reproduction claims its --out), before the name is looked at.
	r := runCLI(t, dir, nil, "reproduce", "fiez-duopoly", "--quick", "--seeds", "1", "--nats", url, "--out", out, "--local-workers", "1")
	inUse := "stackel: fiez-duopoly: the output directory is in use: another stackel process is running in " + out
	if r.exit != 1 || !strings.HasPrefix(r.out, inUse) || strings.Contains(r.out, "wrote ") {
		t.Errorf("exit %d, want 1 with the refusal %q:\n%s", r.exit, inUse, r.out)
	}
	refusal := `stackel: fiez-duopoly: the sweep's name is in use: sweep "fiez-duopoly" on this server has 2 jobs that this one does not have, still queued or running (a different grid under the same name); give this sweep another name, stop that one first (stackel sweep cancel --nats ` + url + ` fiez-duopoly), or replace it (--replace cancels just those jobs)` + "\n"
	checkRefusedLeftAlone(t, out, before, url, "fiez-duopoly")
	// Into a new --out: nothing is left (it kept a reproduction.json).
	fresh := filepath.Join(dir, "new")
	r = runCLI(t, dir, nil, "reproduce", "fiez-duopoly", "--quick", "--seeds", "1", "--nats", url, "--out", fresh)
	if r.exit != 1 || !strings.HasSuffix(r.out, refusal) {
		t.Errorf("--out %s: exit %d, want 1 with the refusal:\n%s", fresh, r.exit, r.out)
	}
	if _, err := os.Stat(fresh); err == nil {
		t.Errorf("the refused reproduction left its new --out %s behind", fresh)
	}
	first.cmd.Process.Signal(syscall.SIGINT)
	first.wait(t, time.Minute)
}

// dialNATS connects to the NATS server at url for the rest of the test,
// with a context bounded to a minute.
func dialNATS(t *testing.T, url string) (context.Context, *natsq.Conn) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	c, err := natsq.Connect(ctx, natsq.ConnOptions{URL: url})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return ctx, c
}
