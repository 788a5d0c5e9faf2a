package natsq

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/experiment/sweep"
)

// nextFetch keeps a worker's fetches clear of the return of a job it
// handed back: a fetch begun before it ends comebackGuard before it, and
// from then until comebackGuard after it the worker pauses.
func TestNextFetchClearsComebacks(t *testing.T) {
	w := &Worker{DeclineDelay: 2 * time.Second}
	old := fetchWait
	fetchWait = time.Second
	defer func() { fetchWait = old }()
	g := comebackGuard(w.DeclineDelay)
	if g != 250*time.Millisecond {
		t.Fatalf("guard %v, want 250ms (a quarter of min(2 s, 1 s))", g)
	}
	t0 := time.Now()
	w.comebacks = []time.Time{t0.Add(2 * time.Second), t0.Add(3 * time.Second)}
	for _, c := range []struct {
		at          time.Duration // after t0
		wait, pause time.Duration
	}{
		{0, time.Second, 0}, // the first comeback is 2 s away: a whole fetch
		{1200 * time.Millisecond, 550 * time.Millisecond, 0}, // ends at 1.75 s, a guard before it
		{1800 * time.Millisecond, 0, 450 * time.Millisecond}, // within the guard: pause to 2.25 s
		{2300 * time.Millisecond, 450 * time.Millisecond, 0}, // the first gone; the second at 3 s
		{3100 * time.Millisecond, 0, 150 * time.Millisecond}, // pause to 3.25 s
		{3300 * time.Millisecond, time.Second, 0},            // none left
	} {
		wait, pause := w.nextFetch(t0.Add(c.at))
		if wait != c.wait || pause != c.pause {
			t.Errorf("at %v: wait %v, pause %v; want %v, %v", c.at, wait, pause, c.wait, c.pause)
		}
	}
}

// A job handed back by a worker that cannot run it goes to an idle worker
// that can, not back to the first: over six sweeps of two jobs each, no
// job is handed back more than twice. Before session 49 the server gave
// the returning job to the oldest waiting fetch, which the declining
// worker's, renewed every fetchWait since the hand-back (a divisor of
// DeclineDelay), nearly always was: in about half the sweeps a job went
// back to it 4–9 times (a sweep of two tiny jobs took 20 s at the default
// 2 s delay while the able worker stood idle).
func TestHandedBackJobGoesToAnAbleWorker49(t *testing.T) {
	old := fetchWait
	fetchWait = 200 * time.Millisecond
	// Restored by a cleanup registered before the workers' own: it runs
	// after they have stopped (a deferred restore raced with their reads).
	t.Cleanup(func() { fetchWait = old })
	c := startQueueNoWorker(t, QueueOptions{AckWait: 30 * time.Second, MaxAttempts: 3})
	var mu sync.Mutex
	declines := map[string]int{} // by sweep and job
	sweepName := ""
	startWorker(t, &Worker{Conn: c, Name: "lacking", Concurrency: 1, WorkDir: t.TempDir(), Log: &lockedWriter{w: &strings.Builder{}},
		DeclineDelay: 400 * time.Millisecond,
		CanRun: func(j experiment.Job) error {
			mu.Lock()
			declines[sweepName+" "+j.ID]++
			mu.Unlock()
			return errors.New("built without the engine (test)")
		}})
	startWorker(t, &Worker{Conn: c, Name: "able", Concurrency: 1, WorkDir: t.TempDir()})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	for round := range 6 {
		name := fmt.Sprintf("comeback%d", round)
		jobs := smallJobs(t, name)
		mu.Lock()
		sweepName = name
		mu.Unlock()
		exec := Executor{Conn: c, Name: name, Manifest: sweep.Manifest{Name: name, Jobs: jobs}}
		if err := exec.Execute(ctx, t.TempDir(), sweep.Plain(jobs), nil); err != nil {
			t.Fatal(err)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	for id, n := range declines {
		if n > 2 {
			t.Errorf("%s: handed back %d times by the worker that cannot run it (all: %v)", id, n, declines)
		}
	}
}
