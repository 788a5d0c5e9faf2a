package natsq

import (
	"archive/tar"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/experiment/sweep"
)

// smallSpec is a sweep of two smooth-game jobs of a few iterations each.
const smallSpec = `name: %s
config:
  name: sga
  game: {sense: cost, dims: [1, 1], f1: "x[0]*x[0]", f2: "y[0]*y[0]"}
  dynamics: {kind: sga, leader_lr: {constant: 0.1}, follower_lr: {constant: 0.1}}
  iterations: 20
  init: {x: [1], y: [1]}
seeds: [1, 2]
`

func smallJobs(t *testing.T, name string) []sweep.Job {
	t.Helper()
	return expandSpec(t, strings.Replace(smallSpec, "%s", name, 1))
}

// states returns the jobs' states, failing the test on an error.
func states(t *testing.T, c *Conn, name string, jobs []sweep.Job) []State {
	t.Helper()
	st, err := c.States(context.Background(), name, sweep.Plain(jobs))
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// A job message whose sweep name cannot name a key (another version's, or
// a broken one) is handed back, with one log line naming the job, rather
// than failing on the key-value bucket and being handed back at once, and
// again, without end.
func TestMessageWithoutSweepName(t *testing.T) {
	job := smallJobs(t, "nameless")[0].Job
	lines, log := deliverRawMessage(t, SubjectPrefix+"x", message{Sweep: "", Job: job})
	if len(lines) != 1 || !strings.Contains(lines[0], job.ID) || !strings.Contains(lines[0], "sweep name") {
		t.Errorf("want one line naming job %s and its sweep name; log:\n%s", job.ID, log)
	}
}

// deliverRawMessage publishes m on subject of a fresh queue (ack wait
// 5 s, 2 attempts), lets one worker (decline delay 50 ms) take it until
// it has been delivered 4 times, and returns the worker's log lines
// other than its start line, and its whole log.
func deliverRawMessage(t *testing.T, subject string, m message) (lines []string, log string) {
	t.Helper()
	c := startQueueNoWorker(t, QueueOptions{AckWait: 5 * time.Second, MaxAttempts: 2})
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := c.JS.Publish(ctx, subject, b); err != nil {
		t.Fatal(err)
	}
	w := &lockedWriter{w: &strings.Builder{}}
	startWorker(t, &Worker{Conn: c, Name: "w", Concurrency: 1, WorkDir: t.TempDir(), Log: w, DeclineDelay: 50 * time.Millisecond})
	cons, err := c.JS.Consumer(ctx, StreamName, ConsumerName)
	if err != nil {
		t.Fatal(err)
	}
	if !waitFor(30*time.Second, func() bool {
		info, err := cons.Info(ctx)
		return err == nil && info.Delivered.Consumer >= 4
	}) {
		t.Fatalf("the message was not delivered 4 times; log:\n%s", logString(w))
	}
	for _, ln := range strings.Split(strings.TrimSpace(logString(w)), "\n") {
		if !strings.Contains(ln, ", ack wait ") { // the worker's first line ("1 slot, ack wait …")
			lines = append(lines, ln)
		}
	}
	return lines, logString(w)
}

// A worker whose disk cannot hold a job's directory hands every job back
// without using an attempt and says so in the job's state; a worker that
// can run them does, as their first attempt, even with a bound of one
// attempt, instead of the broken worker failing the whole queue.
func TestBrokenWorkerDiskUsesNoAttempt(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{AckWait: 5 * time.Second, MaxAttempts: 1})
	notDir := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(notDir, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	brokenLog := &lockedWriter{w: &strings.Builder{}}
	startWorker(t, &Worker{Conn: c, Name: "broken", Concurrency: 1, WorkDir: filepath.Join(notDir, "work"), Log: brokenLog,
		DeclineDelay: 50 * time.Millisecond})

	jobs := smallJobs(t, "disk")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	root := t.TempDir()
	done := make(chan error, 1)
	go func() {
		done <- (Executor{Conn: c, Name: "disk", Manifest: sweep.Manifest{Name: "disk", Jobs: jobs}}).Execute(ctx, root, sweep.Plain(jobs), nil)
	}()
	// Every job handed back by the broken worker (or, wrongly, failed).
	if !waitFor(30*time.Second, func() bool {
		for _, st := range states(t, c, "disk", jobs) {
			if st.Waiting == "" && st.Status != sweep.StatusFailed {
				return false
			}
		}
		return true
	}) {
		t.Fatalf("the broken worker did not hand the jobs back; log:\n%s", logString(brokenLog))
	}
	for i, st := range states(t, c, "disk", jobs) {
		if st.Status != sweep.StatusQueued || st.Attempts != 0 || !strings.Contains(st.Waiting, "broken could not run it in ") || !strings.Contains(st.Waiting, "not a directory") {
			t.Errorf("job %d with only the broken worker: %+v", i, st)
		}
	}

	startWorker(t, &Worker{Conn: c, Name: "good", Concurrency: 1, WorkDir: t.TempDir()})
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	for i, st := range states(t, c, "disk", jobs) {
		if st.Status != sweep.StatusDone || st.Attempts != 1 || st.Worker != "good" {
			t.Errorf("job %d: %+v", i, st)
		}
	}
}

// twinJob is an RL run of a second or so with a checkpoint every epoch.
func twinJob(t *testing.T) experiment.Job {
	t.Helper()
	return tinyRLJob(t, 2000)
}

// Two sweeps that share a job, run by one worker with two slots: the job
// runs in both slots at once, each in a directory of its own, and each
// sweep gets it done at its first attempt with the outputs of an
// uninterrupted run (they shared one directory, which the first to end
// removed under the other, and whose files each wrote over the other's).
func TestSameJobTwiceInOneWorker(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{AckWait: 10 * time.Second, MaxAttempts: 3})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	j := twinJob(t)
	whole := t.TempDir()
	if _, err := experiment.RunJob(ctx, j, filepath.Join(whole, j.Out), nil); err != nil {
		t.Fatal(err)
	}
	names := []string{"twin-a", "twin-b"}
	for _, name := range names {
		jobs := sweep.Wrap(name, []experiment.Job{j})
		if _, q, _, err := c.Submit(ctx, sweep.Manifest{Name: name, Jobs: jobs}, []experiment.Job{j}, nil); err != nil || q != 1 {
			t.Fatalf("submitting %s: %d queued, %v", name, q, err)
		}
	}
	log := &lockedWriter{w: &strings.Builder{}}
	startWorker(t, &Worker{Conn: c, Name: "w", Concurrency: 2, WorkDir: t.TempDir(), Log: log})
	for _, name := range names {
		root := t.TempDir()
		st, err := c.Wait(ctx, name, []experiment.Job{j}, root, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		if st[0].Status != sweep.StatusDone || st[0].Attempts != 1 {
			t.Errorf("sweep %s: %+v\n%s", name, st[0], logString(log))
			continue
		}
		if a, b := metricsNoTime(t, filepath.Join(whole, j.Out)), metricsNoTime(t, filepath.Join(root, j.Out)); a != b {
			t.Errorf("sweep %s: metrics differ from an uninterrupted run's:\n%s\n---\n%s", name, a, b)
		}
	}
	if strings.Count(logString(log), "started") != 2 {
		t.Errorf("want two starts:\n%s", logString(log))
	}
}

// A sweep stopped between recording a job as queued and queueing its
// message (here: the message purged) leaves a queued job without a
// message; submitting the sweep again queues it again, instead of waiting
// for it forever.
func TestResubmitRequeuesLostMessage(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{AckWait: 5 * time.Second, MaxAttempts: 2})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	jobs := smallJobs(t, "lost")
	m := sweep.Manifest{Name: "lost", Jobs: jobs}
	if _, q, _, err := c.Submit(ctx, m, sweep.Plain(jobs), nil); err != nil || q != 2 {
		t.Fatalf("first submission: %d queued, %v", q, err)
	}
	// The second job's message lost; the first's still queued.
	loseMessage(t, c, "lost", jobs[1].ID)
	for i, s := range states(t, c, "lost", jobs) {
		if s.Status != sweep.StatusQueued {
			t.Fatalf("job %d: %+v", i, s)
		}
	}
	if _, q, _, err := c.Submit(ctx, m, sweep.Plain(jobs), nil); err != nil || q != 1 {
		t.Fatalf("resubmission: %d queued (want the one without a message), %v", q, err)
	}
	startWorker(t, &Worker{Conn: c, Concurrency: 1, WorkDir: t.TempDir()})
	got, err := c.Wait(ctx, "lost", sweep.Plain(jobs), t.TempDir(), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range got {
		if s.Status != sweep.StatusDone || s.Attempts != 1 {
			t.Errorf("job %d: %+v", i, s)
		}
	}
}

// A sweep name that cannot name the sweep's subjects and keys is refused
// with an error naming it, not "nats: invalid key".
func TestSweepNameChecked(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{})
	ctx := context.Background()
	for _, name := range []string{"grid+1", "a b", "", "résumé", "a.b"} {
		jobs := smallJobs(t, "ok")
		_, _, _, err := c.Submit(ctx, sweep.Manifest{Name: name, Jobs: jobs}, sweep.Plain(jobs), nil)
		if err == nil || !strings.Contains(err.Error(), "sweep name") {
			t.Errorf("Submit %q: %v", name, err)
		}
		if _, err := c.Manifest(ctx, name); err == nil || !strings.Contains(err.Error(), "sweep name") {
			t.Errorf("Manifest %q: %v", name, err)
		}
	}
	for _, name := range []string{"grid-1", "stddpg_pendulum", "A9"} {
		if err := CheckName(name); err != nil {
			t.Errorf("CheckName %q: %v", name, err)
		}
	}
}

