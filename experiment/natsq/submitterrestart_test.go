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
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	srv, c := startRestartable(ctx, t)
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
	srv.stopAndWait(t, "the sweep", log, ran)
	cw := srv.restart(ctx, t)
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
	saidOnce(t, log, "does not answer", "the server does not answer")
}

// restartableServer is a NATS server on loopback that a test stops and
// starts again at the same address with the same store, as a machine's
// server restarting under its clients.
type restartableServer struct {
	srv         *Server
	store, addr string
}

// startRestartable starts a restartableServer (shut down when the test
// ends) and connects a client to it (closed when the test ends).
func startRestartable(ctx context.Context, t *testing.T) (*restartableServer, *Conn) {
	t.Helper()
	// Requests without a deadline, as the CLI's, meet the server's outages
	// after requestTimeout: 1 s here, not 5 s, for every client of the
	// test (connected after this).
	requestTimeout = time.Second
	t.Cleanup(func() { requestTimeout = 5 * time.Second })
	r := &restartableServer{store: t.TempDir()}
	var err error
	if r.srv, err = StartServer(ServerOptions{Listen: "127.0.0.1:0", StoreDir: r.store}); err != nil {
		t.Fatal(err)
	}
	r.addr = strings.TrimPrefix(r.srv.ClientURL(), "nats://")
	t.Cleanup(func() { r.srv.Shutdown() })
	return r, r.connect(ctx, t)
}

// connect connects a client to the server as it runs now (closed when the
// test ends).
func (r *restartableServer) connect(ctx context.Context, t *testing.T) *Conn {
	t.Helper()
	c, err := Connect(ctx, ConnOptions{URL: r.srv.ClientURL()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}

// stopAndWait shuts the server down and waits until who's log says once
// that the server does not answer, failing the test if who returns
// (sends on ran) instead of waiting; a value it sends is kept for the
// test to receive.
func (r *restartableServer) stopAndWait(t *testing.T, who string, log *lockedWriter, ran chan error) {
	t.Helper()
	r.srv.Shutdown()
	var ended error
	returned := false
	if !waitFor(60*time.Second, func() bool {
		select {
		case ended = <-ran:
			ran <- ended
			returned = true
			return true
		default:
		}
		return strings.Contains(logString(log), "does not answer")
	}) || returned {
		t.Fatalf("%s did not wait for its server (returned: %v, %v):\n%s", who, returned, ended, logString(log))
	}
}

// restart starts the server again at its address on its store and
// connects a new client to it.
func (r *restartableServer) restart(ctx context.Context, t *testing.T) *Conn {
	t.Helper()
	var err error
	if r.srv, err = StartServer(ServerOptions{Listen: r.addr, StoreDir: r.store}); err != nil {
		t.Fatal(err)
	}
	return r.connect(ctx, t)
}
