package natsq

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/stackel/stackel/experiment/sweep"
)

// jobsWithSeeds expands the small spec under name with the given seeds.
func jobsWithSeeds(t *testing.T, name, seeds string) []sweep.Job {
	t.Helper()
	spec := strings.Replace(strings.Replace(smallSpec, "%s", name, 1), "seeds: [1, 2]", "seeds: "+seeds, 1)
	return expandSpec(t, spec)
}

// manifestIDs returns the job IDs of the manifest stored under name.
func manifestIDs(t *testing.T, c *Conn, name string) []string {
	t.Helper()
	m, err := c.Manifest(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, j := range m.Jobs {
		ids = append(ids, j.ID)
	}
	return ids
}

// A second sweep of the same name with another grid, while the first has
// jobs queued, is refused and leaves the first's manifest; a grown grid is
// accepted; CancelOthers cancels just the jobs the new grid drops (their
// messages removed), after which the new sweep is accepted and the job
// both share stays queued once.
func TestSameNameOtherGrid(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{AckWait: 5 * time.Second, MaxAttempts: 2})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	first := jobsWithSeeds(t, "same", "[1, 2]")
	if _, q, _, err := c.Submit(ctx, sweep.Manifest{Name: "same", Jobs: first}, sweep.Plain(first), nil); err != nil || q != 2 {
		t.Fatalf("first sweep: %d queued, %v", q, err)
	}
	firstIDs := manifestIDs(t, c, "same")

	other := jobsWithSeeds(t, "same", "[3]")
	_, _, _, err := c.Submit(ctx, sweep.Manifest{Name: "same", Jobs: other}, sweep.Plain(other), nil)
	if !errors.Is(err, ErrNameInUse) || !strings.Contains(err.Error(), "2 jobs that this one does not have, still queued or running") || !strings.Contains(err.Error(), `"same"`) {
		t.Fatalf("another grid under the same name: %v", err)
	}
	if got := manifestIDs(t, c, "same"); strings.Join(got, ",") != strings.Join(firstIDs, ",") {
		t.Fatalf("the refused sweep replaced the manifest: %v, want %v", got, firstIDs)
	}

	// More seeds: the same jobs and one more.
	grown := jobsWithSeeds(t, "same", "[1, 2, 3]")
	if _, q, _, err := c.Submit(ctx, sweep.Manifest{Name: "same", Jobs: grown}, sweep.Plain(grown), nil); err != nil || q != 1 {
		t.Fatalf("grown grid: %d queued (want 1), %v", q, err)
	}
	_, _, _, err = c.Submit(ctx, sweep.Manifest{Name: "same", Jobs: other}, sweep.Plain(other), nil)
	if !errors.Is(err, ErrNameInUse) || !strings.Contains(err.Error(), "2 jobs that this one does not have, still queued or running") {
		t.Fatalf("another grid after the grown one: %v", err)
	}

	n, err := c.CancelOthers(ctx, sweep.Manifest{Name: "same", Jobs: other})
	if err != nil || n != 2 {
		t.Fatalf("CancelOthers: %d cancelled (want 2), %v", n, err)
	}
	stream, err := c.JS.Stream(ctx, StreamName)
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range states(t, c, "same", grown) {
		want := sweep.StatusCancelled
		if i == 2 {
			want = sweep.StatusQueued // seed 3, in both grids
		}
		if s.Status != want {
			t.Errorf("job %d (seed %d): %s, want %s", i, i+1, s.Status, want)
		}
		_, merr := stream.GetLastMsgForSubject(ctx, jobSubject("same", grown[i].ID))
		if hasMsg := merr == nil; hasMsg != (i == 2) {
			t.Errorf("job %d: message on the stream %v (%v)", i, hasMsg, merr)
		}
		if merr != nil && !errors.Is(merr, jetstream.ErrMsgNotFound) {
			t.Fatal(merr)
		}
	}
	if _, q, _, err := c.Submit(ctx, sweep.Manifest{Name: "same", Jobs: other}, sweep.Plain(other), nil); err != nil || q != 0 {
		t.Fatalf("after CancelOthers: %d queued (want 0: its job is queued already), %v", q, err)
	}
	if got := manifestIDs(t, c, "same"); len(got) != 1 || got[0] != other[0].ID {
		t.Fatalf("manifest after the replacement: %v, want [%s]", got, other[0].ID)
	}
	// Nothing of the replaced sweep is left to cancel.
	if n, err := c.CancelOthers(ctx, sweep.Manifest{Name: "same", Jobs: other}); err != nil || n != 0 {
		t.Fatalf("CancelOthers again: %d, %v", n, err)
	}
}

