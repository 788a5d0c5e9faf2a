package natsq

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/experiment/sweep"
)

// startQueue starts a loopback server, connects, creates the queue and
// runs one in-process worker slot until the test ends.
func startQueue(t *testing.T, q QueueOptions) (*Conn, *lockedWriter) {
	t.Helper()
	c := startQueueNoWorker(t, q)
	log := &lockedWriter{w: &strings.Builder{}}
	startWorker(t, &Worker{Conn: c, Concurrency: 1, WorkDir: t.TempDir(), Log: log})
	return c, log
}

// startQueueNoWorker starts a loopback server, connects and creates the
// queue, all stopped when the test ends.
func startQueueNoWorker(t *testing.T, q QueueOptions) *Conn {
	t.Helper()
	srv, err := StartServer(ServerOptions{Listen: "127.0.0.1:0", StoreDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	c, err := Connect(context.Background(), ConnOptions{URL: srv.ClientURL()})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Setup(context.Background(), q); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close(); srv.Shutdown() })
	return c
}

// startWorker runs w until the test ends (stopped before the server).
func startWorker(t *testing.T, w *Worker) {
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); w.Run(ctx) }()
	t.Cleanup(func() { cancel(); wg.Wait() })
}

// expandSpec parses a sweep spec and expands it into its jobs.
func expandSpec(t *testing.T, spec string) []sweep.Job {
	t.Helper()
	s, err := sweep.ParseSpec([]byte(spec), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	jobs, err := s.Expand()
	if err != nil {
		t.Fatal(err)
	}
	return jobs
}

type lockedWriter struct {
	mu sync.Mutex
	w  *strings.Builder
}

func (l *lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}

// A job that fails by itself with a diverging run is recorded as failed
// with its error and what it recorded at its first attempt, not retried
// (a divergence follows from the configuration and seed: every attempt
// fails alike; TestDivergedRunNotRetried has a failure that is retried);
// a good job beside it is done. Resubmitting requeues the failed job only.
func TestFailedJobBounded(t *testing.T) {
	c, log := startQueue(t, QueueOptions{AckWait: 5 * time.Second, MaxAttempts: 2})
	spec := `name: diverge
config:
  name: sga
  game: {sense: cost, dims: [1, 1], f1: "x[0]*x[0]*x[0]*x[0]", f2: "y[0]*y[0]"}
  dynamics: {kind: sga, leader_lr: {constant: 0.001}, follower_lr: {constant: 0.01}}
  iterations: 200
  init: {x: [10], y: [10]}
grid:
  dynamics.leader_lr.constant: [0.001, 1.0]
`
	jobs := expandSpec(t, spec)
	root := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	exec := Executor{Conn: c, Name: "diverge", Manifest: sweep.Manifest{Name: "diverge", Jobs: jobs}}
	if err := exec.Execute(ctx, root, sweep.Plain(jobs), nil); err != nil {
		t.Fatal(err)
	}
	states, err := c.States(ctx, "diverge", sweep.Plain(jobs))
	if err != nil {
		t.Fatal(err)
	}
	if states[0].Status != sweep.StatusDone || states[0].Attempts != 1 {
		t.Errorf("good job: %+v", states[0])
	}
	bad := states[1]
	if bad.Status != sweep.StatusFailed || bad.Attempts != 1 || bad.Completions != 1 || bad.Error == "" {
		t.Fatalf("diverging job: %+v\n%s", bad, logString(log))
	}
	if n := strings.Count(logString(log), "started diverge "+jobs[1].ID); n != 1 {
		t.Errorf("the diverging job was started %d times, want once", n)
	}
	rec, ok, err := experiment.ReadJobRecord(jobs[1].OutDir(root))
	if err != nil || !ok || rec.Status != experiment.JobFailed || rec.Error != bad.Error {
		t.Errorf("failed job's directory: %+v %v", rec, err)
	}
	if _, err := os.Stat(filepath.Join(jobs[1].OutDir(root), experiment.MetricsFile)); err != nil {
		t.Errorf("the failed job's metrics were not kept: %v", err)
	}
	recs := Records(root, jobs, states)
	if recs[1].Status != sweep.StatusFailed || recs[1].Error == "" || recs[0].Summary["final"] == nil {
		t.Errorf("records %+v", recs)
	}
	t.Logf("diverging job recorded as failed after %d attempts: %s", bad.Attempts, bad.Error)
}

// Cancelling a sweep drops its queued jobs and stops its running one at
// the worker's next progress report; the waiting executor returns an
// error, and every job is recorded as cancelled.
func TestCancel(t *testing.T) {
	c, log := startQueue(t, QueueOptions{AckWait: 1500 * time.Millisecond, MaxAttempts: 3})
	spec := `name: long
config:
  name: cp
  rl: {env: CartPole-v1, algo: ac, steps: 2000000, steps_per_epoch: 1000, hidden: [16], unroll: 1}
seeds: [1, 2, 3]
`
	jobs := expandSpec(t, spec)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	errc := make(chan error, 1)
	go func() {
		errc <- Executor{Conn: c, Name: "long", Manifest: sweep.Manifest{Name: "long", Jobs: jobs}}.Execute(ctx, t.TempDir(), sweep.Plain(jobs), nil)
	}()
	for !strings.Contains(logString(log), "started long") {
		time.Sleep(20 * time.Millisecond)
	}
	n, err := c.Cancel(ctx, "long")
	if err != nil || n != 3 {
		t.Fatalf("cancel: %d jobs, %v", n, err)
	}
	if err := <-errc; err == nil || !strings.Contains(err.Error(), "cancelled") {
		t.Errorf("executor: %v", err)
	}
	for !strings.Contains(logString(log), "cancelled long") {
		if ctx.Err() != nil {
			t.Fatalf("the running job was not stopped:\n%s", logString(log))
		}
		time.Sleep(20 * time.Millisecond)
	}
	states, _ := c.States(ctx, "long", sweep.Plain(jobs))
	for i, st := range states {
		if st.Status != sweep.StatusCancelled || st.Completions != 0 {
			t.Errorf("job %d: %+v", i, st)
		}
	}
	if strings.Count(logString(log), "started long") != 1 {
		t.Errorf("queued jobs were started after the cancel:\n%s", logString(log))
	}
}

func logString(l *lockedWriter) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.String()
}

