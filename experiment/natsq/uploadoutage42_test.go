package natsq

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/experiment/sweep"
)

// JetStream that answers "no responders" as a worker stores a finished
// run's outputs (as for a while after a server restarts, before it has
// loaded its streams), and then comes back: the worker waits for it, as
// for a server that does not answer, and the job is done at its one
// attempt. Before session 42 the upload's "nats: no responders available
// for request" counted the attempt: with one attempt allowed, the job
// ended failed and its finished run was thrown away.
func TestOutputsStoredAfterJetStreamNoResponders(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	srv, c := startRestartable(ctx, t)
	if err := c.Setup(ctx, QueueOptions{AckWait: 10 * time.Second, MaxAttempts: 1}); err != nil {
		t.Fatal(err)
	}
	jobs := jobsWithSeeds(t, "noresp", "[1]")
	if _, _, _, err := c.Submit(ctx, sweep.Manifest{Name: "noresp", Jobs: jobs}, sweep.Plain(jobs), nil); err != nil {
		t.Fatal(err)
	}
	// At the upload the server is restarted without JetStream (its
	// requests get no responders), and JetStream is switched on again on
	// the same store once the worker has met that and said it tries
	// again. (Switching JetStream
	// off and on in one running server races inside nats-server under
	// -race.)
	atOutputs, restarted := make(chan struct{}), make(chan struct{})
	duringTransfer = func(w string) {
		if w != "outputs" {
			return
		}
		duringTransfer = nil // once
		close(atOutputs)
		<-restarted
	}
	t.Cleanup(func() { duringTransfer = nil })
	log := &lockedWriter{w: &strings.Builder{}}
	startWorker(t, &Worker{Conn: c, Name: "w", Concurrency: 1, WorkDir: t.TempDir(), Log: log})
	var once sync.Once
	release := func() { once.Do(func() { close(restarted) }) }
	t.Cleanup(release) // before the worker is stopped, should the test end early
	select {
	case <-atOutputs:
	case <-ctx.Done():
		t.Fatalf("the worker never got to the outputs:\n%s", logString(log))
	}
	// The upload is let go only once the worker's client has reconnected
	// to the server without JetStream, and JetStream is switched on only
	// once the worker has said it tries again: an upload that waited in
	// the client's reconnect buffer until JetStream was back (a reconnect
	// later than 6 retryEvery under load) met no outage at all.
	reconnects := c.NC.Stats().Reconnects
	enable := restartWithoutJetStream(t, srv)
	for c.NC.Stats().Reconnects == reconnects || !c.NC.IsConnected() {
		select {
		case <-ctx.Done():
			t.Fatalf("the worker's client did not reconnect:\n%s", logString(log))
		case <-time.After(20 * time.Millisecond):
		}
	}
	release()
	waitLog(ctx, t, log, "; trying again while the NATS server does not answer")
	enable()
	// The sweep's own wait is not what is tested here: it starts once
	// JetStream answers again.
	for {
		if _, err := c.States(ctx, "noresp", sweep.Plain(jobs)); err == nil {
			break
		}
		select {
		case <-ctx.Done():
			t.Fatalf("JetStream did not come back:\n%s", logString(log))
		case <-time.After(100 * time.Millisecond):
		}
	}
	st, err := c.Wait(ctx, "noresp", sweep.Plain(jobs), t.TempDir(), nil, nil)
	if err != nil {
		t.Fatalf("wait: %v\n%s", err, logString(log))
	}
	if s := st[0]; s.Status != sweep.StatusDone || s.Attempts != 1 || s.Completions != 1 {
		t.Errorf("job: %+v, want done at attempt 1\n%s", s, logString(log))
	}
	if !strings.Contains(logString(log), "storing its outputs: ") ||
		!strings.Contains(logString(log), "no responders available for request; trying again while the NATS server does not answer") {
		t.Errorf("log does not say the upload is tried again:\n%s", logString(log))
	}
}

// A worker stopped while it waits for JetStream to take a finished run's
// outputs keeps them on its disk, in the job's directory (under its
// temporary work directory, which it then leaves in place), and its log
// says where. Before session 42 the directory was removed as the worker
// stopped, and the outputs lost without a word.
func TestStoppedUploadKeepsOutputs(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	srv, c := startRestartable(ctx, t)
	if err := c.Setup(ctx, QueueOptions{AckWait: 10 * time.Second, MaxAttempts: 1}); err != nil {
		t.Fatal(err)
	}
	jobs := jobsWithSeeds(t, "keepout", "[1]")
	if _, _, _, err := c.Submit(ctx, sweep.Manifest{Name: "keepout", Jobs: jobs}, sweep.Plain(jobs), nil); err != nil {
		t.Fatal(err)
	}
	duringTransfer = func(w string) {
		if w != "outputs" {
			return
		}
		duringTransfer = nil // once
		srv.srv.s.DisableJetStream()
	}
	t.Cleanup(func() { duringTransfer = nil })
	log := &lockedWriter{w: &strings.Builder{}}
	wctx, stop := context.WithCancel(ctx)
	defer stop()
	ran := make(chan error, 1)
	// No WorkDir: the worker's own temporary one.
	w := &Worker{Conn: c, Name: "w", Concurrency: 1, Log: log}
	go func() { ran <- w.Run(wctx) }()
	waitLog(ctx, t, log, "; trying again while the NATS server does not answer")
	stop()
	select {
	case err := <-ran:
		if err != nil {
			t.Fatal(err)
		}
	case <-ctx.Done():
		t.Fatalf("the worker did not stop:\n%s", logString(log))
	}
	const said = "could be stored (storing outputs of " + "%s: nats: no responders available for request); they are kept in "
	want := "handed back keepout " + jobs[0].ID + ": this worker is stopping before the outputs of its finished run (done) " +
		strings.Replace(said, "%s", jobs[0].ID, 1)
	l := logString(log)
	i := strings.Index(l, want)
	if i < 0 {
		t.Fatalf("log does not say where the outputs are (%q):\n%s", want, l)
	}
	dir := l[i+len(want):]
	dir = dir[:strings.IndexByte(dir, '\n')]
	if w.WorkDir == "" || filepath.Dir(dir) != w.WorkDir {
		t.Fatalf("kept in %s, not under the work directory %s", dir, w.WorkDir)
	}
	t.Cleanup(func() { os.RemoveAll(w.WorkDir) })
	for _, f := range []string{sweep.AttemptFile, experiment.SummaryFile} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("the kept outputs: %v", err)
		}
	}
}
