package natsq

import (
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/experiment/sweep"
	"github.com/stackel/stackel/rl/env"
)

// waitFor polls cond every 50 ms until it holds or d passes.
func waitFor(d time.Duration, cond func() bool) bool {
	for end := time.Now().Add(d); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
		if cond() {
			return true
		}
	}
	return cond()
}

// In a cluster of mixed builds a job goes to a worker that can run it: a
// worker that cannot hands it back, again and again, without using an
// attempt (the bound here is 1, so one counted hand-back would fail the
// job), logging once per job and noting in the job's state why it waits;
// a worker that can run it joins later and runs it as its first attempt.
func TestMixedWorkersDecline(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{AckWait: 5 * time.Second, MaxAttempts: 1})
	noEngine := errors.New("built without the engine (test)")
	var declines lockedCount
	lackingLog := &lockedWriter{w: &strings.Builder{}}
	startWorker(t, &Worker{Conn: c, Name: "lacking", Concurrency: 1, WorkDir: t.TempDir(), Log: lackingLog,
		DeclineDelay: 50 * time.Millisecond,
		CanRun:       func(experiment.Job) error { declines.add(); return noEngine }})

	jobs := smallJobs(t, "mixed")
	root := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	coordLog := &lockedWriter{w: &strings.Builder{}}
	exec := Executor{Conn: c, Name: "mixed", Manifest: sweep.Manifest{Name: "mixed", Jobs: jobs}, Log: coordLog}
	done := make(chan error, 1)
	go func() { done <- exec.Execute(ctx, root, sweep.Plain(jobs), nil) }()

	// Both jobs handed back several times each, the first time noted.
	if !waitFor(20*time.Second, func() bool { return declines.get() >= 3*len(jobs) }) {
		t.Fatalf("%d hand-backs; log:\n%s", declines.get(), logString(lackingLog))
	}
	states, err := c.States(ctx, "mixed", sweep.Plain(jobs))
	if err != nil {
		t.Fatal(err)
	}
	for i, st := range states {
		if st.Status != sweep.StatusQueued || st.Attempts != 0 || !strings.Contains(st.Waiting, "lacking cannot run it: built without the engine") {
			t.Errorf("job %d while only the lacking worker runs: %+v", i, st)
		}
	}

	// The sweep's log says what each job waits for.
	if !waitFor(20*time.Second, func() bool {
		return strings.Count(logString(coordLog), "waits for another worker: worker lacking cannot run it") == len(jobs)
	}) {
		t.Errorf("the sweep's log does not say what its jobs wait for:\n%s", logString(coordLog))
	}

	startWorker(t, &Worker{Conn: c, Name: "able", Concurrency: 1, WorkDir: t.TempDir()})
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	states, err = c.States(ctx, "mixed", sweep.Plain(jobs))
	if err != nil {
		t.Fatal(err)
	}
	for i, st := range states {
		if st.Status != sweep.StatusDone || st.Attempts != 1 || st.Worker != "able" || st.Waiting != "" || st.Completions != 1 {
			t.Errorf("job %d: %+v", i, st)
		}
		if _, finished, err := experiment.JobState(jobs[i].OutDir(root), jobs[i].Job); err != nil || !finished {
			t.Errorf("job %d's outputs not collected: %v", i, err)
		}
		if n := strings.Count(logString(lackingLog), "left mixed "+jobs[i].ID); n != 1 {
			t.Errorf("job %d: the lacking worker logged %d hand-backs, want 1:\n%s", i, n, logString(lackingLog))
		}
		if !strings.Contains(logString(coordLog), "job "+jobs[i].ID+" ("+jobs[i].Out+") waits for another worker") {
			t.Errorf("job %d: the sweep's log does not say what it waited for:\n%s", i, logString(coordLog))
		}
	}
}

// The default test (Worker.CanRun nil): a worker built without MuJoCo
// hands a Hopper-v4 job back, naming the build tag, and uses no attempt.
func TestWorkerWithoutMuJoCoDeclines(t *testing.T) {
	if spec, ok := env.Lookup("Hopper-v4"); !ok || spec.Available() == nil {
		t.Skip("this test binary has MuJoCo: TestMixedWorkersDecline covers the hand-back")
	}
	jobs := expandSpec(t, `name: hop
config:
  name: hop
  rl: {env: Hopper-v4, algo: ddpg, steps: 10000}
seeds: [1]
`) // valid in any build: its workers may have the engine
	checkDeclined(t, "hop", jobs[0], "-tags mujoco")
}

// A worker of another stackel version, which cannot parse a job's
// configuration (here a key this version does not know), hands it back
// too instead of failing it: the submitter parsed it.
func TestWorkerOfAnotherVersionDeclines(t *testing.T) {
	jobs := expandSpec(t, `name: newer
config:
  name: sga
  game: {sense: cost, dims: [1, 1], f1: "x[0]*x[0]", f2: "y[0]*y[0]"}
  dynamics: {kind: sga}
seeds: [1]
`)
	jobs[0].Config += "\nkey_of_a_later_version: 1\n"
	checkDeclined(t, "newer", jobs[0], `unknown field "key_of_a_later_version"`)
}