// saidOnce reports an error unless the log holds phrase exactly once
// (what says, for the message, what the phrase tells: "the server does
// not answer").
func saidOnce(t *testing.T, l *lockedWriter, phrase, what string) {
	t.Helper()
	if n := strings.Count(logString(l), phrase); n != 1 {
		t.Errorf("said %d times that %s, want 1:\n%s", n, what, logString(l))
	}
}

// BenchmarkJobRoundTrip measures the queue's overhead per job: a trivial
// job (ten SGA iterations on the duopoly) submitted, delivered to a worker
// slot in this process, run, its outputs stored in the object store and
// downloaded into the sweep directory, per b.N jobs.
func BenchmarkJobRoundTrip(b *testing.B) {
	srv, err := StartServer(ServerOptions{Listen: "127.0.0.1:0", StoreDir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Shutdown()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c, err := Connect(ctx, ConnOptions{InProcess: srv})
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	if err := c.Setup(ctx, QueueOptions{}); err != nil {
		b.Fatal(err)
	}
	w := &Worker{Conn: c, Concurrency: 1, WorkDir: b.TempDir()}
	go w.Run(ctx)
	var jobs []sweep.Job
	for i := 0; i < b.N; i++ {
		cfg, err := experiment.ParseConfig([]byte("name: t\ngame: {builtin: duopoly}\ndynamics: {kind: sga}\niterations: 10\n"))
		if err != nil {
			b.Fatal(err)
		}
		j, err := experiment.NewJob(cfg, uint64(i), "")
		if err != nil {
			b.Fatal(err)
		}
		j.Out = "runs/" + j.ID
		jobs = append(jobs, sweep.Job{Job: j, Sweep: "bench", Index: i})
	}
	b.ResetTimer()
	err = Executor{Conn: c, Name: "bench", Manifest: sweep.Manifest{Name: "bench", Jobs: jobs}}.Execute(ctx, b.TempDir(), sweep.Plain(jobs), nil)
	if err != nil {
		b.Fatal(err)
	}
}

// TestSummariseAndWaitWithoutJobs: a sweep with nothing left to run (all
// its jobs finished on disk) is "0 jobs", and Wait returns at once
// without logging a line ending in ": " (the README walkthrough's report).
func TestSummariseAndWaitWithoutJobs(t *testing.T) {
	if got := Summarise(nil); got != "0 jobs" {
		t.Errorf("Summarise(nil) = %q, want %q", got, "0 jobs")
	}
	if got := Summarise([]State{{Status: sweep.StatusDone}, {Status: sweep.StatusDone}, {Status: sweep.StatusFailed}}); got != "3 jobs: 2 done, 1 failed" {
		t.Errorf("Summarise = %q", got)
	}
	var log strings.Builder
	states, err := (*Conn)(nil).Wait(context.Background(), "grid", nil, t.TempDir(), &log, nil)
	if err != nil || states != nil || log.Len() != 0 {
		t.Errorf("Wait without jobs: states %v, err %v, log %q", states, err, log.String())
	}
}