// A second server on a store in use is refused, naming the store; once
// the first has stopped, a server restarted on the store starts.
func TestStoreInUse(t *testing.T) {
	store := t.TempDir()
	first, err := StartServer(ServerOptions{Listen: "127.0.0.1:0", StoreDir: store})
	if err != nil {
		t.Fatal(err)
	}
	second, err := StartServer(ServerOptions{Listen: "127.0.0.1:0", StoreDir: store})
	if err == nil {
		second.Shutdown()
		first.Shutdown()
		t.Fatal("a second server started on a store in use")
	}
	if !strings.Contains(err.Error(), store) || !strings.Contains(err.Error(), "in use by another NATS server") {
		t.Errorf("error: %v", err)
	}
	first.Shutdown()
	again, err := StartServer(ServerOptions{Listen: "127.0.0.1:0", StoreDir: store})
	if err != nil {
		t.Fatalf("restarting on the store: %v", err)
	}
	again.Shutdown()
}

// A port in use is said at once, with the system's reason.
func TestPortInUse(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	srv, err := StartServer(ServerOptions{Listen: l.Addr().String(), StoreDir: t.TempDir()})
	if err == nil {
		srv.Shutdown()
		t.Fatal("started on a port in use")
	}
	if !strings.Contains(err.Error(), "address already in use") || !strings.Contains(err.Error(), l.Addr().String()) {
		t.Errorf("error: %v", err)
	}
}

