package natsq

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/experiment/sweep"
)

// configJob is a job of the configuration text cfg, which must parse (its
// run kind's builder may refuse it: NewJob does not build the run).
func configJob(t *testing.T, cfg string, out string) sweep.Job {
	t.Helper()
	c, err := experiment.ParseConfig([]byte(cfg))
	if err != nil {
		t.Fatal(err)
	}
	j, err := experiment.NewJob(c, 1, out)
	if err != nil {
		t.Fatal(err)
	}
	return sweep.Job{Job: j}
}

// A job whose configuration parses but is refused by its run kind's
// builder (here an init point with two coordinates for a game whose
// leader has one) fails alike at every attempt: it is recorded failed at
// its first attempt, with the builder's error, and not delivered again.
// Before, it was run up to the attempt bound (here 3 times). A failure
// that may be the machine's is still retried (TestDivergedRunNotRetried).
func TestConfigErrorNotRetried(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{AckWait: 5 * time.Second, MaxAttempts: 3})
	log := &lockedWriter{w: &strings.Builder{}}
	startWorker(t, &Worker{Conn: c, Name: "a", Concurrency: 1, WorkDir: t.TempDir(), Log: log})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cfg := `name: badinit
game: {sense: cost, dims: [1, 1], f1: "x[0]*x[0]", f2: "y[0]*y[0]"}
dynamics: {kind: sga, leader_lr: {constant: 0.01}, follower_lr: {constant: 0.01}}
iterations: 5
init: {x: [1, 2], y: [1]}
`
	pc, err := experiment.ParseConfig([]byte(cfg))
	if err != nil {
		t.Fatal(err)
	}
	checkErr := experiment.Check(pc)
	if checkErr == nil {
		t.Fatal("the builder accepts the configuration: the test needs one it refuses")
	}
	jobs := []sweep.Job{configJob(t, cfg, "badinit/seed1")}
	if _, _, _, err := c.Submit(ctx, sweep.Manifest{Name: "badinit", Jobs: jobs}, sweep.Plain(jobs), nil); err != nil {
		t.Fatal(err)
	}
	st, err := c.Wait(ctx, "badinit", sweep.Plain(jobs), t.TempDir(), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s := st[0]; s.Status != sweep.StatusFailed || s.Attempts != 1 || s.Completions != 1 || s.Error != checkErr.Error() {
		t.Errorf("%+v; want failed after 1 attempt with %q\n%s", s, checkErr, logString(log))
	}
	if n := strings.Count(logString(log), "started badinit "); n != 1 {
		t.Errorf("started %d times, want once:\n%s", n, logString(log))
	}
	if want := "failed badinit " + jobs[0].ID + " at attempt 1, not retried (its configuration is refused by the run's builder: every attempt fails alike): " + checkErr.Error(); !strings.Contains(logString(log), want) {
		t.Errorf("log lacks %q:\n%s", want, logString(log))
	}
}

// deterministicFailure takes a failure for the configuration's only when
// experiment.Check refuses the configuration with the run's own error and
// no system error is in its chain: a write that failed (a job whose
// configuration the builder accepts, or even one it refuses) is retried.
func TestConfigRefusalNotSystemError(t *testing.T) {
	bad := configJob(t, `game: {sense: cost, dims: [1, 1], f1: "x[0]*x[0]", f2: "y[0]*y[0]"}
dynamics: {kind: sga, leader_lr: {constant: 0.01}, follower_lr: {constant: 0.01}}
init: {x: [1, 2], y: [1]}
`, "bad/seed1").Job
	good := configJob(t, `game: {sense: cost, dims: [1, 1], f1: "x[0]*x[0]", f2: "y[0]*y[0]"}
dynamics: {kind: sga, leader_lr: {constant: 0.01}, follower_lr: {constant: 0.01}}
`, "good/seed1").Job
	cfg, err := bad.ParseConfig()
	if err != nil {
		t.Fatal(err)
	}
	checkErr := experiment.Check(cfg)
	if checkErr == nil {
		t.Fatal("the builder accepts the bad configuration")
	}
	write := &fs.PathError{Op: "write", Path: "/w/metrics.csv", Err: syscall.ENOSPC}
	for _, tc := range []struct {
		what string
		j    experiment.Job
		err  error
		want bool
	}{
		{"builder's refusal", bad, checkErr, true},
		{"builder's refusal, wrapped", bad, fmt.Errorf("run: %w", checkErr), true},
		{"write failure, good config", good, write, false},
		{"disk full, good config", good, fmt.Errorf("metrics.csv: %w", syscall.ENOSPC), false},
		{"another error, bad config", bad, errors.New("the disk hiccuped"), false},
		{"write failure naming the refusal", bad, fmt.Errorf("%w (after %v)", write, checkErr), false},
		{"no error", bad, nil, false},
	} {
		if got := deterministicFailure(tc.j, tc.err) != ""; got != tc.want {
			t.Errorf("%s (%v): deterministic %v, want %v", tc.what, tc.err, got, tc.want)
		}
	}
}
