package natsq

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/experiment/sweep"
)

// noWorkerStartedLine is the line a sweep name's wait logs when its
// declined timeout starts for want of any live worker.
func noWorkerStartedLine(name string, timeout time.Duration) string {
	return fmt.Sprintf("%s: no worker is live (none in the NATS bucket stackel_workers) and every remaining job is queued: the wait ends in %s unless a worker joins or a job's state changes (declined timeout)", name, timeout)
}

// noWorkerWait54 stops the clock, starts a queue with no worker and the
// wait of sweep name for jobs with a declined timeout of 10m, and returns
// once the wait's log says the timeout started for want of any worker.
func noWorkerWait54(t *testing.T, name string, jobs []experiment.Job) (*stoppedClock, *Conn, context.Context, *lockedWriter, chan error) {
	t.Helper()
	clock := stopClock(t)
	c := startQueueNoWorker(t, QueueOptions{AckWait: 5 * time.Second, MaxAttempts: 1})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	log := &lockedWriter{w: &strings.Builder{}}
	exec := Executor{Conn: c, Name: name, Log: log, DeclinedTimeout: 10 * time.Minute}
	done := make(chan error, 1)
	go func() { done <- exec.Execute(ctx, t.TempDir(), jobs, nil) }()
	if !waitFor(20*time.Second, func() bool { return hasLine(log, noWorkerStartedLine(name, 10*time.Minute)) || len(done) > 0 }) || len(done) > 0 {
		t.Fatalf("no line saying the declined timeout started for want of a worker; log:\n%s", logString(log))
	}
	return clock, c, ctx, log, done
}

// TestNoWorkerTimeoutEndsWait54: a sweep of two jobs with a declined
// timeout of 10m on a server where no worker is live (none started)
// says, at its first poll, that the wait ends in 10m0s; with its clock
// moved on 9m59s it waits on (five more polls), and at 10m it ends with
// the NoWorkerError naming the bucket and the command to start a worker,
// the jobs still queued with no attempt used. Before, the wait never
// ended: a declined timeout ran only once every live worker had handed
// the jobs back, and with no live worker there was none to.
func TestNoWorkerTimeoutEndsWait54(t *testing.T) {
	a := tinyRLJob(t, 400)
	rc := experiment.RLConfig{Env: "Pendulum-v1", Algo: "ddpg", Steps: 400, StepsPerEpoch: 200, Hidden: []int{8},
		Extra: map[string]any{"start_steps": 100, "update_after": 100, "update_every": 50, "batch_size": 16, "test_episodes": 1}}
	b, err := experiment.NewJob(&experiment.Config{Name: "tiny", RL: &rc}, 4, "ddpg/seed4")
	if err != nil {
		t.Fatal(err)
	}
	jobs := []experiment.Job{a, b}
	const name = "nowork54"
	clock, c, ctx, log, done := noWorkerWait54(t, name, jobs)
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
	want := "sweep nowork54: no worker is live (none in the NATS bucket stackel_workers) and none of its 2 remaining jobs has changed state for 10m0s (the declined timeout); they stay queued on the server: start a worker (" + workerCommand55(c) + "), then give the same command again to wait for them (finished jobs are kept)"
	if err == nil || err.Error() != want {
		t.Fatalf("the wait's error\n%v\nwant\n%s", err, want)
	}
	var nw *NoWorkerError
	if !errors.As(err, &nw) || !slices.Equal(nw.IDs, []string{a.ID, b.ID}) || nw.After != 10*time.Minute {
		t.Errorf("error %#v; want a NoWorkerError naming both jobs after 10m", err)
	}
	states, serr := c.States(ctx, name, jobs)
	if serr != nil {
		t.Fatal(serr)
	}
	if got := Summarise(states); got != "2 jobs: 2 queued" || states[0].Attempts+states[1].Attempts != 0 {
		t.Errorf("the jobs on the server: %s; want both queued with no attempt", got)
	}
}

// TestNoWorkerTimeoutWaitsForRunningJob54: with no live worker, a job
// that a worker recording no presence (an older stackel) runs (its state
// running, as such a worker writes it at the start; it writes no
// progress there) holds the timeout off: 20m by the wait's clock do not
// end the wait. The job handed back by that worker (queued again, its
// note saying why: a change of state) starts the timeout anew, and at
// 10m the error names the note.
func TestNoWorkerTimeoutWaitsForRunningJob54(t *testing.T) {
	j := tinyRLJob(t, 400)
	const name = "noworkrun54"
	clock, c, ctx, log, done := noWorkerWait54(t, name, []experiment.Job{j})
	if err := c.PutState(ctx, name, j.ID, State{Status: sweep.StatusRunning, Attempts: 1, Worker: "old"}); err != nil {
		t.Fatal(err)
	}
	clock.waitPolls(t, 5)
	clock.move(20 * time.Minute)
	clock.waitPolls(t, 5)
	select {
	case err := <-done:
		t.Fatalf("the wait ended (%v) while a job ran; log:\n%s", err, logString(log))
	default:
	}
	const note = "worker old cannot run it: built without the engine (test)"
	if err := c.PutState(ctx, name, j.ID, State{Status: sweep.StatusQueued, Waiting: note}); err != nil {
		t.Fatal(err)
	}
	started := noWorkerStartedLine(name, 10*time.Minute)
	if !waitFor(20*time.Second, func() bool { return strings.Count(logString(log), started) == 2 || len(done) > 0 }) || len(done) > 0 {
		t.Fatalf("the timeout did not start again once the job was queued again; log:\n%s", logString(log))
	}
	clock.move(10 * time.Minute)
	var err error
	select {
	case err = <-done:
	case <-time.After(20 * time.Second):
		t.Fatalf("the wait did not end at its declined timeout; log:\n%s", logString(log))
	}
	want := "sweep noworkrun54: no worker is live (none in the NATS bucket stackel_workers) and its remaining job has not changed state for 10m0s (the declined timeout) (handed back by a worker that records no presence: job " + j.ID + ": " + note + "); it stays queued on the server: start a worker (" + workerCommand55(c) + "), then give the same command again to wait for it (finished jobs are kept)"
	if err == nil || err.Error() != want {
		t.Fatalf("the wait's error\n%v\nwant\n%s", err, want)
	}
}

// TestNoWorkerTimeoutSeesJoinedWorker54: a worker that joins (its
// presence put) while the timeout runs, and has not looked at the job,
// keeps the wait from ending at 10m. Once that worker is gone, the
// timeout starts again.
func TestNoWorkerTimeoutSeesJoinedWorker54(t *testing.T) {
	j := tinyRLJob(t, 400)
	const name = "noworkjoin54"
	clock, c, _, log, done := noWorkerWait54(t, name, []experiment.Job{j})
	remove := putPresence(t, c, "joined54", "joined")
	clock.move(10 * time.Minute)
	clock.waitPolls(t, 8)
	select {
	case err := <-done:
		t.Fatalf("the wait ended (%v) with a live worker; log:\n%s", err, logString(log))
	default:
	}
	remove()
	clock.move(presenceEvery) // the wait's listing is old: listed again
	started := noWorkerStartedLine(name, 10*time.Minute)
	if !waitFor(20*time.Second, func() bool { return strings.Count(logString(log), started) == 2 || len(done) > 0 }) || len(done) > 0 {
		t.Fatalf("the timeout did not start again once the joined worker left; log:\n%s", logString(log))
	}
}
