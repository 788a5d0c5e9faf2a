package natsq

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/experiment/sweep"
)

// doneWithOutputs runs the first of sweep name's small jobs here, stores
// its outputs on c's server and records it done, as a worker would, and
// returns it.
func doneWithOutputs(ctx context.Context, t *testing.T, c *Conn, name string) []experiment.Job {
	t.Helper()
	jobs := sweep.Plain(smallJobs(t, name))[:1]
	dir := t.TempDir()
	rec, err := sweep.RunJob(ctx, jobs[0], dir, sweep.RunOptions{Worker: "w", Attempt: 1})
	if err != nil || rec.Status != sweep.StatusDone {
		t.Fatalf("running the job: %+v, %v", rec, err)
	}
	if err := c.storeOutputs(ctx, jobs[0].ID, dir, rec.Status); err != nil {
		t.Fatal(err)
	}
	if err := c.PutState(ctx, name, jobs[0].ID, State{Status: sweep.StatusDone, Attempts: 1, Completions: 1}); err != nil {
		t.Fatal(err)
	}
	return jobs
}

// objectDirectGets switches the direct gets of the object store's stream
// on or off on the server. c's object store, which read its stream's
// configuration when it connected, reads objects by direct gets: switched
// off, they get no responders while the key-value bucket answers — the
// object store's JetStream not answering yet (as after a server restart)
// while the job states are read, which a restart without JetStream gives
// only between two reads.
func objectDirectGets(ctx context.Context, t *testing.T, c *Conn, on bool) {
	t.Helper()
	s, err := c.JS.Stream(ctx, objStream)
	if err != nil {
		t.Fatal(err)
	}
	cfg := s.CachedInfo().Config
	cfg.AllowDirect = on
	if _, err := c.JS.UpdateStream(ctx, cfg); err != nil {
		t.Fatal(err)
	}
}

// throughObjectOutage runs op while c's object store does not answer (its
// direct gets off: objectDirectGets) and returns op's result after the
// store answers again: it waits until log says that the server does not
// answer (failing the test if op returns first), lets linger pass (more
// polls, which must not say it again) and switches the direct gets back
// on. It fails the test if op has not ended when ctx is done.
func throughObjectOutage[T any](ctx context.Context, t *testing.T, c *Conn, log *lockedWriter, who string, linger time.Duration, op func() (T, error)) (T, error) {
	t.Helper()
	objectDirectGets(ctx, t, c, false)
	type result struct {
		v   T
		err error
	}
	res := make(chan result, 1)
	ran := make(chan error, 1)
	go func() {
		v, err := op()
		res <- result{v, err}
		ran <- err
	}()
	waitOrReturn(ctx, t, who, log, "does not answer", ran)
	time.Sleep(linger)
	objectDirectGets(ctx, t, c, true)
	select {
	case r := <-res:
		return r.v, r.err
	case <-ctx.Done():
		t.Fatalf("%s did not end:\n%s", who, logString(log))
	}
	panic("unreachable")
}

// A sweep's wait whose download of a finished job's outputs gets "no
// responders" (the object store's JetStream not answering yet) waits for
// it, saying so once, and then downloads them: the job ends done, its
// outputs on disk. Before, the download's error recorded the job as
// failed (FetchFailed: "its outputs could not be downloaded: ... no
// responders available for request") and the wait ended at once.
func TestWaitFetchOutlastsNoResponders(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c := startQueueNoWorker(t, QueueOptions{})
	jobs := doneWithOutputs(ctx, t, c, "fetchoff")
	log := &lockedWriter{w: &strings.Builder{}}
	root := t.TempDir()
	st, err := throughObjectOutage(ctx, t, c, log, "the wait", time.Second, func() ([]State, error) {
		return c.Wait(ctx, "fetchoff", jobs, root, log, nil)
	})
	if err != nil {
		t.Fatalf("wait: %v\n%s", err, logString(log))
	}
	if s := st[0]; s.Status != sweep.StatusDone {
		t.Errorf("job: %+v, want done\n%s", s, logString(log))
	}
	if rec, finished, err := experiment.JobState(filepath.Join(root, jobs[0].Out), jobs[0]); err != nil || !finished || rec.Status != experiment.JobDone {
		t.Errorf("the job's outputs after the wait: %+v finished %v, %v", rec, finished, err)
	}
	saidOnce(t, log, "does not answer", "the server does not answer")
	saidOnce(t, log, "answers again", "the server answers again")
}

// A sweep's wait whose object store is gone from a server that answers
// (deleted) ends with an error naming it, recording no job failed over
// it. Before, each finished job was recorded failed with "outputs of job
// ...: nats: no responders available for request".
func TestWaitFetchObjectStoreGoneNamesIt(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c := startQueueNoWorker(t, QueueOptions{})
	jobs := doneWithOutputs(ctx, t, c, "objgone")
	if err := c.JS.DeleteStream(ctx, objStream); err != nil {
		t.Fatal(err)
	}
	log := &lockedWriter{w: &strings.Builder{}}
	st, err := c.Wait(ctx, "objgone", jobs, t.TempDir(), log, nil)
	if ctx.Err() != nil {
		t.Fatalf("the wait did not end:\n%s", logString(log))
	}
	want := "sweep objgone: the object store " + ObjectBucket + " (stream " + objStream + ") is gone from the NATS server, which answers"
	if err == nil || !strings.Contains(err.Error(), want) || len(FetchErrors(err)) != 0 || st != nil {
		t.Errorf("wait: %+v, %v\nwant no states and an error saying %q, no FetchError", st, err, want)
	}
	if err != nil && strings.Count(err.Error(), "is gone") != 1 {
		t.Errorf("wait: %v\nwant it to say once that the object store is gone", err)
	}
	if l := logString(log); strings.Contains(l, "could not be downloaded") || strings.Contains(l, "does not answer") {
		t.Errorf("log:\n%s", l)
	}
}

