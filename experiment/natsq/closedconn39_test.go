package natsq

import (
	"context"
	"strings"
	"testing"
	"time"
)

// A worker whose server restarts with other credentials (the sweep
// started again with a new STACKEL_NATS_TOKEN) has its reconnection
// refused, and the NATS client closes the connection for good: the worker
// can never fetch a job again. It ends with an error that says so (so
// that `stackel worker` exits 1), instead of running on for ever doing
// nothing; before session 39 it did, logging "fetch: nats: connection
// closed" every second for each slot.
func TestWorkerEndsOnClosedConnection(t *testing.T) {
	store := t.TempDir()
	srv, err := StartServer(ServerOptions{Listen: "127.0.0.1:0", StoreDir: store, Token: "first-token"})
	if err != nil {
		t.Fatal(err)
	}
	addr := strings.TrimPrefix(srv.ClientURL(), "nats://")
	c, err := Connect(context.Background(), ConnOptions{URL: srv.ClientURL(), Token: "first-token"})
	if err != nil {
		srv.Shutdown()
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Setup(context.Background(), QueueOptions{}); err != nil {
		srv.Shutdown()
		t.Fatal(err)
	}
	log := &lockedWriter{w: &strings.Builder{}}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- (&Worker{Conn: c, Name: "w", Concurrency: 2, WorkDir: t.TempDir(), Log: log}).Run(ctx) }()
	waitLog(ctx, t, log, "worker w: 2 slots")
	srv.Shutdown()
	srv, err = StartServer(ServerOptions{Listen: addr, StoreDir: store, Token: "second-token"})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Shutdown()
	var runErr error
	select {
	case runErr = <-done:
	case <-ctx.Done():
		t.Fatalf("the worker ran on with its connection closed (closed: %v):\n%s", c.NC.IsClosed(), logString(log))
	}
	if ctx.Err() != nil {
		t.Fatalf("the worker ended only with its context: %v", runErr)
	}
	want := "worker w: the connection to the NATS server is closed (the last error: nats: authorization violation)"
	if runErr == nil || !strings.Contains(strings.ToLower(runErr.Error()), strings.ToLower(want)) {
		t.Errorf("Run: %v, want an error containing %q (in any case)", runErr, want)
	}
	if runErr != nil && strings.Contains(runErr.Error(), "first-token") {
		t.Errorf("the error shows the token: %v", runErr)
	}
}
