package natsq

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stackel/stackel/experiment/sweep"
)

// A sweep that waits for its jobs on another process's server (stackel
// sweep --nats URL, stackel reproduce --nats URL) waits through a restart
// of that server, saying so once, and ends when the jobs do, none lost or
// run twice; before, its first poll while the server was away ended it
// with the request's error, leaving the jobs to finish without it.
func TestSubmitterWaitsThroughServerRestart(t *testing.T) {
	store := t.TempDir()
	srv, err := StartServer(ServerOptions{Listen: "127.0.0.1:0", StoreDir: store})
	if err != nil {
		t.Fatal(err)
	}
	addr := strings.TrimPrefix(srv.ClientURL(), "nats://")
	defer func() { srv.Shutdown() }()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	c, err := Connect(ctx, ConnOptions{URL: srv.ClientURL()})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Setup(ctx, QueueOptions{AckWait: 5 * time.Second}); err != nil {
		t.Fatal(err)
	}
	jobs := smallJobs(t, "restart")
	log := &lockedWriter{w: &strings.Builder{}}
	root := t.TempDir()
	// Without a deadline, as the CLI's.
	ran := make(chan error, 1)
	go func() {
		ran <- (Executor{Conn: c, Name: "restart", Manifest: sweep.Manifest{Name: "restart", Jobs: jobs}, Log: log}).Execute(context.Background(), root, sweep.Plain(jobs), nil)
	}()
	if !waitFor(30*time.Second, func() bool { return strings.Contains(logString(log), "2 queued") }) {
		t.Fatalf("the sweep did not queue its jobs:\n%s", logString(log))
	}
	srv.Shutdown()
	var ended error
	returned := false
	if !waitFor(60*time.Second, func() bool {
		select {
		case ended = <-ran:
			returned = true
			return true
		default:
		}
		return strings.Contains(logString(log), "does not answer")
	}) || returned {
		t.Fatalf("the sweep did not wait for its server (returned: %v, %v):\n%s", returned, ended, logString(log))
	}
	if srv, err = StartServer(ServerOptions{Listen: addr, StoreDir: store}); err != nil {
		t.Fatal(err)
	}
	cw, err := Connect(ctx, ConnOptions{URL: srv.ClientURL()})
	if err != nil {
		t.Fatal(err)
	}
	defer cw.Close()
	startWorker(t, &Worker{Conn: cw, Name: "w", Concurrency: 1, WorkDir: t.TempDir()})
	select {
	case err := <-ran:
		if err != nil {
			t.Fatalf("the sweep after its server's restart: %v\n%s", err, logString(log))
		}
	case <-ctx.Done():
		t.Fatalf("the sweep did not end:\n%s", logString(log))
	}
	for i, st := range states(t, cw, "restart", jobs) {
		if st.Status != sweep.StatusDone || st.Attempts != 1 || st.Completions != 1 || st.Worker != "w" {
			t.Errorf("job %d: %+v", i, st)
		}
	}
	if n := strings.Count(logString(log), "does not answer"); n != 1 {
		t.Errorf("said %d times that the server does not answer:\n%s", n, logString(log))
	}
}