// tarOf packs name/content pairs, in order, as a tar archive.
func tarOf(t *testing.T, files ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for i := 0; i < len(files); i += 2 {
		b := []byte(files[i+1])
		if err := tw.WriteHeader(&tar.Header{Name: files[i], Mode: 0o644, Size: int64(len(b)), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		tw.Write(b)
	}
	tw.Close()
	return buf.Bytes()
}

// A download of a job's outputs that fails part-way (here an archive whose
// last entry cannot be written; a full disk, or a killed process, do the
// same) leaves the job's directory as it was, not a job.json that says
// "done" over missing outputs, which would be taken for finished and never
// downloaded again.
func TestFetchOutputsPartWay(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{})
	ctx := context.Background()
	j := smallJobs(t, "part")[0].Job
	rec, err := json.Marshal(experiment.JobRecord{Job: j, Status: experiment.JobDone})
	if err != nil {
		t.Fatal(err)
	}
	data := tarOf(t, experiment.ConfigFile, j.Config, experiment.JobFile, string(rec), "metrics.csv", "t,f1\n", "metrics.csv/x", "")
	if _, err := c.Obj.PutBytes(ctx, outputsObject(j.ID), data); err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	dir := filepath.Join(root, "runs", j.ID)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "before"), []byte("x"), 0o644)
	if err := c.FetchOutputs(ctx, j.ID, dir); err == nil || !strings.Contains(err.Error(), j.ID) {
		t.Fatalf("FetchOutputs of a broken archive: %v", err)
	}
	if _, finished, err := experiment.JobState(dir, j); finished || err != nil {
		t.Errorf("after a failed download the directory holds a finished job (%v)", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "before")); err != nil {
		t.Errorf("the directory's earlier content: %v", err)
	}
	if left, _ := filepath.Glob(filepath.Join(root, "runs", ".*")); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
}

