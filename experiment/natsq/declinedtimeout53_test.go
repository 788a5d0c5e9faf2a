package natsq

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/experiment/sweep"
)

// stoppedClock stops liveClock (and so declinedClock) at a fixed instant
// until the test ends; move moves it on, and polls counts its reads (one
// or more at each poll of a wait that has a job declined). onRead, when
// set, is called at each read before the time is read: a test acts at a
// poll through it, without replacing liveClock while a wait reads it.
type stoppedClock struct {
	now    atomic.Int64 // Unix nanoseconds
	polls  atomic.Int64
	onRead atomic.Pointer[func()]
}

func stopClock(t *testing.T) *stoppedClock {
	t.Helper()
	c := &stoppedClock{}
	c.now.Store(time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC).UnixNano())
	liveClock = func() time.Time {
		c.polls.Add(1)
		if f := c.onRead.Load(); f != nil {
			(*f)()
		}
		return time.Unix(0, c.now.Load())
	}
	t.Cleanup(func() { liveClock = time.Now })
	return c
}

func (c *stoppedClock) move(d time.Duration) { c.now.Add(int64(d)) }

// waitPolls waits until the clock has been read n more times.
func (c *stoppedClock) waitPolls(t *testing.T, n int64) {
	t.Helper()
	from := c.polls.Load()
	if !waitFor(20*time.Second, func() bool { return c.polls.Load() >= from+n }) {
		t.Fatalf("the wait read its clock %d times, want %d", c.polls.Load()-from, n)
	}
}

// lackingFor is a Worker.CanRun that refuses the jobs ids, as a worker
// built without their engine.
func lackingFor(ids ...string) func(experiment.Job) error {
	return func(j experiment.Job) error {
		if slices.Contains(ids, j.ID) {
			return errors.New("built without the engine (test)")
		}
		return nil
	}
}

// TestDeclinedTimeoutEndsWait53: a sweep of two jobs with a declined
// timeout of 10m, and one worker (w1) that runs job a and hands job b
// back. Once a is done (its outputs downloaded) and b declined by every
// live worker, the wait says that it ends in 10m0s; with its clock moved
// on 9m59s it waits on (five more polls), and at 10m it ends with the
// DeclinedError naming b, w1 and why, b still queued with no attempt
// used. The same submission again, with a worker that can run b live,
// finishes it. Before, such a wait could not end.
func TestDeclinedTimeoutEndsWait53(t *testing.T) {
	clock := stopClock(t)
	c := startQueueNoWorker(t, QueueOptions{AckWait: 5 * time.Second, MaxAttempts: 1})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	a := tinyRLJob(t, 400)
	rc := experiment.RLConfig{Env: "Pendulum-v1", Algo: "ddpg", Steps: 400, StepsPerEpoch: 200, Hidden: []int{8},
		Extra: map[string]any{"start_steps": 100, "update_after": 100, "update_every": 50, "batch_size": 16, "test_episodes": 1}}
	b, err := experiment.NewJob(&experiment.Config{Name: "tiny", RL: &rc}, 4, "ddpg/seed4")
	if err != nil {
		t.Fatal(err)
	}
	jobs := []experiment.Job{a, b}

	const name = "dto53"
	log := &lockedWriter{w: &strings.Builder{}}
	exec := Executor{Conn: c, Name: name, Log: log, DeclinedTimeout: 10 * time.Minute}
	root := t.TempDir()
	done := make(chan error, 1)
	go func() { done <- exec.Execute(ctx, root, jobs, nil) }()
	runWorker(t, &Worker{Conn: c, Name: "w1", Concurrency: 1, WorkDir: t.TempDir(), DeclineDelay: 50 * time.Millisecond, CanRun: lackingFor(b.ID)})

	started := declinedStartedLine(name, 10*time.Minute)
	if !waitFor(20*time.Second, func() bool { return hasLine(log, started) || len(done) > 0 }) || len(done) > 0 {
		t.Fatalf("no line saying the declined timeout started; log:\n%s", logString(log))
	}
	if _, finished, err := experiment.JobState(filepath.Join(root, a.Out), a); err != nil || !finished {
		t.Errorf("job a's outputs are not downloaded when the timeout starts: %v", err)
	}
	clock.move(10*time.Minute - time.Second)
	clock.waitPolls(t, 5)
	select {
	case err := <-done:
		t.Fatalf("the wait ended (%v) 1 s before its declined timeout", err)
	default:
	}
	clock.move(time.Second)
	select {
	case err = <-done:
	case <-time.After(20 * time.Second):
		t.Fatalf("the wait did not end at its declined timeout; log:\n%s", logString(log))
	}
	want := "sweep dto53: its remaining job has been declined by every live worker for 10m0s (the declined timeout): job " + b.ID +
		" declined by every live worker (1: w1): built without the engine (test); it stays queued on the server: start a worker that can run it (" + workerCommand55(c) + "), then give the same command again to wait for it (finished jobs are kept)"
	if err == nil || err.Error() != want {
		t.Fatalf("the wait's error\n%v\nwant\n%s", err, want)
	}
	var de *DeclinedError
	if !errors.As(err, &de) || !slices.Equal(de.IDs, []string{b.ID}) || de.After != 10*time.Minute {
		t.Errorf("error %#v; want a DeclinedError naming %s after 10m", err, b.ID)
	}
	states, serr := c.States(ctx, name, jobs)
	if serr != nil {
		t.Fatal(serr)
	}
	if states[0].Status != sweep.StatusDone || states[1].Status != sweep.StatusQueued || states[1].Attempts != 0 {
		t.Errorf("states %s (%d attempts); want a done, b queued with no attempt", Summarise(states), states[1].Attempts)
	}

	// Resumed: a worker that can run b is live, and the same submission
	// waits for b alone (a is done) and ends without error.
	runWorker(t, &Worker{Conn: c, Name: "able", Concurrency: 1, WorkDir: t.TempDir()})
	if err := exec.Execute(ctx, root, jobs, nil); err != nil {
		t.Fatalf("the resumed sweep: %v; log:\n%s", err, logString(log))
	}
	if _, finished, err := experiment.JobState(filepath.Join(root, b.Out), b); err != nil || !finished {
		t.Errorf("job b's outputs are not downloaded after the resumed sweep: %v", err)
	}
	if !strings.Contains(logString(log), "sweep dto53: 2 jobs, 0 queued, 1 queued or running from before, 1 already done\n") {
		t.Errorf("the resumed sweep did not take b as queued from before; log:\n%s", logString(log))
	}
}

