package natsq

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/experiment/sweep"
)

// A worker that cannot run a job whose stored state is unreadable hands it
// back, and says so, once: its log said "running it as a first attempt"
// at every delivery, though it ran nothing and left the state unreadable.
func TestCorruptStateDeclinedLogged(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{AckWait: 5 * time.Second, MaxAttempts: 2})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	jobs := smallJobs(t, "garbledno")[:1]
	if _, q, _, err := c.Submit(ctx, sweep.Manifest{Name: "garbledno", Jobs: jobs}, sweep.Plain(jobs), nil); err != nil || q != 1 {
		t.Fatalf("submission: %d queued, %v", q, err)
	}
	corruptStateOf(t, c, "garbledno", jobs[0].ID)
	log := &lockedWriter{w: &strings.Builder{}}
	startWorker(t, &Worker{Conn: c, Name: "a", Concurrency: 1, WorkDir: t.TempDir(), Log: log, DeclineDelay: 100 * time.Millisecond,
		CanRun: func(experiment.Job) error { return errors.New("no such task in this build") }})
	waitLog(ctx, t, log, "left garbledno")
	// A few more deliveries.
	time.Sleep(500 * time.Millisecond)
	s := logString(log)
	if strings.Contains(s, "running it as a first attempt") {
		t.Errorf("the log says the job runs, though the worker handed it back:\n%s", s)
	}
	want := "left garbledno " + jobs[0].ID + " (" + jobs[0].Out + ") to other workers: no such task in this build; and job " + jobs[0].ID +
		" of sweep garbledno: stored state unreadable ("
	if !strings.Contains(s, want) || !strings.Contains(s, "left unreadable for the worker that runs it") {
		t.Errorf("log lacks %q … %q:\n%s", want, "left unreadable for the worker that runs it", s)
	}
	if n := strings.Count(s, "stored state unreadable"); n != 1 {
		t.Errorf("the unreadable state logged %d times, want once:\n%s", n, s)
	}
	if _, _, err := c.GetState(ctx, "garbledno", jobs[0].ID); !errors.Is(err, ErrCorruptState) {
		t.Errorf("the state after the hand-backs: %v, want it unreadable still", err)
	}
}