// Another sweep submitted with a shorter ack wait while a job runs does
// not shorten it under the job (whose worker reports progress every third
// of the ack wait it read), so the job is not redelivered to other
// workers while it runs; once no job is out, the shorter one applies. A
// worker started before a sweep changed the attempt bound uses the new
// bound.
func TestQueueOptionsChangedUnderWorkers(t *testing.T) {
	// An ack wait of 3 s, not 30 s: the cancellation below reaches the job
	// at its worker's next progress report, a third of the ack wait on.
	c := startQueueNoWorker(t, QueueOptions{AckWait: 3 * time.Second, MaxAttempts: 3})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	log := &lockedWriter{w: &strings.Builder{}}
	startWorker(t, &Worker{Conn: c, Name: "w", Concurrency: 1, WorkDir: t.TempDir(), Log: log})
	if !waitFor(20*time.Second, func() bool { return strings.Contains(logString(log), "3 attempts per job") }) {
		t.Fatalf("the worker did not start:\n%s", logString(log))
	}

	long := expandSpec(t, `name: long
config:
  name: cp
  rl: {env: CartPole-v1, algo: ac, steps: 2000000, steps_per_epoch: 1000, hidden: [16], unroll: 1}
seeds: [1]
`)
	if _, _, _, err := c.Submit(ctx, sweep.Manifest{Name: "long", Jobs: long}, sweep.Plain(long), nil); err != nil {
		t.Fatal(err)
	}
	if !waitFor(20*time.Second, func() bool { return states(t, c, "long", long)[0].Status == sweep.StatusRunning }) {
		t.Fatalf("the job did not start:\n%s", logString(log))
	}
	if err := c.Setup(ctx, QueueOptions{AckWait: time.Second, MaxAttempts: 1}); err != nil {
		t.Fatal(err)
	}
	q, err := c.QueueOptions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if q.AckWait != 3*time.Second || q.MaxAttempts != 1 {
		t.Errorf("while a job runs with an ack wait of 3 s: %+v", q)
	}
	if _, err := c.Cancel(ctx, "long"); err != nil {
		t.Fatal(err)
	}
	cons, err := c.JS.Consumer(ctx, StreamName, ConsumerName)
	if err != nil {
		t.Fatal(err)
	}
	if !waitFor(30*time.Second, func() bool { info, err := cons.Info(ctx); return err == nil && info.NumAckPending == 0 }) {
		t.Fatalf("the cancelled job is still out:\n%s", logString(log))
	}
	if err := c.Setup(ctx, QueueOptions{AckWait: 2 * time.Second, MaxAttempts: 1}); err != nil {
		t.Fatal(err)
	}
	if q, err := c.QueueOptions(ctx); err != nil || q.AckWait != 2*time.Second {
		t.Errorf("with no job out: %+v, %v", q, err)
	}

	// A failing job (a failure that is retried: a diverged run is not)
	// gets one attempt, the bound set after the worker started.
	bad := []sweep.Job{taskJob(t, "natsq-test/fail")}
	if err := (Executor{Conn: c, Name: "bad", Manifest: sweep.Manifest{Name: "bad", Jobs: bad}}).Execute(ctx, t.TempDir(), sweep.Plain(bad), nil); err != nil {
		t.Fatal(err)
	}
	if st := states(t, c, "bad", bad)[0]; st.Status != sweep.StatusFailed || st.Attempts != 1 {
		t.Errorf("the failing job with a bound of 1 set after the worker started: %+v\n%s", st, logString(log))
	}
}