// A finished earlier sweep of the same name is replaced without a word:
// only queued or running jobs hold a name.
func TestSameNameAfterFinishedSweep(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{AckWait: 5 * time.Second, MaxAttempts: 2})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	first := jobsWithSeeds(t, "again", "[1]")
	if _, _, _, err := c.Submit(ctx, sweep.Manifest{Name: "again", Jobs: first}, sweep.Plain(first), nil); err != nil {
		t.Fatal(err)
	}
	startWorker(t, &Worker{Conn: c, Concurrency: 1, WorkDir: t.TempDir()})
	if _, err := c.Wait(ctx, "again", sweep.Plain(first), t.TempDir(), nil, nil); err != nil {
		t.Fatal(err)
	}
	other := jobsWithSeeds(t, "again", "[2]")
	if _, q, _, err := c.Submit(ctx, sweep.Manifest{Name: "again", Jobs: other}, sweep.Plain(other), nil); err != nil || q != 1 {
		t.Fatalf("after a finished sweep: %d queued, %v", q, err)
	}
}

// triggerWriter calls start once, at the first write containing mark.
type triggerWriter struct {
	lockedWriter
	mark  string
	start func()
	once  sync.Once
}

func (w *triggerWriter) Write(p []byte) (int, error) {
	n, err := w.lockedWriter.Write(p)
	if strings.Contains(string(p), w.mark) {
		w.once.Do(w.start)
	}
	return n, err
}

// An Executor with Replace cancels the queued jobs of the earlier sweep
// of its name that it does not have, says so, and runs its own.
func TestExecutorReplace(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{AckWait: 5 * time.Second, MaxAttempts: 2})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	first := jobsWithSeeds(t, "swap", "[1, 2]")
	if _, _, _, err := c.Submit(ctx, sweep.Manifest{Name: "swap", Jobs: first}, sweep.Plain(first), nil); err != nil {
		t.Fatal(err)
	}
	other := jobsWithSeeds(t, "swap", "[3]")
	refused := Executor{Conn: c, Name: "swap", Manifest: sweep.Manifest{Jobs: other}}
	if err := refused.Execute(ctx, t.TempDir(), sweep.Plain(other), nil); !errors.Is(err, ErrNameInUse) {
		t.Fatalf("without Replace: %v", err)
	}
	// The worker starts once the new sweep is queued, so that it could
	// take the old jobs only if they were still there.
	log := &triggerWriter{lockedWriter: lockedWriter{w: &strings.Builder{}}, mark: "queued",
		start: func() { startWorker(t, &Worker{Conn: c, Concurrency: 2, WorkDir: t.TempDir()}) }}
	e := Executor{Conn: c, Name: "swap", Manifest: sweep.Manifest{Jobs: other}, Log: log, Replace: true}
	if err := e.Execute(ctx, t.TempDir(), sweep.Plain(other), nil); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logString(&log.lockedWriter), "cancelled 2 queued or running jobs") {
		t.Errorf("log:\n%s", logString(&log.lockedWriter))
	}
	for i, s := range states(t, c, "swap", append(first, other...)) {
		want := sweep.StatusCancelled
		if i == 2 {
			want = sweep.StatusDone
		}
		if s.Status != want {
			t.Errorf("job %d: %s, want %s", i, s.Status, want)
		}
	}
}

// A replacing submission does not refuse for a job of the old grid that a
// worker still runs: between CancelOthers and the submission a worker
// that had already taken its message records it as running again (the
// race `stackel sweep --replace` met with its own local worker).
func TestReplacingSubmitIgnoresRunningOldJob(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{AckWait: 5 * time.Second, MaxAttempts: 2})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	first := jobsWithSeeds(t, "race", "[1, 2]")
	if _, _, _, err := c.Submit(ctx, sweep.Manifest{Name: "race", Jobs: first}, sweep.Plain(first), nil); err != nil {
		t.Fatal(err)
	}
	other := jobsWithSeeds(t, "race", "[3]")
	m := sweep.Manifest{Name: "race", Jobs: other}
	if n, err := c.CancelOthers(ctx, m); err != nil || n != 2 {
		t.Fatalf("CancelOthers: %d, %v", n, err)
	}
	// The worker that holds job 0's message starts it after the cancel.
	if err := c.PutState(ctx, "race", first[0].ID, State{Status: sweep.StatusRunning, Worker: "w:1", Attempts: 1}); err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := c.Submit(ctx, m, sweep.Plain(other), nil); !errors.Is(err, ErrNameInUse) || !strings.Contains(err.Error(), "2 jobs that this one does not have, 1 of them still queued or running") {
		t.Fatalf("a plain submission: %v", err)
	}
	if _, q, _, err := c.submit(ctx, m, sweep.Plain(other), nil, true); err != nil || q != 1 {
		t.Fatalf("the replacing submission: %d queued, %v", q, err)
	}
	if got := manifestIDs(t, c, "race"); len(got) != 1 || got[0] != other[0].ID {
		t.Fatalf("manifest: %v", got)
	}
}
