package main

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stackel/stackel/experiment/natsq"
	"github.com/stackel/stackel/experiment/sweep"
)

// A worker started before its server (the sweep that embeds it, on
// another machine) waits for it, instead of exiting with "no servers
// available", and runs the jobs of the sweep once it has started.
func TestWorkerBeforeServer(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	wk := startStackel(t, "worker", "--nats", "nats://"+addr, "--work-dir", t.TempDir())
	exited := func() bool {
		select {
		case err := <-wk.done:
			wk.done <- err // for the cleanup
			return true
		default:
			return false
		}
	}
	waitUntil(t, 30*time.Second, "the worker to wait for its server", func() bool {
		return strings.Contains(wk.output(), "waiting for one") || exited()
	})
	if exited() {
		t.Fatalf("the worker exited before its server started:\n%s", wk.output())
	}

	srv, err := natsq.StartServer(natsq.ServerOptions{Listen: addr, StoreDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Shutdown()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c, err := natsq.Connect(ctx, natsq.ConnOptions{URL: srv.ClientURL()})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Setup(ctx, natsq.QueueOptions{AckWait: 5 * time.Second}); err != nil {
		t.Fatal(err)
	}
	spec, err := sweep.ParseSpec([]byte(sgaSpec("early")), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	jobs, err := spec.Expand()
	if err != nil {
		t.Fatal(err)
	}
	exec := natsq.Executor{Conn: c, Name: "early", Manifest: sweep.Manifest{Name: "early", Jobs: jobs}}
	if err := exec.Execute(ctx, t.TempDir(), sweep.Plain(jobs), nil); err != nil {
		t.Fatalf("%v\nworker:\n%s", err, wk.output())
	}
	st, err := c.States(ctx, "early", sweep.Plain(jobs))
	if err != nil {
		t.Fatal(err)
	}
	if st[0].Status != sweep.StatusDone || !strings.Contains(wk.output(), "completed early "+jobs[0].ID) {
		t.Errorf("job: %+v\nworker:\n%s", st[0], wk.output())
	}
}

// A sweep whose name cannot name its NATS subjects and keys ("grid+1") is
// refused with an error naming it before a server starts, not with "nats:
// invalid key" after (the spec itself refuses it since session 28).
func TestSweepNameRefused(t *testing.T) {
	dir := t.TempDir()
	spec := sgaSpec(`"grid+1"`)
	if err := os.WriteFile(filepath.Join(dir, "plus.yaml"), []byte(spec), 0o644); err != nil {
		t.Fatal(err)
	}
	r := runCLI(t, dir, nil, "sweep", "plus.yaml", "--out", "out", "--listen", "127.0.0.1:0", "--workers", "1")
	if r.exit == 0 || !strings.Contains(r.out, `name "grid+1"`) || !strings.Contains(r.out, "use letters, digits, - and _ only") || strings.Contains(r.out, "listening at") {
		t.Errorf("exit %d:\n%s", r.exit, r.out)
	}
}

// sgaSpec is a sweep spec named name (YAML text) of one smooth-game job of
// 20 iterations.
func sgaSpec(name string) string {
	return "name: " + name + `
config:
  name: sga
  game: {sense: cost, dims: [1, 1], f1: "x[0]*x[0]", f2: "y[0]*y[0]"}
  dynamics: {kind: sga, leader_lr: {constant: 0.1}, follower_lr: {constant: 0.1}}
  iterations: 20
  init: {x: [1], y: [1]}
`
}