// typedEcho is the parameters of the typed test task: a worker of this
// build knows X only.
type typedEcho struct {
	X int `json:"x"`
}

func init() {
	experiment.RegisterTypedTask("natsq-test/typed", func(_ context.Context, p typedEcho, seed uint64, out string, _ experiment.ProgressFunc) error {
		return experiment.WriteJSON(out, experiment.SummaryFile, map[string]any{"x": p.X, "seed": seed})
	})
	experiment.RegisterTask("natsq-test/echo", func(_ context.Context, params json.RawMessage, seed uint64, out string, _ experiment.ProgressFunc) error {
		return experiment.WriteJSON(out, experiment.SummaryFile, map[string]any{"params": params, "seed": seed})
	})
}

// A reproduction's task job (no configuration) is run by a worker of this
// build; one of a task kind this build does not have is handed back.
func TestWorkerTaskJobs(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{AckWait: 5 * time.Second, MaxAttempts: 1})
	startWorker(t, &Worker{Conn: c, Name: "plain", Concurrency: 1, WorkDir: t.TempDir()})
	job, err := experiment.NewTaskJob("natsq-test/echo", map[string]int{"x": 3}, 1, "echo/seed1")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	root := t.TempDir()
	exec := Executor{Conn: c, Name: "tasks"}
	if err := exec.Execute(ctx, root, []experiment.Job{job}, nil); err != nil {
		t.Fatal(err)
	}
	st, _, err := c.GetState(ctx, "tasks", job.ID)
	if err != nil || st.Status != sweep.StatusDone || st.Attempts != 1 || st.Waiting != "" {
		t.Errorf("task job: %+v (%v)", st, err)
	}
	if _, finished, err := experiment.JobState(filepath.Join(root, job.Out), job); err != nil || !finished {
		t.Errorf("task job's outputs not collected: %v", err)
	}

	later, err := experiment.NewTaskJob("natsq-test/of-a-later-version", map[string]int{"x": 3}, 1, "later/seed1")
	if err != nil {
		t.Fatal(err)
	}
	checkDeclined(t, "later", sweep.Job{Job: later}, `this build has no task "natsq-test/of-a-later-version"`)

	// A task of a kind this build has, with a parameter its version of the
	// task does not know (a newer submitter's): handed back, not run with
	// the parameter dropped under the ID that hashes it.
	newer, err := experiment.NewTaskJob("natsq-test/typed", map[string]int{"x": 3, "y_of_a_later_version": 4}, 1, "typed/seed1")
	if err != nil {
		t.Fatal(err)
	}
	checkDeclined(t, "typed", sweep.Job{Job: newer}, `task natsq-test/typed: parameters: json: unknown field "y_of_a_later_version"`)
}

// checkDeclined queues job alone for a worker of this build, which must
// hand it back, again and again, without using an attempt (the bound is
// 1), noting in its state a reason that contains why.
func checkDeclined(t *testing.T, name string, job sweep.Job, why string) {
	t.Helper()
	c := startQueueNoWorker(t, QueueOptions{AckWait: 5 * time.Second, MaxAttempts: 1})
	log := &lockedWriter{w: &strings.Builder{}}
	var declines lockedCount
	startWorker(t, &Worker{Conn: c, Name: "plain", Concurrency: 1, WorkDir: t.TempDir(), Log: log, DeclineDelay: 50 * time.Millisecond,
		CanRun: func(j experiment.Job) error {
			declines.add()
			return (&Worker{}).canRun(j) // the default
		}})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	jobs := []sweep.Job{job}
	if _, _, _, err := c.Submit(ctx, sweep.Manifest{Name: name, Jobs: jobs}, sweep.Plain(jobs), nil); err != nil {
		t.Fatal(err)
	}
	if !waitFor(20*time.Second, func() bool { return declines.get() >= 4 }) {
		t.Fatalf("%d hand-backs; log:\n%s", declines.get(), logString(log))
	}
	st, _, err := c.GetState(ctx, name, job.ID)
	if err != nil || st.Status != sweep.StatusQueued || st.Attempts != 0 || !strings.Contains(st.Waiting, "worker plain cannot run it: ") || !strings.Contains(st.Waiting, why) {
		t.Errorf("state %+v (%v); want waiting for %q", st, err, why)
	}
	if n := strings.Count(logString(log), "left "+name+" "+job.ID); n != 1 {
		t.Errorf("%d hand-backs logged, want 1:\n%s", n, logString(log))
	}
}

// lockedCount is a counter safe for concurrent use.
type lockedCount struct {
	mu sync.Mutex
	n  int
}

func (c *lockedCount) add() { c.mu.Lock(); c.n++; c.mu.Unlock() }
func (c *lockedCount) get() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

