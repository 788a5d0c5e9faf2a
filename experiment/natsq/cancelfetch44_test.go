package natsq

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/experiment/sweep"
)

// A cancelled sweep's wait whose download of the finished jobs' outputs
// meets a server whose JetStream does not answer (no responders to the
// object store) ends with an error that says the sweep was cancelled,
// which finished job's outputs were downloaded (and keeps them) and which
// were not, and how to get them. Before session 44 it ended with only
// "outputs of job ...: nats: no responders available for request".
func TestCancelledWaitFetchOutageSaysWhat(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c := startQueueNoWorker(t, QueueOptions{})
	const name = "cancelout"
	all := smallJobs(t, name)
	jobs := sweep.Plain(all)
	if _, _, _, err := c.Submit(ctx, sweep.Manifest{Name: name, Jobs: all}, jobs, nil); err != nil {
		t.Fatal(err)
	}
	// Job 0 finishes before the wait (which downloads it), job 1 while
	// the wait waits for the cancellation to end, its outputs stored.
	for _, j := range jobs {
		dir := t.TempDir()
		rec, err := sweep.RunJob(ctx, j, dir, sweep.RunOptions{Worker: "w", Attempt: 1})
		if err != nil || rec.Status != sweep.StatusDone {
			t.Fatalf("running job %s: %+v, %v", j.ID, rec, err)
		}
		if err := c.storeOutputs(ctx, j.ID, dir, rec.Status); err != nil {
			t.Fatal(err)
		}
	}
	done := State{Status: sweep.StatusDone, Attempts: 1, Completions: 1}
	if err := c.PutState(ctx, name, jobs[0].ID, done); err != nil {
		t.Fatal(err)
	}
	// A cancellation in progress: the sweep marked, its name lock held.
	locked, release, unlocked := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		unlocked <- c.withNameLock(ctx, name, nil, func(ctx context.Context) error {
			if _, err := c.KV.Put(ctx, cancelKey(name), []byte("now")); err != nil {
				return err
			}
			close(locked)
			<-release
			if err := c.PutState(ctx, name, jobs[1].ID, done); err != nil {
				return err
			}
			// objectDirectGets, off, without t.Fatal off the test's
			// goroutine.
			st, err := c.JS.Stream(ctx, objStream)
			if err != nil {
				return err
			}
			cfg := st.CachedInfo().Config
			cfg.AllowDirect = false
			_, err = c.JS.UpdateStream(ctx, cfg)
			return err
		})
	}()
	<-locked
	log := &lockedWriter{w: &strings.Builder{}}
	ran := make(chan error, 1)
	root := t.TempDir()
	go func() {
		_, err := c.Wait(ctx, name, jobs, root, log, nil)
		ran <- err
	}()
	waitOrReturn(ctx, t, "the wait", log, "in progress", ran)
	close(release)
	if err := <-unlocked; err != nil {
		t.Fatal(err)
	}
	var err error
	select {
	case err = <-ran:
	case <-ctx.Done():
		t.Fatalf("the wait did not end:\n%s", logString(log))
	}
	want := "sweep " + name + " was cancelled; the outputs of 1 of its 2 finished jobs with stored outputs are downloaded into " + root +
		", not those of " + jobs[1].ID + ": the NATS server does not answer; collecting the sweep (stackel sweep collect) once it does downloads them: "
	if err == nil || !strings.HasPrefix(err.Error(), want) || !strings.Contains(err.Error(), "no responders") || len(FetchErrors(err)) != 0 {
		t.Errorf("wait: %v\nwant it to begin %q and quote no responders, no FetchError", err, want)
	}
	if rec, finished, err := experiment.JobState(filepath.Join(root, jobs[0].Out), jobs[0]); err != nil || !finished || rec.Status != experiment.JobDone {
		t.Errorf("job 0's outputs after the wait: %+v finished %v, %v", rec, finished, err)
	}
	if _, err := os.Stat(filepath.Join(root, jobs[1].Out)); !os.IsNotExist(err) {
		t.Errorf("job 1's directory: %v, want none", err)
	}
}

// A cancelled wait's download error names apart the finished jobs whose
// stored archives were unreadable (deleted: a collect cannot download
// them, the sweep submitted again runs them) from those a collect will
// download; before, both were "not those of …: collecting the sweep …
// once it does downloads them".
func TestCancelledFetchErrorNamesUnreadableApart(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{})
	jobs := sweep.Plain(smallJobs(t, "unreadable"))
	if len(jobs) < 2 {
		t.Fatalf("%d jobs, want 2", len(jobs))
	}
	done := State{Status: sweep.StatusDone, Attempts: 1, Completions: 1}
	states := []State{done, done}
	fetched := []bool{false, false}
	broken := []error{nil, errors.New("outputs of job " + jobs[1].ID + ": cut short")}
	err := c.cancelledFetchError("unreadable", jobs[:2], states, fetched, broken, "/out", errors.New("boom"))
	want := "sweep unreadable was cancelled; the outputs of 0 of its 2 finished jobs with stored outputs are downloaded into /out (those of " + jobs[1].ID +
		" were unreadable: below), not those of " + jobs[0].ID + ": boom"
	if err == nil || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
}