// TestDeclinedTimeoutWorkerJoins53: a job declined by the one live worker
// starts the declined timeout (10m); a worker that can run it joins 9m
// later, by the wait's clock, and takes it: the poll that sees it running
// starts the timeout again, so that the clock moved on another 20m does
// not end the wait, which ends without error once the job is done.
func TestDeclinedTimeoutWorkerJoins53(t *testing.T) {
	clock := stopClock(t)
	c := startQueueNoWorker(t, QueueOptions{AckWait: 5 * time.Second, MaxAttempts: 1})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	j := tinyRLJob(t, 400)
	const name = "dtojoin53"
	log := &lockedWriter{w: &strings.Builder{}}
	exec := Executor{Conn: c, Name: name, Log: log, DeclinedTimeout: 10 * time.Minute}
	root := t.TempDir()
	done := make(chan error, 1)
	go func() { done <- exec.Execute(ctx, root, []experiment.Job{j}, nil) }()
	runWorker(t, &Worker{Conn: c, Name: "w1", Concurrency: 1, WorkDir: t.TempDir(), DeclineDelay: 50 * time.Millisecond, CanRun: lackingFor(j.ID)})
	started := declinedStartedLine(name, 10*time.Minute)
	if !waitFor(20*time.Second, func() bool { return hasLine(log, started) }) {
		t.Fatalf("no line saying the declined timeout started; log:\n%s", logString(log))
	}
	clock.move(9 * time.Minute)
	runWorker(t, &Worker{Conn: c, Name: "able", Concurrency: 1, WorkDir: t.TempDir()})
	if !waitFor(20*time.Second, func() bool {
		st, err := c.States(ctx, name, []experiment.Job{j})
		return err == nil && (st[0].Status == sweep.StatusRunning || Finished(st[0].Status))
	}) {
		t.Fatalf("the able worker did not take the job; log:\n%s", logString(log))
	}
	clock.move(20 * time.Minute)
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("the wait: %v; log:\n%s", err, logString(log))
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("the wait did not end; log:\n%s", logString(log))
	}
	if n := strings.Count(logString(log), started); n != 1 {
		t.Errorf("the declined timeout started %d times, want 1; log:\n%s", n, logString(log))
	}
	if _, finished, err := experiment.JobState(filepath.Join(root, j.Out), j); err != nil || !finished {
		t.Errorf("the job's outputs are not downloaded: %v", err)
	}
	if _, err := os.Stat(root); err != nil {
		t.Fatal(err)
	}
}

// AllRemainingDeclined on states made by hand: true only when every job
// not ended is queued and declined by every live worker, and one is.
func TestAllRemainingDeclined53(t *testing.T) {
	d := []Decline{{ID: "A", Worker: "w1", Why: "no MuJoCo"}}
	declined := State{Status: sweep.StatusQueued, DeclinedByAll: d}
	queued := State{Status: sweep.StatusQueued, Declines: d}
	for _, tc := range []struct {
		name   string
		states []State
		want   bool
	}{
		{"one declined", []State{declined}, true},
		{"declined and done, failed, cancelled", []State{{Status: sweep.StatusDone}, declined, {Status: sweep.StatusFailed}, {Status: sweep.StatusCancelled}}, true},
		{"declined and running", []State{declined, {Status: sweep.StatusRunning}}, false},
		{"declined and queued not by all", []State{declined, queued}, false},
		{"declined and missing", []State{declined, {Status: sweep.StatusMissing}}, false},
		{"all ended", []State{{Status: sweep.StatusDone}}, false},
		{"none", nil, false},
		{"running with declines", []State{{Status: sweep.StatusRunning, DeclinedByAll: d}}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := AllRemainingDeclined(tc.states); got != tc.want {
				t.Errorf("AllRemainingDeclined %v, want %v", got, tc.want)
			}
		})
	}
}