// A collect whose download gets "no responders" (the object store's
// JetStream not answering yet) waits for it, saying once on c.Log that the
// server does not answer, records no job as failed, and downloads the
// outputs once the server answers. Before session 42 it returned the
// states with the job as a FetchError, which `stackel sweep collect` wrote
// to the report as failed; before session 44 it ended at once with the
// bare "nats: no responders available for request", where Wait and the
// worker wait.
func TestCollectOutlastsNoResponders(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c := startQueueNoWorker(t, QueueOptions{})
	jobs := doneWithOutputs(ctx, t, c, "collectoff")
	log := &lockedWriter{w: &strings.Builder{}}
	c.Log = log
	root := t.TempDir()
	st, err := throughObjectOutage(ctx, t, c, log, "the collect", 0, func() ([]State, error) {
		return c.Collect(ctx, "collectoff", jobs, root)
	})
	if err != nil || len(st) != 1 || st[0].Status != sweep.StatusDone {
		t.Fatalf("collect: %+v, %v\n%s", st, err, logString(log))
	}
	if rec, finished, err := experiment.JobState(filepath.Join(root, jobs[0].Out), jobs[0]); err != nil || !finished || rec.Status != experiment.JobDone {
		t.Errorf("the job's outputs after the collect: %+v finished %v, %v", rec, finished, err)
	}
	saidOnce(t, log, "does not answer", "the server does not answer")
}

// A collect with no log (Conn.Log) whose download gets "no responders"
// does not wait silently: it ends at once with no states, no job counted
// failed, and an error that says the server does not answer and what to
// do. Before session 44 the error was the bare "outputs of job ...: nats:
// no responders available for request".
func TestCollectWithoutLogSaysNotAnswering(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c := startQueueNoWorker(t, QueueOptions{})
	jobs := doneWithOutputs(ctx, t, c, "collectnolog")
	objectDirectGets(ctx, t, c, false)
	st, err := c.Collect(ctx, "collectnolog", jobs, t.TempDir())
	want := "sweep collectnolog: the NATS server, or JetStream on it, does not answer (restarting, or JetStream not enabled yet); collect again once it does: outputs of job " + jobs[0].ID + ": nats: no responders available for request"
	if err == nil || err.Error() != want || len(FetchErrors(err)) != 0 || st != nil {
		t.Errorf("collect: %+v, %v\nwant no states and %q, no FetchError", st, err, want)
	}
}

// A collect that is cancelled while it waits for a server that does not
// answer ends with no states and ctx's error, no job counted failed.
func TestCollectWaitEndsWithContext(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c := startQueueNoWorker(t, QueueOptions{})
	jobs := doneWithOutputs(ctx, t, c, "collectstop")
	objectDirectGets(ctx, t, c, false)
	log := &lockedWriter{w: &strings.Builder{}}
	c.Log = log
	cctx, stop := context.WithCancel(ctx)
	ran := make(chan error, 1)
	var st []State
	go func() {
		var err error
		st, err = c.Collect(cctx, "collectstop", jobs, t.TempDir())
		ran <- err
	}()
	waitOrReturn(ctx, t, "the collect", log, "does not answer", ran)
	stop()
	var err error
	select {
	case err = <-ran:
	case <-ctx.Done():
		t.Fatalf("the collect did not end:\n%s", logString(log))
	}
	if !errors.Is(err, context.Canceled) || len(FetchErrors(err)) != 0 || st != nil {
		t.Errorf("collect: %+v, %v\nwant no states and context.Canceled, no FetchError", st, err)
	}
}

// A collect whose object store is gone from a server that answers
// (deleted) ends with no states and an error naming it. Before, each
// finished job was a FetchError "outputs of job ...: nats: no responders
// available for request", reported failed.
func TestCollectObjectStoreGoneNamesIt(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c := startQueueNoWorker(t, QueueOptions{})
	jobs := doneWithOutputs(ctx, t, c, "collectgone")
	if err := c.JS.DeleteStream(ctx, objStream); err != nil {
		t.Fatal(err)
	}
	st, err := c.Collect(ctx, "collectgone", jobs, t.TempDir())
	want := "the object store " + ObjectBucket + " (stream " + objStream + ") is gone from the NATS server, which answers"
	if err == nil || !strings.Contains(err.Error(), want) || len(FetchErrors(err)) != 0 || st != nil {
		t.Errorf("collect: %+v, %v\nwant no states and an error saying %q, no FetchError", st, err, want)
	}
}