// A worker waiting for a work queue outlives a restart of its server (it
// returned "context deadline exceeded" when the server did not answer),
// and runs the jobs of a sweep submitted after the restart.
func TestWorkerWaitsThroughServerRestart(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	srv, c := startRestartable(ctx, t)
	log := &lockedWriter{w: &strings.Builder{}}
	// Without a deadline, as the CLI's: JetStream requests time out after
	// their default 5 s.
	wctx, stop := context.WithCancel(context.Background())
	ran := make(chan error, 1)
	go func() { ran <- (&Worker{Conn: c, Name: "w", Concurrency: 1, WorkDir: t.TempDir(), Log: log}).Run(wctx) }()
	defer func() { stop(); <-ran }()
	if !waitFor(20*time.Second, func() bool { return strings.Contains(logString(log), "no work queue yet") }) {
		t.Fatalf("the worker is not waiting for a queue:\n%s", logString(log))
	}
	srv.stopAndWait(t, "the worker", log, ran)
	c2 := srv.restart(ctx, t)
	if err := c2.Setup(ctx, QueueOptions{AckWait: 5 * time.Second}); err != nil {
		t.Fatal(err)
	}
	jobs := smallJobs(t, "after")
	if err := (Executor{Conn: c2, Name: "after", Manifest: sweep.Manifest{Name: "after", Jobs: jobs}}).Execute(ctx, t.TempDir(), sweep.Plain(jobs), nil); err != nil {
		t.Fatal(err)
	}
	for i, st := range states(t, c2, "after", jobs) {
		if st.Status != sweep.StatusDone || st.Worker != "w" {
			t.Errorf("job %d: %+v", i, st)
		}
	}
}

// loseMessage removes job id's message from the stream (as a submitter
// stopped before queueing it leaves it) and returns the stream.
func loseMessage(t *testing.T, c *Conn, name, id string) jetstream.Stream {
	t.Helper()
	ctx := context.Background()
	st, err := c.JS.Stream(ctx, StreamName)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Purge(ctx, jetstream.WithPurgeSubject(jobSubject(name, id))); err != nil {
		t.Fatal(err)
	}
	return st
}

// corruptStateOf writes bytes that are no state over job id's state.
func corruptStateOf(t *testing.T, c *Conn, name, id string) {
	t.Helper()
	if _, err := c.KV.Put(context.Background(), stateKey(name, id), []byte("{not json")); err != nil {
		t.Fatal(err)
	}
}

// A job whose stored state cannot be read (written over by another
// program) is run by the worker that gets it as a first attempt, which
// writes a readable state over it, instead of being handed back every
// second for ever; without a message, submitting the sweep again queues
// it; a cancel cancels it.
func TestCorruptStateRecovered(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{AckWait: 5 * time.Second, MaxAttempts: 2})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	// With its message queued: the worker repairs it.
	jobs := smallJobs(t, "garbled")
	m := sweep.Manifest{Name: "garbled", Jobs: jobs}
	if _, q, _, err := c.Submit(ctx, m, sweep.Plain(jobs), nil); err != nil || q != 2 {
		t.Fatalf("submission: %d queued, %v", q, err)
	}
	corruptStateOf(t, c, "garbled", jobs[0].ID)
	_, _, err := c.GetState(ctx, "garbled", jobs[0].ID)
	if !errors.Is(err, ErrCorruptState) || !strings.Contains(err.Error(), jobs[0].ID) || !strings.Contains(err.Error(), "submitting the sweep again") {
		t.Fatalf("reading the garbled state: %v", err)
	}
	log := &lockedWriter{w: &strings.Builder{}}
	startWorker(t, &Worker{Conn: c, Concurrency: 1, WorkDir: t.TempDir(), Log: log})
	got, err := c.Wait(ctx, "garbled", sweep.Plain(jobs), t.TempDir(), nil, nil)
	if err != nil {
		t.Fatalf("%v\nworker log:\n%s", err, logString(log))
	}
	for i, s := range got {
		if s.Status != sweep.StatusDone || s.Attempts != 1 {
			t.Errorf("job %d: %+v", i, s)
		}
	}
	if !strings.Contains(logString(log), "running it as a first attempt") {
		t.Errorf("the worker did not say why it ran the job afresh:\n%s", logString(log))
	}

	// Done, then garbled: submitting again finds its stored outputs.
	corruptStateOf(t, c, "garbled", jobs[1].ID)
	if _, q, d, err := c.Submit(ctx, m, sweep.Plain(jobs), nil); err != nil || q != 0 || d != 2 {
		t.Fatalf("resubmission of the finished sweep: %d queued, %d done, %v", q, d, err)
	}
	if s := states(t, c, "garbled", jobs)[1]; s.Status != sweep.StatusDone || s.Attempts != 1 {
		t.Errorf("finished job after resubmission: %+v", s)
	}
}

