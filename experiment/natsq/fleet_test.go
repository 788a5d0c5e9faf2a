package natsq

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/experiment/sweep"
)

// waitLog waits until log has one of marks, failing the test when ctx
// ends first (a hang guard).
func waitLog(ctx context.Context, t *testing.T, log *lockedWriter, marks ...string) string {
	t.Helper()
	for {
		s := logString(log)
		for _, m := range marks {
			if strings.Contains(s, m) {
				return m
			}
		}
		if ctx.Err() != nil {
			t.Fatalf("none of %q in the worker's log:\n%s", marks, s)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// A sweep cancelled after a worker has checked the cancel mark but before
// it has recorded the job it took as running (here: while it asks CanRun)
// ends with the job cancelled, not running for ever: the worker's write
// would otherwise replace the cancellation, and the job's state would hold
// the sweep's name (ErrNameInUse) until cancelled again.
func TestCancelBeforeWorkerRecordsStart(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{AckWait: 1500 * time.Millisecond, MaxAttempts: 3})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	jobs := expandSpec(t, `name: late
config:
  name: cp
  rl: {env: CartPole-v1, algo: ac, steps: 2000000, steps_per_epoch: 1000, hidden: [16], unroll: 1}
seeds: [1]
`)
	if _, q, _, err := c.Submit(ctx, sweep.Manifest{Name: "late", Jobs: jobs}, sweep.Plain(jobs), nil); err != nil || q != 1 {
		t.Fatalf("submit: %d queued, %v", q, err)
	}
	log := &lockedWriter{w: &strings.Builder{}}
	var once sync.Once
	startWorker(t, &Worker{Conn: c, Concurrency: 1, WorkDir: t.TempDir(), Log: log,
		CanRun: func(experiment.Job) error {
			once.Do(func() {
				if n, err := c.Cancel(ctx, "late"); err != nil || n != 1 {
					t.Errorf("cancel: %d jobs, %v", n, err)
				}
			})
			return nil
		}})
	waitLog(ctx, t, log, "cancelled late")
	if s := states(t, c, "late", jobs)[0]; s.Status != sweep.StatusCancelled {
		t.Fatalf("the job after the cancellation: %+v (want cancelled)\n%s", s, logString(log))
	}
	// The name is free for another grid.
	other := expandSpec(t, strings.Replace(smallSpec, "%s", "late", 1))
	if _, _, _, err := c.Submit(ctx, sweep.Manifest{Name: "late", Jobs: other}, sweep.Plain(other), nil); err != nil {
		t.Fatalf("another grid under the cancelled sweep's name: %v", err)
	}
}

// A sweep cancelled while a job of it runs and fails before the worker's
// next progress report sees the cancellation keeps the job cancelled: the
// failed attempt is not recorded as queued for a retry (its message is
// gone, so it would wait for ever).
func TestCancelWhileFailingAttemptRuns(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{AckWait: 30 * time.Second, MaxAttempts: 3})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	// A failure that is retried (a diverged run is not: it ends the job).
	jobs := []sweep.Job{taskJob(t, "natsq-test/fail")}
	if _, q, _, err := c.Submit(ctx, sweep.Manifest{Name: "sinks", Jobs: jobs}, sweep.Plain(jobs), nil); err != nil || q != 1 {
		t.Fatalf("submit: %d queued, %v", q, err)
	}
	// The cancellation comes as the worker logs the job's start, just
	// before it runs it.
	log := &triggerWriter{lockedWriter: lockedWriter{w: &strings.Builder{}}, mark: "started sinks", start: func() {
		if n, err := c.Cancel(ctx, "sinks"); err != nil || n != 1 {
			t.Errorf("cancel: %d jobs, %v", n, err)
		}
	}}
	startWorker(t, &Worker{Conn: c, Concurrency: 1, WorkDir: t.TempDir(), Log: log})
	waitLog(ctx, t, &log.lockedWriter, "cancelled sinks", "retrying", "failed sinks")
	if s := states(t, c, "sinks", jobs)[0]; s.Status != sweep.StatusCancelled {
		t.Fatalf("the job after the cancellation: %+v (want cancelled)\n%s", s, logString(&log.lockedWriter))
	}
}

// A worker keeps reporting progress while it fetches a job's checkpoint
// and while it stores the job's outputs, not only while the job runs: a
// transfer longer than the ack wait (an off-policy run's replay buffer on
// a slow link) would otherwise have the job redelivered to another worker
// and its attempts used up. Each transfer here waits, before it starts,
// for two progress reports.
func TestHeartbeatsDuringTransfers(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{AckWait: 600 * time.Millisecond, MaxAttempts: 2})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	beats := make(chan struct{}, 1000)
	heartbeatSent = func() {
		select {
		case beats <- struct{}{}:
		default:
		}
	}
	var mu sync.Mutex
	var seen []string
	duringTransfer = func(what string) {
		mu.Lock()
		seen = append(seen, what)
		mu.Unlock()
		for len(beats) > 0 { // reports from before
			<-beats
		}
		for i := 0; i < 2; i++ {
			select {
			case <-beats:
			case <-ctx.Done():
				t.Errorf("no progress reports while the worker waits to transfer the job's %s", what)
				return
			}
		}
	}
	t.Cleanup(func() { heartbeatSent, duringTransfer = nil, nil })
	jobs := jobsWithSeeds(t, "slowlink", "[1]")
	if _, _, _, err := c.Submit(ctx, sweep.Manifest{Name: "slowlink", Jobs: jobs}, sweep.Plain(jobs), nil); err != nil {
		t.Fatal(err)
	}
	log := &lockedWriter{w: &strings.Builder{}}
	startWorker(t, &Worker{Conn: c, Concurrency: 1, WorkDir: t.TempDir(), Log: log})
	if _, err := c.Wait(ctx, "slowlink", sweep.Plain(jobs), t.TempDir(), nil, nil); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if strings.Join(seen, ",") != "checkpoint,outputs" {
		t.Errorf("transfers %v, want the checkpoint's and the outputs'", seen)
	}
	if s := states(t, c, "slowlink", jobs)[0]; s.Status != sweep.StatusDone || s.Attempts != 1 {
		t.Errorf("job: %+v\n%s", s, logString(log))
	}
}

