package natsq

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stackel/stackel/experiment/sweep"
)

// A run stopped by its step schedule fails alike at every attempt of its
// configuration and seed, as a diverged one does: recorded failed at its
// first attempt, with the run's error, and not delivered again. Before,
// both jobs below were run 3 times (the attempt bound) and failed "after 3
// attempts". Cases: a Markov run whose Backtracking rule finds no
// acceptable step below a follower cap of 1e30 (a *markov.ScheduleError at
// iteration 1), and a smooth-game run whose follower schedule
// 4.5e-16/k^-99 passes loop.Validate (checked up to k = 1000) and
// overflows at k = 1857 (loop.ErrScheduleValue). A failure that may be the
// machine's is still retried (TestDivergedRunNotRetried).
func TestScheduleFailureNotRetried(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{AckWait: 5 * time.Second, MaxAttempts: 3})
	log := &lockedWriter{w: &strings.Builder{}}
	startWorker(t, &Worker{Conn: c, Name: "a", Concurrency: 1, WorkDir: t.TempDir(), Log: log})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for _, tc := range []struct {
		name, cfg, err string
	}{
		{"captoolong", "name: captoolong\ngame: {markov_builtin: random, params: {states: 2, actions1: 2, actions2: 2}}\n" +
			"dynamics: {kind: stackelberg-pg, step_rule: backtracking, leader_lr: {constant: 0.5}, follower_lr: {constant: 1e30}}\niterations: 5\n",
			"markov: iteration 1: step sizes (backtracking): follower line search on V2λ(θ1, θ2 + β ∇θ2V2λ): no step passes the Armijo test: " +
				"the smallest step 9.094947017729283e+17 (1e+30 halved 40 times) still lowers the value from "},
		{"overflow", "name: overflow\ngame: {sense: cost, dims: [1, 1], f1: \"x[0]\", f2: \"y[0]*y[0]\"}\n" +
			"dynamics: {kind: sga, leader_lr: {constant: 0.001}, follower_lr: {power: {a: 4.5e-16, b: 0, p: -99}}}\ninit: {x: [1], y: [0]}\niterations: 1900\n",
			"iteration 1857: follower step size: value +Inf at iteration 1857 is not a finite non-negative number"},
	} {
		jobs := []sweep.Job{configJob(t, tc.cfg, tc.name+"/seed1")}
		if _, _, _, err := c.Submit(ctx, sweep.Manifest{Name: tc.name, Jobs: jobs}, sweep.Plain(jobs), nil); err != nil {
			t.Fatal(err)
		}
		st, err := c.Wait(ctx, tc.name, sweep.Plain(jobs), t.TempDir(), nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		if s := st[0]; s.Status != sweep.StatusFailed || s.Attempts != 1 || s.Completions != 1 || !strings.HasPrefix(s.Error, tc.err) {
			t.Errorf("%s: %+v; want failed after 1 attempt with an error starting %q\n%s", tc.name, s, tc.err, logString(log))
		}
		if n := strings.Count(logString(log), "started "+tc.name+" "); n != 1 {
			t.Errorf("%s: started %d times, want once:\n%s", tc.name, n, logString(log))
		}
		if want := "failed " + tc.name + " " + jobs[0].ID + " at attempt 1, not retried (its step schedule fails at that iteration at every attempt): " + tc.err; !strings.Contains(logString(log), want) {
			t.Errorf("%s: log lacks %q:\n%s", tc.name, want, logString(log))
		}
	}
}