// Without a worker: a garbled job with no message is queued again by a
// resubmission, one with its message keeps it (not queued twice), and
// Cancel cancels garbled jobs like queued ones.
func TestCorruptStateResubmitAndCancel(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{AckWait: 5 * time.Second, MaxAttempts: 2})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	jobs := smallJobs(t, "garbled2")
	m := sweep.Manifest{Name: "garbled2", Jobs: jobs}
	if _, q, _, err := c.Submit(ctx, m, sweep.Plain(jobs), nil); err != nil || q != 2 {
		t.Fatalf("submission: %d queued, %v", q, err)
	}
	st := loseMessage(t, c, "garbled2", jobs[1].ID)
	corruptStateOf(t, c, "garbled2", jobs[0].ID)
	corruptStateOf(t, c, "garbled2", jobs[1].ID)
	if _, q, _, err := c.Submit(ctx, m, sweep.Plain(jobs), nil); err != nil || q != 1 {
		t.Fatalf("resubmission: %d queued (want the one without a message), %v", q, err)
	}
	info, err := st.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if info.State.Msgs != 2 {
		t.Errorf("%d messages on the stream, want one per job", info.State.Msgs)
	}
	for i, s := range states(t, c, "garbled2", jobs) {
		if s.Status != sweep.StatusQueued {
			t.Errorf("job %d after resubmission: %+v", i, s)
		}
	}
	corruptStateOf(t, c, "garbled2", jobs[0].ID)
	if n, err := c.Cancel(ctx, "garbled2"); err != nil || n != 2 {
		t.Fatalf("cancel: %d stopped, %v", n, err)
	}
	for i, s := range states(t, c, "garbled2", jobs) {
		if s.Status != sweep.StatusCancelled {
			t.Errorf("job %d after cancel: %+v", i, s)
		}
	}
}

// A finished job whose state became unreadable is done to States (its
// outputs are stored), and Cancel leaves it done rather than recording a
// finished job as cancelled (and counting it among the jobs it stopped).
func TestCancelKeepsFinishedCorruptJobDone(t *testing.T) {
	c := startQueueNoWorker(t, QueueOptions{AckWait: 5 * time.Second, MaxAttempts: 2})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	jobs := smallJobs(t, "garbled3")
	m := sweep.Manifest{Name: "garbled3", Jobs: jobs}
	if _, q, _, err := c.Submit(ctx, m, sweep.Plain(jobs), nil); err != nil || q != 2 {
		t.Fatalf("submission: %d queued, %v", q, err)
	}
	log := &lockedWriter{w: &strings.Builder{}}
	startWorker(t, &Worker{Conn: c, Concurrency: 1, WorkDir: t.TempDir(), Log: log})
	if _, err := c.Wait(ctx, "garbled3", sweep.Plain(jobs), t.TempDir(), nil, nil); err != nil {
		t.Fatalf("%v\nworker log:\n%s", err, logString(log))
	}
	corruptStateOf(t, c, "garbled3", jobs[0].ID)
	if s := states(t, c, "garbled3", jobs)[0]; s.Status != sweep.StatusDone || !strings.Contains(s.Error, "stored state unreadable") {
		t.Errorf("finished job with an unreadable state: %+v, want done with the reason", s)
	}
	if n, err := c.Cancel(ctx, "garbled3"); err != nil || n != 0 {
		t.Fatalf("cancel of a finished sweep: %d stopped, %v; want 0", n, err)
	}
	for i, s := range states(t, c, "garbled3", jobs) {
		if s.Status != sweep.StatusDone {
			t.Errorf("job %d after cancel: %+v, want done", i, s)
		}
	}
}