// A job whose outputs cannot be stored (here: larger than the object
// store's messages may be) uses its attempts and ends failed with the
// reason, not with an empty "last error" that blames dead workers.
func TestOutputsNotStoredRecorded(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{AckWait: 5 * time.Second, MaxAttempts: 2})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	jobs := jobsWithSeeds(t, "toobig", "[1]")
	if _, _, _, err := c.Submit(ctx, sweep.Manifest{Name: "toobig", Jobs: jobs}, sweep.Plain(jobs), nil); err != nil {
		t.Fatal(err)
	}
	st, err := c.JS.Stream(ctx, "OBJ_"+ObjectBucket)
	if err != nil {
		t.Fatal(err)
	}
	cfg := st.CachedInfo().Config
	cfg.MaxMsgSize = 512
	if _, err := c.JS.UpdateStream(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	log := &lockedWriter{w: &strings.Builder{}}
	startWorker(t, &Worker{Conn: c, Concurrency: 1, WorkDir: t.TempDir(), Log: log})
	for {
		s := states(t, c, "toobig", jobs)[0]
		if Finished(s.Status) {
			if s.Status != sweep.StatusFailed || !strings.Contains(s.Error, "storing") || s.Attempts != 2 {
				t.Fatalf("job: %+v\n%s", s, logString(log))
			}
			t.Logf("recorded: %s", s.Error)
			return
		}
		if ctx.Err() != nil {
			t.Fatalf("the job did not end: %+v\n%s", s, logString(log))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// A client that gives no credentials to a server that requires them is
// told that it gave none and how to give them, not that its credentials
// were refused.
func TestNoCredentialsSaid(t *testing.T) {
	srv, err := StartServer(ServerOptions{Listen: "127.0.0.1:0", StoreDir: t.TempDir(), Token: "s3cret"})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Shutdown()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err = Connect(ctx, ConnOptions{URL: srv.ClientURL()})
	if err == nil || !strings.Contains(err.Error(), "none were given") || !strings.Contains(err.Error(), "STACKEL_NATS_TOKEN") {
		t.Fatalf("no credentials: %v", err)
	}
	_, err = Connect(ctx, ConnOptions{URL: srv.ClientURL(), Token: "guess"})
	if err == nil || !strings.Contains(err.Error(), "refused the credentials") {
		t.Fatalf("a wrong token: %v", err)
	}
}
