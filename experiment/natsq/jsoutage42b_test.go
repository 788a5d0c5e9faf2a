package natsq

import (
	"context"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"

	"github.com/stackel/stackel/experiment/sweep"
)

// waitOrReturn waits until log says mark, failing the test if ran (what
// runs the call under test; buffered) receives first: the call gave up
// instead of waiting.
func waitOrReturn(ctx context.Context, t *testing.T, who string, log *lockedWriter, mark string, ran chan error) {
	t.Helper()
	for !strings.Contains(logString(log), mark) {
		select {
		case err := <-ran:
			ran <- err // for the test's clean-up
			t.Fatalf("%s returned (%v) instead of waiting for JetStream:\n%s", who, err, logString(log))
		case <-ctx.Done():
			t.Fatalf("%s never said %q:\n%s", who, mark, logString(log))
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// A sweep's wait while JetStream answers "no responders" for a few
// seconds (as after a server restart, before it has loaded its streams)
// waits it out, saying so once, and ends with the job done. Before
// session 42 it ended at once with "nats: no responders available for
// request", leaving the sweep without its report.
func TestWaitOutlastsJetStreamNoResponders(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	srv, c := startRestartable(ctx, t)
	if err := c.Setup(ctx, QueueOptions{AckWait: 10 * time.Second, MaxAttempts: 1}); err != nil {
		t.Fatal(err)
	}
	jobs := jobsWithSeeds(t, "jsoff", "[1]")
	if _, _, _, err := c.Submit(ctx, sweep.Manifest{Name: "jsoff", Jobs: jobs}, sweep.Plain(jobs), nil); err != nil {
		t.Fatal(err)
	}
	log := &lockedWriter{w: &strings.Builder{}}
	type result struct {
		st  []State
		err error
	}
	res := make(chan result, 1)
	ran := make(chan error, 1)
	go func() {
		st, err := c.Wait(ctx, "jsoff", sweep.Plain(jobs), t.TempDir(), log, nil)
		res <- result{st, err}
		ran <- err
	}()
	waitOrReturn(ctx, t, "the wait", log, "jsoff: ", ran)
	// Restarted without JetStream: switching JetStream off and on in one
	// server with clients on it races inside nats-server (-race).
	on := restartWithoutJetStream(t, srv)
	waitOrReturn(ctx, t, "the wait", log, "does not answer", ran)
	if !waitFor(30*time.Second, c.NC.IsConnected) {
		t.Fatal("the client did not reconnect")
	}
	time.Sleep(6 * waitPoll) // polls that must not say it again
	on()
	startWorker(t, &Worker{Conn: c, Name: "w", Concurrency: 1, WorkDir: t.TempDir()})
	var r result
	select {
	case r = <-res:
	case <-ctx.Done():
		t.Fatalf("the wait did not end:\n%s", logString(log))
	}
	if r.err != nil {
		t.Fatalf("wait: %v\n%s", r.err, logString(log))
	}
	if s := r.st[0]; s.Status != sweep.StatusDone || s.Attempts != 1 {
		t.Errorf("job: %+v, want done at attempt 1\n%s", s, logString(log))
	}
	saidOnce(t, log, "does not answer", "the server does not answer")
}

// A sweep's wait whose key-value bucket is gone from a server that answers
// (deleted) does not wait for it: it ends with an error naming the
// bucket. Before session 42 the error was only "nats: no responders
// available for request".
func TestWaitBucketGoneNamesIt(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c := startQueueNoWorker(t, QueueOptions{AckWait: 10 * time.Second, MaxAttempts: 1})
	jobs := jobsWithSeeds(t, "gone", "[1]")
	if _, _, _, err := c.Submit(ctx, sweep.Manifest{Name: "gone", Jobs: jobs}, sweep.Plain(jobs), nil); err != nil {
		t.Fatal(err)
	}
	if err := c.JS.DeleteStream(ctx, kvStream); err != nil {
		t.Fatal(err)
	}
	log := &lockedWriter{w: &strings.Builder{}}
	_, err := c.Wait(ctx, "gone", sweep.Plain(jobs), t.TempDir(), log, nil)
	if err == nil || ctx.Err() != nil {
		t.Fatalf("wait: %v (ctx %v)\n%s", err, ctx.Err(), logString(log))
	}
	want := "key-value bucket " + KVBucket + " (stream " + kvStream + ") is gone from the NATS server"
	if !strings.Contains(err.Error(), want) {
		t.Errorf("wait: %v\nwant it to say %q", err, want)
	}
	if strings.Contains(logString(log), "does not answer") {
		t.Errorf("log says the server does not answer:\n%s", logString(log))
	}
}

// nopLock is the store lock of a server started by restartWithoutJetStream,
// which takes none.
type nopLock struct{}

func (nopLock) Close() error { return nil }

// restartWithoutJetStream shuts r's server down and starts it again at its
// address with JetStream off (r's clients reconnect to it, and JetStream
// requests get no responders, as from a server that accepts clients
// before JetStream is ready), and returns what switches JetStream on on
// r's store.
func restartWithoutJetStream(t *testing.T, r *restartableServer) func() {
	t.Helper()
	r.srv.Shutdown()
	host, port, err := net.SplitHostPort(r.addr)
	if err != nil {
		t.Fatal(err)
	}
	p, err := strconv.Atoi(port)
	if err != nil {
		t.Fatal(err)
	}
	s, err := server.NewServer(&server.Options{ServerName: "stackel", Host: host, Port: p, NoSigs: true, NoLog: true, MaxPayload: 8 << 20})
	if err != nil {
		t.Fatal(err)
	}
	go s.Start()
	if !s.ReadyForConnections(10 * time.Second) {
		t.Fatal("the server did not start again")
	}
	r.srv = &Server{s: s, lock: nopLock{}, scheme: "nats"}
	return func() {
		t.Helper()
		if err := s.EnableJetStream(&server.JetStreamConfig{StoreDir: r.store}); err != nil {
			t.Fatal(err)
		}
	}
}

// A worker started while its server, restarted, accepts clients but its
// JetStream gets no responders yet waits for it, saying so once, and then
// serves the queue. Before session 42 Run ended at once with "NATS: work
// queue (consumer workers on stream STACKEL_JOBS): nats: no responders
// available for request".
func TestWorkerStartsThroughJetStreamNoResponders(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	srv, c := startRestartable(ctx, t)
	if err := c.Setup(ctx, QueueOptions{AckWait: 10 * time.Second, MaxAttempts: 1}); err != nil {
		t.Fatal(err)
	}
	on := restartWithoutJetStream(t, srv)
	if !waitFor(30*time.Second, c.NC.IsConnected) {
		t.Fatal("the client did not reconnect")
	}
	log := &lockedWriter{w: &strings.Builder{}}
	wctx, stop := context.WithCancel(ctx)
	ran := make(chan error, 1)
	go func() { ran <- (&Worker{Conn: c, Name: "w", Concurrency: 1, WorkDir: t.TempDir(), Log: log}).Run(wctx) }()
	t.Cleanup(func() { stop(); <-ran })
	waitOrReturn(ctx, t, "the worker", log, "does not answer", ran)
	time.Sleep(6 * retryEvery) // tries that must not say it again
	on()
	jobs := jobsWithSeeds(t, "wstart", "[1]")
	if _, _, _, err := c.Submit(ctx, sweep.Manifest{Name: "wstart", Jobs: jobs}, sweep.Plain(jobs), nil); err != nil {
		t.Fatal(err)
	}
	st, err := c.Wait(ctx, "wstart", sweep.Plain(jobs), t.TempDir(), nil, nil)
	if err != nil {
		t.Fatalf("wait: %v\n%s", err, logString(log))
	}
	if s := st[0]; s.Status != sweep.StatusDone {
		t.Errorf("job: %+v, want done\n%s", s, logString(log))
	}
	saidOnce(t, log, "does not answer", "the server does not answer")
}

// ConnectWait to a server that accepts clients before its JetStream
// answers (no responders; the client reads "JetStream not enabled") waits
// for it, saying so once, and connects once it answers. Before session 42
// it ended at once with "key-value bucket stackel_sweeps: nats: API
// error: code=503 err_code=10076 description=jetstream not enabled (is
// JetStream enabled?)".
func TestConnectWaitThroughJetStreamNoResponders(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	srv, _ := startRestartable(ctx, t)
	on := restartWithoutJetStream(t, srv)
	log := &lockedWriter{w: &strings.Builder{}}
	type result struct {
		c   *Conn
		err error
	}
	res := make(chan result, 1)
	ran := make(chan error, 1)
	go func() {
		c, err := ConnectWait(ctx, ConnOptions{URL: srv.srv.ClientURL()}, log)
		res <- result{c, err}
		ran <- err
	}()
	waitOrReturn(ctx, t, "ConnectWait", log, "JetStream on the NATS server at "+srv.srv.ClientURL()+" does not answer yet", ran)
	time.Sleep(6 * retryEvery) // tries that must not say it again
	on()
	var r result
	select {
	case r = <-res:
	case <-ctx.Done():
		t.Fatalf("ConnectWait did not end:\n%s", logString(log))
	}
	if r.err != nil {
		t.Fatalf("ConnectWait: %v\n%s", r.err, logString(log))
	}
	r.c.Close()
	saidOnce(t, log, "does not answer", "JetStream does not answer")
}