// A worker that is stopped (Ctrl-C) hands its running job back without
// using an attempt: with a bound of 1, the next worker still runs it as
// attempt 1 instead of recording it as failed.
func TestStoppedWorkerUsesNoAttempt(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{AckWait: 5 * time.Second, MaxAttempts: 1})
	jobs := longJobs(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, _, _, err := c.Submit(ctx, sweep.Manifest{Name: "long", Jobs: jobs}, sweep.Plain(jobs), nil); err != nil {
		t.Fatal(err)
	}
	state := func() State { st, _, _ := c.GetState(ctx, "long", jobs[0].ID); return st }

	firstLog := &lockedWriter{w: &strings.Builder{}}
	first := &Worker{Conn: c, Name: "first", Concurrency: 1, WorkDir: t.TempDir(), Log: firstLog}
	wctx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { first.Run(wctx); close(done) }()
	if !waitFor(20*time.Second, func() bool { st := state(); return st.Status == sweep.StatusRunning && st.Worker == "first" }) {
		t.Fatalf("the first worker did not start the job: %+v\n%s", state(), logString(firstLog))
	}
	stop()
	<-done
	if st := state(); st.Status != sweep.StatusQueued || st.Attempts != 0 {
		t.Errorf("after the first worker stopped: %+v\n%s", st, logString(firstLog))
	}

	startWorker(t, &Worker{Conn: c, Name: "second", Concurrency: 1, WorkDir: t.TempDir()})
	if !waitFor(20*time.Second, func() bool { return state().Worker == "second" }) {
		t.Fatalf("the second worker did not take the job: %+v", state())
	}
	if st := state(); st.Status != sweep.StatusRunning || st.Attempts != 1 {
		t.Errorf("the second worker's attempt: %+v", st)
	}
	if _, err := c.Cancel(ctx, "long"); err != nil {
		t.Fatal(err)
	}
}

// A worker stopped just before its embedded server (Ctrl-C on `stackel
// sweep`) hands its job back in a way the server keeps in its store: the
// restarted server delivers the job again at once, not after the ack wait
// (ten minutes here, beyond the test's one-minute bound).
func TestHandBackSurvivesServerRestart(t *testing.T) {
	store := t.TempDir()
	start := func() (*Server, *Conn) {
		srv, err := StartServer(ServerOptions{Listen: "127.0.0.1:0", StoreDir: store})
		if err != nil {
			t.Fatal(err)
		}
		c, err := Connect(context.Background(), ConnOptions{URL: srv.ClientURL()})
		if err != nil {
			srv.Shutdown()
			t.Fatal(err)
		}
		if err := c.Setup(context.Background(), QueueOptions{AckWait: 10 * time.Minute, MaxAttempts: 2}); err != nil {
			c.Close()
			srv.Shutdown()
			t.Fatal(err)
		}
		return srv, c
	}
	srv, c := start()
	jobs := longJobs(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, _, _, err := c.Submit(ctx, sweep.Manifest{Name: "long", Jobs: jobs}, sweep.Plain(jobs), nil); err != nil {
		t.Fatal(err)
	}
	state := func(c *Conn) State { st, _, _ := c.GetState(ctx, "long", jobs[0].ID); return st }
	log := &lockedWriter{w: &strings.Builder{}}
	first := &Worker{Conn: c, Name: "first", Concurrency: 1, WorkDir: t.TempDir(), Log: log}
	wctx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { first.Run(wctx); close(done) }()
	if !waitFor(20*time.Second, func() bool { st := state(c); return st.Status == sweep.StatusRunning && st.Worker == "first" }) {
		t.Fatalf("the first worker did not start the job: %+v\n%s", state(c), logString(log))
	}
	// What the embedded sweep does on Ctrl-C: its worker stops, then the
	// connection and the server.
	stop()
	<-done
	c.Close()
	srv.Shutdown()

	srv, c = start()
	defer func() { c.Close(); srv.Shutdown() }()
	second := &Worker{Conn: c, Name: "second", Concurrency: 1, WorkDir: t.TempDir(), Log: log}
	wctx, stop = context.WithCancel(context.Background())
	done = make(chan struct{})
	go func() { second.Run(wctx); close(done) }()
	defer func() { stop(); <-done }()
	if !waitFor(40*time.Second, func() bool { return state(c).Worker == "second" }) {
		t.Fatalf("the restarted server did not deliver the handed-back job: %+v\n%s", state(c), logString(log))
	}
	if st := state(c); st.Status != sweep.StatusRunning || st.Attempts != 1 {
		t.Errorf("the second worker's attempt: %+v", st)
	}
	if _, err := c.Cancel(ctx, "long"); err != nil {
		t.Fatal(err)
	}
}

// longJobs is sweep "long": one CartPole job of 2·10⁶ steps, which runs
// (checkpointing after every epoch of 1000 steps) until the test stops it.
func longJobs(t *testing.T) []sweep.Job {
	t.Helper()
	return expandSpec(t, `name: long
config:
  name: cp
  rl: {env: CartPole-v1, algo: ac, steps: 2000000, steps_per_epoch: 1000, hidden: [16], unroll: 1}
seeds: [1]
`)
}
