package natsq

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/experiment/sweep"
	"github.com/stackel/stackel/internal/safeyaml"
	"github.com/stackel/stackel/internal/textcut"
	"github.com/stackel/stackel/loop"
	"github.com/stackel/stackel/markov"
)

// Worker pulls jobs from the work queue and runs them.
type Worker struct {
	// Conn is the worker's connection.
	Conn *Conn
	// Name identifies the worker in job states (default host:pid).
	Name string
	// Concurrency is how many jobs run at once (default 1).
	Concurrency int
	// WorkDir holds the jobs' local directories while they run (default a
	// temporary directory).
	WorkDir string
	// Log receives a line per job event (nil: none). A line "completed
	// <sweep> <job-id>" marks a job run to its end and stored.
	Log io.Writer
	// CanRun returns an error for a job this worker cannot run (nil: a
	// configuration this build cannot parse, which its submitter parsed,
	// so a worker of another stackel version; or one that
	// experiment.CheckRunnable refuses, an RL run on a MuJoCo task in a
	// binary built without -tags mujoco).
	// Such a job is handed back for another worker after DeclineDelay,
	// and the hand-back is not an attempt: in a cluster of mixed builds
	// the jobs go to the workers that have their tasks.
	CanRun func(experiment.Job) error
	// DeclineDelay is how long a job this worker cannot run stays away
	// from every worker after it hands it back (default 2 s).
	DeclineDelay time.Duration

	mu       sync.Mutex
	declined map[string]bool // <sweep>.<job-id> of the jobs handed back
	// fetchSaid is the note last logged for a failed fetch, "" once a
	// fetch has worked since (fetchFailed); fetchNotes counts the notes
	// logged, so that a fetch that began before the last note does not
	// count as working since it (fetchWorks).
	fetchSaid  string
	fetchNotes uint64
	// handBackSaid is the reason (faultReason) of the last hand-back
	// for a fault of this worker's machine that it logged, "" once a run
	// has started since (runStarts): a worker whose disk is full hands
	// back every job it is delivered, every DeclineDelay, and said so,
	// in lines of its full error, at each one.
	handBackSaid string
	// keptOutputs counts the job directories kept for the outputs of a
	// finished run that this worker stopped before it could store; Run
	// then leaves its temporary WorkDir in place.
	keptOutputs atomic.Int64
	// id is this Run's instance (Presence.ID), the key of its presence
	// in WorkersBucket and of its declines (State.Declines).
	id string
	// settings, when not nil, stands for this build's effective settings
	// of a job (jobSettings) in settingsDecline: a test's worker "built
	// with other defaults".
	settings func(experiment.Job) json.RawMessage
	// comebacks are the instants at which jobs this worker declined
	// return to the queue, in order; its fetches stay clear of them
	// (nextFetch).
	comebacks []time.Time
}

// handBackFor hands msg, a job this worker cannot run (decline), back for
// another worker: it returns to the queue after DeclineDelay, at an
// instant this worker's fetches keep clear of (nextFetch). Without that, the job went back to this worker nearly every
// time: the server gives a returning job to the oldest waiting fetch, and
// this worker's, begun right after the hand-back and renewed every
// fetchWait, a divisor of DeclineDelay, was just that old — two jobs that
// an idle worker with the engine could run at once waited 20 s, handed
// back 10 times by a worker without it.
func (w *Worker) handBackFor(msg jetstream.Msg) error {
	d := w.declineDelay()
	w.mu.Lock()
	w.comebacks = append(w.comebacks, time.Now().Add(d))
	w.mu.Unlock()
	return msg.NakWithDelay(d)
}

// nextFetch returns how long a slot's next fetch may wait for a job
// (fetchWait, shortened to end before the next instant a job this worker
// handed back returns), or, when that instant is near, how long to pause
// first: no fetch of this worker is waiting within comebackGuard of it,
// so that another worker's gets the job. With several slots a fetch also
// ends comebackGuard before the return of a job another slot hands back
// while it waits (DeclineDelay minus the guard, when that is shorter than
// fetchWait): before review 49 a worker of two slots with a DeclineDelay
// under fetchWait had its other slot's fetch, begun before the hand-back,
// still waiting when the job returned, and took it back.
func (w *Worker) nextFetch(now time.Time) (wait, pause time.Duration) {
	d := w.declineDelay()
	guard := comebackGuard(d)
	longest := fetchWait
	if w.Concurrency > 1 {
		longest = min(fetchWait, d-guard)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	for len(w.comebacks) > 0 && !now.Before(w.comebacks[0].Add(guard)) {
		w.comebacks = w.comebacks[1:]
	}
	if len(w.comebacks) == 0 {
		return longest, 0
	}
	if start := w.comebacks[0].Add(-guard); now.Before(start) {
		return min(longest, start.Sub(now)), 0
	}
	return 0, w.comebacks[0].Add(guard).Sub(now)
}

// comebackGuard is how far a worker's fetches keep from the return of a
// job it handed back after delay d: a quarter of the shorter of d and
// fetchWait (250 ms by default).
func comebackGuard(d time.Duration) time.Duration { return min(d, fetchWait) / 4 }

// fetchFailed logs why a fetch of the next job failed: once for as long
// as the same failure lasts, not once a second for each slot, and for a
// work queue deleted on the server (the stream or its consumer; or a
// server restarted on another store) with what the worker does about it;
// a failure of that kind while the queue is found again (a sweep creating
// it as the fetch ran) is transient and not logged. So each slot does
// not log "fetch: nats: no responders available for request" every
// second until a sweep creates the queue again.
func (w *Worker) fetchFailed(err error) {
	note := fmt.Sprintf("fetch: %v", err)
	if errors.Is(err, jetstream.ErrConsumerDeleted) || errors.Is(err, jetstream.ErrConsumerNotFound) ||
		errors.Is(err, jetstream.ErrStreamNotFound) || errors.Is(err, nats.ErrNoResponders) {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		_, lerr := w.Conn.JS.Consumer(ctx, StreamName, ConsumerName)
		cancel()
		switch {
		case errors.Is(lerr, jetstream.ErrStreamNotFound) || errors.Is(lerr, jetstream.ErrConsumerNotFound):
			note = fmt.Sprintf("worker %s: the work queue (consumer %s on stream %s) is gone from the server; waiting for a sweep to create it again", w.Name, ConsumerName, StreamName)
		case lerr == nil:
			// The queue is there again (a sweep is creating it as the
			// fetch failed): a transient failure, not worth a line; the
			// next fetch finds it.
			return
		}
	}
	w.mu.Lock()
	said := w.fetchSaid == note
	w.fetchSaid = note
	if !said {
		w.fetchNotes++
	}
	w.mu.Unlock()
	if !said {
		w.logf("%s", note)
	}
}

// fetchStarts returns what fetchWorks needs to know of a fetch about to
// start: the notes logged so far.
func (w *Worker) fetchStarts() uint64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.fetchNotes
}

// fetchWorks notes that a fetch, begun when fetchStarts returned notes,
// has worked (delivered a job, or found the queue empty): the next
// failure is logged, even the same as the last (a work queue deleted
// again after a sweep created it again, with no job in between: that
// second loss is said too). A fetch that began before the
// last note was logged says nothing of the queue since.
func (w *Worker) fetchWorks(notes uint64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.fetchNotes != notes {
		return
	}
	w.fetchSaid = ""
}

func (w *Worker) logf(format string, args ...any) {
	if w.Log == nil {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	// Escaped as a whole: a job's error can name a path or a value no
	// one quoted (textcut.Printable).
	fmt.Fprintln(w.Log, time.Now().Format("15:04:05 ")+textcut.Printable(fmt.Sprintf(format, args...)))
}

// Run serves jobs until ctx is cancelled, and then returns nil. A job
// interrupted by the cancellation is handed back to the queue (not
// acknowledged), so another worker resumes it from its stored checkpoint.
// At the start it waits, saying so once, for a work queue (a sweep
// creating it) and for a server, or JetStream on it, that does not answer
// (a restart). It returns an error when it cannot start (a server that
// refuses it) or
// when its connection is closed for good (the client stops reconnecting
// to a restarted server that refuses its credentials).
func (w *Worker) Run(ctx context.Context) error {
	if w.Name == "" {
		host, _ := os.Hostname()
		w.Name = fmt.Sprintf("%s:%d", host, os.Getpid())
	}
	if w.Concurrency <= 0 {
		w.Concurrency = 1
	}
	var err error
	if w.WorkDir == "" {
		d, err := os.MkdirTemp("", "stackel-worker-")
		if err != nil {
			return err
		}
		defer func() {
			// Not with the outputs of a finished run that could not be
			// stored (handle): the log says where they are.
			if w.keptOutputs.Load() == 0 {
				os.RemoveAll(d)
			}
		}()
		w.WorkDir = d
	}
	// A worker may start before any sweep has created the work queue, and
	// the server may go away (a restart) while it waits: the connection
	// reconnects, and the worker waits on. So it does while JetStream
	// answers "no responders" (Conn.outage), as a server that accepts
	// clients before JetStream is ready does, rather than end Run. A work
	// queue gone from a server that answers is waited
	// for too, for a sweep to create it.
	var cons jetstream.Consumer
	var info *jetstream.ConsumerInfo
	for said := ""; ; {
		cons, err = w.Conn.JS.Consumer(ctx, StreamName, ConsumerName)
		if err == nil {
			if info, err = cons.Info(ctx); err == nil {
				break
			}
		}
		if ctx.Err() != nil {
			return nil
		}
		var note string
		switch {
		case errors.Is(err, jetstream.ErrStreamNotFound) || errors.Is(err, jetstream.ErrConsumerNotFound):
			note = fmt.Sprintf("worker %s: no work queue yet; waiting for a sweep to start one", w.Name)
		case w.waitable(err):
			note = fmt.Sprintf("worker %s: the NATS server does not answer (%v); waiting for it", w.Name, err)
		default:
			return fmt.Errorf("NATS: work queue (consumer %s on stream %s): %w", ConsumerName, StreamName, err)
		}
		if note != said {
			w.logf("%s", note)
			said = note
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(retryEvery):
		}
	}
	q := queueOptions(info.Config)
	w.logf("worker %s: %s, ack wait %s, %s per job", w.Name, experiment.CountOf(w.Concurrency, "slot"), q.AckWait, experiment.CountOf(q.MaxAttempts, "attempt"))
	// Live from before its first fetch to after its last hand-back: a
	// job it has not handed back is not said declined by every live
	// worker while it may still be delivered it.
	w.id = newInstanceID()
	defer w.announce(ctx)()
	// The slots stop when ctx is cancelled, or when the connection is
	// closed for good (the client gives up reconnecting when a restarted
	// server refuses its credentials): no job can be fetched, reported or
	// stored any more, and the worker says so and ends with an error
	// rather than go on for ever, fetching nothing and logging "fetch:
	// nats: connection closed" every second.
	sctx, stopSlots := context.WithCancelCause(ctx)
	defer stopSlots(nil)
	var wg sync.WaitGroup
	for i := 0; i < w.Concurrency; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx := sctx
			for ctx.Err() == nil {
				wait, clear := w.nextFetch(time.Now())
				if clear > 0 {
					select {
					case <-ctx.Done():
					case <-time.After(clear):
					}
					continue
				}
				notes := w.fetchStarts()
				msg, err := cons.Next(jetstream.FetchMaxWait(wait))
				if err != nil {
					if errors.Is(err, jetstream.ErrNoMessages) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, nats.ErrTimeout) || ctx.Err() != nil {
						// An empty queue (the server answers a fetch
						// that finds no job with a timeout): it is
						// there. Not while the connection is down (a
						// fetch that timed out unanswered).
						if ctx.Err() == nil && w.Conn.NC.IsConnected() {
							w.fetchWorks(notes)
							if fetchAnswered != nil {
								fetchAnswered()
							}
						}
						continue
					}
					if errors.Is(err, nats.ErrConnectionClosed) || w.Conn.NC.IsClosed() {
						why := "closed"
						if last := w.Conn.NC.LastError(); last != nil {
							why = fmt.Sprintf("closed (the last error: %v)", last)
						}
						stopSlots(fmt.Errorf("worker %s: the connection to the NATS server is %s: no job can be fetched or stored any more; start the worker again (with the server's credentials, if they changed)", w.Name, why))
						continue
					}
					w.fetchFailed(err)
					time.Sleep(retryEvery)
					continue
				}
				w.fetchWorks(notes)
				pause, err := w.handle(ctx, msg, cons)
				if err != nil {
					w.logf("%v", err)
				}
				if pause {
					// This worker cannot run jobs now (its disk): leave
					// them to the others for a while.
					select {
					case <-ctx.Done():
					case <-time.After(w.declineDelay()):
					}
				}
			}
		}()
	}
	wg.Wait()
	if ctx.Err() == nil {
		if cause := context.Cause(sctx); cause != nil {
			return cause
		}
	}
	return nil
}

// runStarts logs line, a run's "started …", and notes that a run has
// started, so that the next hand-back for a fault of this worker's
// machine is logged (handBackSaid): at once; but while this worker's last
// word was such a hand-back, only once the run has gone on for a second,
// or when it ends (the returned function) other than in such a fault
// (fault) — a worker whose disk is full starts every job delivered to it,
// every DeclineDelay, and hands it back.
func (w *Worker) runStarts(line string) (ended func(fault bool)) {
	var once sync.Once
	say := func() {
		once.Do(func() {
			w.mu.Lock()
			w.handBackSaid = ""
			w.mu.Unlock()
			w.logf("%s", line)
		})
	}
	w.mu.Lock()
	quiet := w.handBackSaid != ""
	w.mu.Unlock()
	if !quiet {
		say()
		return func(bool) {}
	}
	t := time.AfterFunc(time.Second, say)
	return func(fault bool) {
		if t.Stop() && fault {
			return
		}
		say() // waits for the timer's, if it fired
	}
}

// canRun returns an error if this worker cannot run j (Worker.CanRun).
func (w *Worker) canRun(j experiment.Job) error {
	if w.CanRun != nil {
		return w.CanRun(j)
	}
	if j.Task != nil { // a reproduction's task: no configuration
		if !slices.Contains(experiment.TaskKinds(), j.Task.Kind) {
			return fmt.Errorf("this build has no task %q (another stackel version?)", j.Task.Kind)
		}
		// Parameters this build's task does not know (a newer submitter's)
		// would be dropped, and another computation stored under the ID.
		return experiment.CheckTask(j.Task)
	}
	cfg, err := experiment.ParseConfig([]byte(j.Config))
	if err != nil {
		// The submitter parsed it: a worker of another stackel version.
		return fmt.Errorf("this build cannot read the job's configuration (another stackel version?): %w", err)
	}
	if err := j.CheckID(); err != nil {
		// The submitter computed the ID: a version that computes it
		// otherwise (or an edited job), which its own workers can run, or
		// a Markov spec file that differs on this machine, which another
		// worker may have as the submitter had it.
		return fmt.Errorf("this build cannot take the job for the one submitted: %w", err)
	}
	return experiment.CheckRunnable(cfg)
}

// decline hands back a job this worker cannot run: not an attempt. It
// records its hand-back in the job's state (Declines, for this worker's
// instance), notes why there (Waiting) when the queued job has no note
// yet, so that the sweep's log and status say what it waits for, and logs
// it the first time for each sweep's job.
func (w *Worker) decline(msg jetstream.Msg, name string, j experiment.Job, why error) error {
	key := name + "." + j.ID
	w.mu.Lock()
	first := !w.declined[key]
	if w.declined == nil {
		w.declined = map[string]bool{}
	}
	w.declined[key] = true
	w.mu.Unlock()
	// Best effort: a failed write is tried again at the next hand-back.
	// Recorded for this worker's instance, which a sweep's wait and
	// status compare with the live workers (State.DeclinedByAll).
	w.Conn.noteDecline(context.Background(), name, j.ID, Decline{ID: w.id, Worker: w.Name, Why: why.Error(), At: time.Now().UTC()})
	if first {
		of := name
		if of == "" {
			of = "(no sweep)"
		}
		w.logf("left %s %s (%s) to other workers: %v", of, j.ID, j.Out, why)
	}
	return w.handBackFor(msg)
}

// declineDelay is DeclineDelay or its default.
func (w *Worker) declineDelay() time.Duration {
	if w.DeclineDelay <= 0 {
		return 2 * time.Second
	}
	return w.DeclineDelay
}

// retryDelay is how long a job handed back after an error that is not its
// own (a lost server, a full disk), or after a failed attempt that is
// retried, stays away from every worker, so that the worker that had it
// does not take it again at once, and again: 1 s (tests shorten it).
var retryDelay = time.Second

// fetchWait is how long a worker's fetch of the next job waits for one
// (the fetch's MaxWait): a stopped worker's idle slot ends within it. 1 s
// (tests shorten it: each test stops its workers at its end).
var fetchWait = time.Second

// retryEvery is how often a wait on a server, or JetStream on it, that
// does not answer tries again: a starting worker's (Run) and one whose
// fetch failed, the upload of a finished job's outputs (storeFinished)
// and the fetch of its checkpoint (fetchCheckpoint), ConnectWait and a
// collect's (outlasting). 1 s (tests shorten it).
var retryEvery = time.Second

// waitPoll is how often a sweep's wait (Conn.Wait) reads its jobs'
// states, plus a millisecond per job: 300 ms (tests shorten it).
var waitPoll = 300 * time.Millisecond

// localFault reports whether err is a fault of the worker's machine rather
// than of the job: its file system full, read-only, failing or not
// writable by the worker.
func localFault(err error) bool {
	var errno syscall.Errno
	if !errors.As(err, &errno) {
		return false
	}
	switch errno {
	case syscall.ENOSPC, syscall.EDQUOT, syscall.EROFS, syscall.EIO, syscall.EACCES, syscall.EPERM, syscall.ENOTDIR, syscall.EMFILE, syscall.ENFILE:
		return true
	}
	return false
}

// faultReason is why, a fault of this worker's machine (localFault), as
// the job's state notes it and the log tells one from the next: its
// errno's text ("no space left on device"), without the file, which is
// in the delivery's own directory or a temporary file of a random name
// (job.json.123.456.tmp), another at each hand-back (the sweep logs every
// new note: with the file in it, each hand-back's would be a new one).
func faultReason(why error) string {
	var errno syscall.Errno
	if errors.As(why, &errno) {
		return errno.Error()
	}
	return why.Error()
}

// unable hands back a job of sweep name that this worker took as attempt
// (its state st, as recorded at the start) but could not run: its
// directory could not be prepared, its checkpoint not fetched, or the run
// ended without a record. A fault of this worker's machine (localFault: a
// full or read-only disk) is not the job's: the attempt is given back, the
// job's state notes why it waits (faultReason), pause tells the worker to
// leave jobs to others for a while — otherwise one broken worker would
// take every job of the queue again and again and use up all their
// attempts within seconds — and the log says it once for as long as the
// reason lasts (handBackSaid). Any other error counts as the attempt.
func (w *Worker) unable(msg jetstream.Msg, name string, j experiment.Job, attempt int, st State, why error) (pause bool, err error) {
	bg := context.Background()
	if localFault(why) {
		reason := faultReason(why)
		w.Conn.handBack(bg, name, j.ID, w.Name, attempt)
		w.Conn.noteWaiting(bg, name, j.ID, fmt.Sprintf("worker %s could not run it in %s: %s", w.Name, w.WorkDir, reason))
		// Not handBackFor: this worker's slot pauses for the delay
		// (pause), and then takes whichever job comes, this one or
		// another, so that every queued job is noted as waiting.
		msg.NakWithDelay(w.declineDelay())
		w.mu.Lock()
		said := w.handBackSaid == reason
		w.handBackSaid = reason
		w.mu.Unlock()
		if said {
			return true, nil
		}
		return true, fmt.Errorf("job %s of sweep %s handed back (not an attempt): this worker cannot run it: %v; it hands back every job delivered to it while this lasts, trying again every %s, and says so again when the reason changes or a run has started", j.ID, name, why, w.declineDelay())
	}
	if ok, err := w.Conn.requeue(bg, name, j.ID, w.Name, attempt, why.Error()); err == nil && !ok {
		// Cancelled, or taken over by another worker, meanwhile.
		return false, w.notOurs(msg, name, j.ID, attempt, why.Error())
	}
	msg.NakWithDelay(retryDelay)
	return false, fmt.Errorf("job %s of sweep %s handed back after attempt %d: %v", j.ID, name, attempt, why)
}

// handle runs one delivered job, reading the queue's current options from
// cons. pause is true when this worker should leave jobs to others for a
// while (unable).
func (w *Worker) handle(ctx context.Context, msg jetstream.Msg, cons jetstream.Consumer) (pause bool, err error) {
	var m message
	if err := json.Unmarshal(msg.Data(), &m); err != nil || m.Job.ID == "" {
		msg.Term()
		return false, fmt.Errorf("a message that is not a job (%v): dropped", err)
	}
	name, j := m.Sweep, m.Job
	if err := CheckName(name); err != nil {
		// No state to read or write: a message of another stackel
		// version (or a broken one), left to workers that can read it.
		return false, w.decline(msg, name, j, fmt.Errorf("the message's %v (another stackel version?)", err))
	}
	if !sweep.ValidName(j.ID) {
		// Nor for an ID that is no token (a configuration job's is
		// checked against its configuration below; a task job's cannot
		// be).
		return false, w.decline(msg, name, j, fmt.Errorf("job ID %s: %s (another stackel version?)", sweep.QuoteName(j.ID), sweep.NameRule))
	}
	bg := context.Background() // bookkeeping outlives a stopping worker
	if w.Conn.Cancelled(bg, name) {
		msg.Term()
		return false, nil
	}
	// The options of the queue as they are now (another sweep may have
	// changed them since this worker started).
	info, err := cons.Info(bg)
	if err != nil {
		msg.NakWithDelay(retryDelay)
		return false, fmt.Errorf("job %s of sweep %s: reading the queue's options: %w", j.ID, name, err)
	}
	q := queueOptions(info.Config)
	st, hadState, err := w.Conn.GetState(bg, name, j.ID)
	var corrupt error // an unreadable state, taken as queued
	if errors.Is(err, ErrCorruptState) {
		// Retrying cannot make it readable: the job runs as a first
		// attempt (its stored outputs, if it finished, end it below),
		// and the state written for the run replaces the unreadable one.
		// What happens is logged where it is known: the job may be done,
		// or one this worker cannot run, which it hands back.
		corrupt = err
		st, err = State{Status: sweep.StatusQueued}, nil
		stored, perr := w.Conn.recordStoredDone(bg, name, j)
		if perr != nil {
			msg.NakWithDelay(retryDelay)
			return false, fmt.Errorf("job %s of sweep %s: recording it done: %w", j.ID, name, perr)
		}
		if stored {
			st.Status = sweep.StatusDone
			w.logf("%v; its outputs are stored: recording it done", corrupt) // the error names the job and sweep
		}
	}
	if err != nil {
		msg.NakWithDelay(retryDelay)
		return false, fmt.Errorf("job %s of sweep %s: reading its state: %w", j.ID, name, err)
	}
	if finalState(st) {
		// Ended before its ack reached the server (its worker killed
		// in between): what that worker did after the ack.
		return false, w.endedBefore(msg, name, j.ID, st)
	}
	// Submitted by a stackel that gives the job other effective settings
	// than this build: neither run here nor recorded done from stored
	// outputs this build would take, but left to a worker of the
	// submitter's build, as a job this worker cannot run (not an
	// attempt).
	mine := jobSettings
	if w.settings != nil {
		mine = w.settings
	}
	if why := settingsDecline(m, mine(m.Job)); why != nil {
		return false, w.decline(msg, name, j, why)
	}
	// Finished, its outputs stored, by a worker that died (or lost the
	// server) before it recorded the end; or by another sweep (the same
	// content ID). Recorded done from the stored record, as a
	// resubmission would, rather than run again, or failed past the
	// attempt bound with its outputs stored.
	if stored, err := w.Conn.recordStoredDone(bg, name, j); err != nil {
		msg.NakWithDelay(retryDelay)
		return false, fmt.Errorf("job %s of sweep %s: recording its stored outputs: %w", j.ID, name, err)
	} else if stored {
		w.logf("stored %s %s: its outputs were stored before this delivery; recorded done", name, j.ID)
		return false, w.ackFinished(msg, j.ID)
	}
	// The deliveries that started running the job, this one included:
	// a worker that died while running it has counted its attempt in the
	// state, while deliveries handed back by workers that cannot run it
	// (decline) have not.
	attempt := st.Attempts + 1
	if attempt > q.MaxAttempts {
		st.Status, st.Attempts = sweep.StatusFailed, attempt-1
		why := "the workers running it died or lost the server"
		if st.Error != "" {
			// Possibly an earlier attempt's: a worker that died records
			// nothing, and the running state keeps the last error.
			why = "the last error recorded: " + st.Error + "; an attempt whose worker died or lost the server records none"
		}
		deliveries := fmt.Sprintf("%d deliveries", attempt-1)
		if attempt-1 == 1 {
			deliveries = "1 delivery"
		}
		st.Error = fmt.Sprintf("no attempt finished in %s (%s)", deliveries, why)
		if stood, err := w.recordStart(bg, name, j.ID, st, hadState); err != nil {
			msg.NakWithDelay(retryDelay)
			return false, fmt.Errorf("job %s of sweep %s: recording it failed: %w", j.ID, name, err)
		} else if stood != nil {
			return false, w.endedBefore(msg, name, j.ID, *stood)
		}
		w.logf("failed %s %s: %s", name, j.ID, st.Error)
		return false, msg.Term()
	}
	// Only now, a job left to start: one ended already (above) is ended
	// by any worker, whatever it can run, rather than handed back for
	// ever by a worker that cannot run it.
	if why := w.canRun(j); why != nil {
		if corrupt != nil {
			// Not run, and its state left as it is, for the worker that
			// can run it to replace.
			why = fmt.Errorf("%w; and %v: left unreadable for the worker that runs it", why, corrupt)
		}
		return false, w.decline(msg, name, j, why)
	}
	if corrupt != nil {
		w.logf("%v; running it as a first attempt", corrupt) // the error names the job and sweep
	}
	st.Status, st.Attempts, st.Worker, st.Waiting, st.Declines = sweep.StatusRunning, attempt, w.Name, "", nil
	if stood, err := w.recordStart(bg, name, j.ID, st, hadState); err != nil {
		msg.NakWithDelay(retryDelay)
		return false, fmt.Errorf("job %s of sweep %s: recording its start: %w", j.ID, name, err)
	} else if stood != nil {
		return false, w.endedBefore(msg, name, j.ID, *stood)
	}
	// A cancellation since the check above recorded the job cancelled
	// before this worker wrote over it that it runs: the sweep's cancel
	// mark, written before the states, is there now.
	if w.Conn.Cancelled(bg, name) {
		w.Conn.updateState(bg, name, j.ID, func(s *State) bool {
			if s.Status != sweep.StatusRunning || s.Worker != w.Name || s.Attempts != attempt {
				return false
			}
			s.Status, s.Attempts = sweep.StatusCancelled, attempt-1
			return true
		})
		w.logf("cancelled %s %s", name, j.ID)
		return false, msg.Term()
	}
	// Heartbeats, from here until the job's message is acknowledged or
	// handed back (msg stops them first): progress reports to the server
	// — fetching a large checkpoint (an off-policy run's replay buffer)
	// or storing the outputs may take longer than the ack wait, as the
	// run does — and the checks that stop the run: the sweep cancelled,
	// or the job ended by another attempt (endedElsewhere). A server
	// away for longer than the ack wait redelivers a job whose worker
	// finishes it meanwhile and records it done when the server answers
	// again: the redelivered copy, started in that second, ran to its end
	// (hours, for an RL run) before it stood down.
	raw := msg
	jctx, stop := context.WithCancel(ctx)
	defer stop()
	var cancelled atomic.Bool
	var ended atomic.Pointer[State] // the other attempt's record that stopped this run
	hbStop := make(chan struct{})
	var hb sync.WaitGroup
	hb.Add(1)
	go func() {
		defer hb.Done()
		t := time.NewTicker(max(q.AckWait/3, 100*time.Millisecond))
		defer t.Stop()
		for {
			select {
			case <-hbStop:
				return
			case <-t.C:
				raw.InProgress()
				if heartbeatSent != nil {
					heartbeatSent()
				}
				if !cancelled.Load() && w.Conn.Cancelled(bg, name) {
					cancelled.Store(true)
					stop()
				}
				if ended.Load() == nil {
					if s, ok, err := w.Conn.GetState(bg, name, j.ID); err == nil && ok && endedElsewhere(s) {
						ended.Store(&s)
						stop()
					}
				}
			}
		}
	}()
	endHeartbeats := sync.OnceFunc(func() { close(hbStop); hb.Wait() })
	defer endHeartbeats()
	msg = heartbeatMsg{Msg: raw, stop: endHeartbeats}

	// A directory of this delivery's own: the same job may run twice at
	// once in this worker (two sweeps that share it, or a redelivery while
	// this worker still runs it), and neither must remove or write into
	// the other's files.
	if err := os.MkdirAll(w.WorkDir, 0o755); err != nil {
		return w.unable(msg, name, j, attempt, st, err)
	}
	dir, err := os.MkdirTemp(w.WorkDir, j.ID+"-")
	if err != nil {
		return w.unable(msg, name, j, attempt, st, err)
	}
	keep := false // the outputs of a finished run that could not be stored
	defer func() {
		if !keep {
			os.RemoveAll(dir)
		}
	}()
	if duringTransfer != nil {
		duringTransfer("checkpoint")
	}
	resumed, err := w.fetchCheckpoint(ctx, name, j.ID, dir)
	if err != nil && unreadableArchive(err) {
		// Every worker would fail on it (an upload cut short, or an
		// archive stackel did not write), and the job's attempts be
		// used up on a run that never starts: the run starts over in a
		// clean directory (the same numbers; only the time is lost), and
		// its own checkpoints replace the stored one.
		w.logf("job %s of sweep %s: its stored checkpoint cannot be unpacked (%v); starting the run over", j.ID, name, err)
		if err = os.RemoveAll(dir); err == nil {
			err = os.Mkdir(dir, 0o755)
		}
		resumed = false
	}
	if err == nil && resumed {
		// A checkpoint of a run begun by a build with other defaults (its
		// job.json's settings: the worker that stored it died, or a
		// sweep of that build shares the job's ID): continued here, the
		// run would be recorded with this build's settings, half of it
		// run with others. It starts over, as from an unreadable one.
		if why := checkpointRefused(j, dir); why != nil {
			w.logf("job %s of sweep %s: its stored checkpoint was made by a stackel with other defaults (%v); starting the run over", j.ID, name, why)
			if err = os.RemoveAll(dir); err == nil {
				err = os.Mkdir(dir, 0o755)
			}
			resumed = false
		}
	}
	if err != nil && ctx.Err() != nil {
		// The worker stopped while it waited for the server to answer
		// (fetchCheckpoint): nothing ran, and a stop is not an attempt.
		w.Conn.handBack(bg, name, j.ID, w.Name, attempt)
		handBackNow(msg)
		w.Conn.NC.FlushTimeout(time.Second)
		w.logf("handed back %s %s: this worker is stopping", name, j.ID)
		return false, nil
	}
	if err != nil {
		return w.unable(msg, name, j, attempt, st, fmt.Errorf("fetching its checkpoint: %w", err))
	}
	// Ended by another attempt since this one was recorded started (its
	// worker, cut off past the ack wait, recording its end as the server
	// answered again): not started at all.
	if s, ok, err := w.Conn.GetState(bg, name, j.ID); err == nil && ok && endedElsewhere(s) {
		return false, w.stoppedFor(msg, name, j.ID, attempt, s, "not started")
	}
	from := ""
	if resumed {
		from = ", from its stored checkpoint"
	}
	runEnded := w.runStarts(fmt.Sprintf("started %s %s (%s), attempt %d%s", name, j.ID, j.Out, attempt, from))

	var lastCk time.Time
	progress := func(done, total int) {
		fi, err := os.Stat(filepath.Join(dir, experiment.CheckpointFile))
		if err != nil || !fi.ModTime().After(lastCk) {
			return
		}
		lastCk = fi.ModTime()
		// Only while the job is still this attempt's: a worker cut off
		// past the ack wait, whose job another worker has taken over,
		// must not write its checkpoint over the new owner's.
		if !w.owns(bg, name, j.ID, attempt) {
			return
		}
		if err := w.Conn.storeCheckpoint(bg, j.ID, dir); err != nil {
			w.logf("job %s: storing its checkpoint: %v", j.ID, err)
		}
	}
	var warnings strings.Builder
	rec, runErr := sweep.RunJob(jctx, j, dir, sweep.RunOptions{Worker: w.Name, Attempt: attempt, Progress: progress,
		Threads: max(1, runtime.GOMAXPROCS(0)/w.Concurrency), Warnings: &warnings})
	stop()
	runEnded(!rec.Finished() && !cancelled.Load() && ctx.Err() == nil && localFault(runErr))
	for line := range strings.Lines(warnings.String()) {
		w.logf("job %s of sweep %s: %s", j.ID, name, strings.TrimSuffix(line, "\n"))
	}
	if !rec.Finished() {
		if cancelled.Load() {
			w.logf("cancelled %s %s", name, j.ID)
			return false, msg.Term()
		}
		if s := ended.Load(); s != nil {
			// Nothing stored: the other attempt's outputs and record
			// stand.
			return false, w.stoppedFor(msg, name, j.ID, attempt, *s, "stopped")
		}
		if ctx.Err() != nil {
			// The worker is stopping: not an attempt; another worker
			// resumes the job from its stored checkpoint.
			w.Conn.handBack(bg, name, j.ID, w.Name, attempt)
			handBackNow(msg)
			w.Conn.NC.FlushTimeout(time.Second) // sent before the stop closes the connection
			w.logf("handed back %s %s: this worker is stopping", name, j.ID)
			return false, nil
		}
		// Unable to run here (its directory could not be prepared, say).
		if runErr == nil {
			runErr = errors.New("the run ended without a record")
		}
		return w.unable(msg, name, j, attempt, st, runErr)
	}
	final := ""
	if rec.Status == sweep.StatusFailed {
		final = deterministicFailure(j, runErr)
	}
	if rec.Status == sweep.StatusFailed && attempt < q.MaxAttempts && final == "" {
		ok, err := w.Conn.requeue(bg, name, j.ID, w.Name, attempt, rec.Error)
		if err == nil && !ok {
			// Cancelled while it ran (before a progress report saw
			// it), or taken over: no retry, and the stored checkpoint,
			// which may be the worker's that took the job over, kept.
			return false, w.notOurs(msg, name, j.ID, attempt, rec.Error)
		}
		if ok {
			// The retry starts afresh. Removed only once the state
			// says the job is this attempt's to hand back: before, a
			// superseded attempt removed the checkpoint of the worker
			// that had taken the job over.
			if err := w.removeCheckpoint(j.ID); err != nil {
				w.logf("%v", err)
			}
		}
		w.logf("attempt %d of %s %s failed (%s); retrying", attempt, name, j.ID, firstLine(rec.Error))
		return false, msg.NakWithDelay(retryDelay)
	}
	// A worker cut off from the server (its progress reports lost) may
	// find its job redelivered to another. If that one has finished it,
	// its record stands. If not, this finished run is the job's all the
	// same (the same configuration and seed): it is stored and recorded,
	// with the attempts the takeover counted — the other worker may have
	// died since, and dropping this run had the job delivered again, past
	// its attempt bound, and failed though it had finished.
	cur, ok, err := w.Conn.GetState(bg, name, j.ID)
	takenOver := err == nil && ok && cur.Attempts > attempt
	if err == nil && ok && (finalState(cur) || takenOver && rec.Status != sweep.StatusDone) {
		if cur.Status == sweep.StatusCancelled && rec.Status == sweep.StatusDone {
			// Cancelled while it ran to its end (a replacing sweep's
			// CancelOthers, which leaves running jobs to finish, or a
			// cancellation its progress reports had not seen yet): the
			// cancellation stands, and the finished run's outputs are
			// kept, as those of a job done before it are, so that a sweep
			// submitted again with it (the same content ID) finds it done.
			if err := w.Conn.storeOutputs(bg, j.ID, dir, rec.Status); err != nil {
				w.logf("job %s of sweep %s: storing the outputs of its run, finished after its cancellation: %v", j.ID, name, err)
			} else if err := w.removeCheckpoint(j.ID); err != nil {
				w.logf("%v", err)
			}
		}
		return false, w.superseded(msg, name, j.ID, cur)
	}
	if duringTransfer != nil {
		duringTransfer("outputs")
	}
	if err := w.storeFinished(ctx, name, j.ID, dir, rec.Status); err != nil {
		var big outputsTooLarge
		if errors.As(err, &big) {
			// Refused before the upload: stored, they could never be
			// downloaded. Every attempt of the configuration and seed
			// writes the same outputs, so the job fails now.
			return false, w.outputsRefused(msg, name, j.ID, attempt, rec, err)
		}
		if ctx.Err() != nil {
			// The worker stopped while it waited for the server to take
			// the outputs (storeFinished): they are on this machine only,
			// and are kept where they are, the log saying where, rather
			// than removed with the job's directory. The job is handed
			// back, as by any stopping worker: a stop is not an attempt.
			keep = true
			w.keptOutputs.Add(1)
			w.Conn.handBack(bg, name, j.ID, w.Name, attempt)
			handBackNow(msg)
			w.Conn.NC.FlushTimeout(time.Second)
			w.logf("handed back %s %s: this worker is stopping before the outputs of its finished run (%s) could be stored (%v); they are kept in %s", name, j.ID, rec.Status, err, dir)
			return false, nil
		}
		// The attempt counts (the server may refuse the outputs every
		// time: too large for it); the state says why, for the
		// failure that ends the job once its attempts are used up.
		// Cancelled or taken over meanwhile: no hand-back (a nak of the
		// message another worker holds had it delivered to a third).
		why := fmt.Sprintf("storing its outputs: %v", err)
		if ok, rerr := w.Conn.requeue(bg, name, j.ID, w.Name, attempt, err.Error()); rerr == nil && !ok {
			return false, w.notOurs(msg, name, j.ID, attempt, why)
		}
		msg.NakWithDelay(retryDelay)
		return false, fmt.Errorf("job %s of sweep %s: %w", j.ID, name, err)
	}
	st.Status, st.Error = rec.Status, rec.Error
	if a, err := safeyaml.ReadOwnFile(filepath.Join(dir, sweep.AttemptFile)); err == nil {
		var at sweep.Attempt
		json.Unmarshal(a, &at)
		st.WallSeconds = at.WallSeconds
	}
	if b, err := safeyaml.ReadOwnFile(filepath.Join(dir, experiment.SummaryFile)); err == nil {
		json.Unmarshal(b, &st.Summary)
	}
	st.Completions++
	st.FinishedAttempt = attempt
	if takenOver {
		st.Attempts = cur.Attempts
		w.logf("finished %s %s at attempt %d, which attempt %d by %s had taken over", name, j.ID, attempt, cur.Attempts, cur.Worker)
	}
	// Recorded only over a state that is not final: another worker that
	// took the job over may have recorded its end since the look above
	// (or the sweep been cancelled), and that record stands.
	if stood, err := w.recordEnd(bg, name, j.ID, st); err != nil {
		msg.NakWithDelay(retryDelay)
		return false, fmt.Errorf("job %s of sweep %s: recording its end: %w", j.ID, name, err)
	} else if stood != nil {
		return false, w.superseded(msg, name, j.ID, *stood)
	}
	if err := msg.DoubleAck(bg); err != nil {
		return false, fmt.Errorf("job %s: ack: %w", j.ID, err)
	}
	w.Conn.Obj.Delete(bg, checkpointObject(j.ID))
	if rec.Status == sweep.StatusDone {
		w.logf("completed %s %s in %.1f s", name, j.ID, st.WallSeconds)
	} else if final != "" && attempt < q.MaxAttempts {
		w.logf("failed %s %s at attempt %d, not retried (%s): %s", name, j.ID, attempt, final, firstLine(rec.Error))
	} else {
		w.logf("failed %s %s after %s: %s", name, j.ID, experiment.CountOf(attempt, "attempt"), firstLine(rec.Error))
	}
	return false, nil
}

// storeFinished stores the outputs of job id's finished run in dir
// (storeOutputs), trying again every second, with one line in the log,
// while the server does not answer (a restart, a network outage longer
// than a request's time-out), until it does, the worker stops (ctx) or
// the connection is closed for good. The run is finished and its outputs
// are on this machine only: were an outage of a few seconds at this point
// not waited out, it would throw the run away, use up its attempt
// (failing a job at its last attempt) and have it run again. The wait
// has no bound on
// purpose: a bound would throw the run away in the same way, only later.
func (w *Worker) storeFinished(ctx context.Context, name, id, dir, status string) error {
	for said := false; ; said = true {
		err := w.Conn.storeOutputs(context.Background(), id, dir, status)
		if err == nil || !w.transferOutage(err) || ctx.Err() != nil || w.Conn.NC.IsClosed() {
			return err
		}
		if !said {
			w.logf("job %s of sweep %s: storing its outputs: %v; trying again while the NATS server does not answer", id, name, err)
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(retryEvery):
		}
	}
}

// waitable reports whether err, from looking up the work queue as Run
// starts, means that the server or its JetStream does not answer for now
// (Conn.outage).
func (w *Worker) waitable(err error) bool {
	wait, _ := w.Conn.outage(err)
	return wait
}

// transferOutage reports whether err, from storing a job's outputs or
// fetching its checkpoint, means that the server does not answer for now,
// which storeFinished and fetchCheckpoint wait out (Conn.outage, for the
// object store's stream): the server does not answer, or JetStream on it
// does not (no responders to a request or to a published chunk, or a
// chunk's ack that never came), as for a while after a server restarts,
// before it has loaded its streams. Such an answer during an upload is
// not counted as the attempt's failure (which would fail a job at its
// last attempt and throw its finished run away), as the fetch of the
// next job waits it out (fetchFailed). No responders from an object store
// whose stream is gone from a server that answers is no outage: waiting
// would not mend it.
func (w *Worker) transferOutage(err error) bool {
	wait, _ := w.Conn.outage(err, objStream)
	return wait
}

// fetchCheckpoint unpacks job id's stored checkpoint into dir
// (Conn.fetchCheckpoint), trying again every second, with one line in the
// log, while the server does not answer (a restart, an outage longer than
// a request's time-out), until it does, the worker stops (ctx) or the
// connection is closed for good. Nothing has run yet, so such an outage
// does not use up the attempt (failing a job at its last attempt).
func (w *Worker) fetchCheckpoint(ctx context.Context, name, id, dir string) (bool, error) {
	for said := false; ; said = true {
		resumed, err := w.Conn.fetchCheckpoint(context.Background(), id, dir)
		if err == nil || !w.transferOutage(err) || ctx.Err() != nil || w.Conn.NC.IsClosed() {
			return resumed, err
		}
		if !said {
			w.logf("job %s of sweep %s: fetching its checkpoint: %v; trying again while the NATS server does not answer", id, name, err)
		}
		select {
		case <-ctx.Done():
			return false, err
		case <-time.After(retryEvery):
		}
	}
}

// outputsRefused ends job id's attempt whose outputs storeOutputs refused
// as too large to download (outputsTooLarge, why): the job is recorded
// failed with why, not retried (every attempt writes the same outputs),
// its stored checkpoint removed and its message terminated. Completions
// stays as it was: no outputs are stored, and none is to be downloaded.
// Only while the job is still this attempt's (as requeue): one cancelled
// or taken over by another worker meanwhile is left as it is (notOurs).
func (w *Worker) outputsRefused(msg jetstream.Msg, name, id string, attempt int, rec experiment.JobRecord, why error) error {
	bg := context.Background()
	fail := "storing its outputs: " + why.Error()
	if rec.Status == sweep.StatusFailed && rec.Error != "" {
		fail = rec.Error + "; and " + fail
	}
	ours := false
	err := w.Conn.updateState(bg, name, id, func(s *State) bool {
		if s.Status != sweep.StatusRunning || s.Worker != w.Name || s.Attempts != attempt {
			return false
		}
		ours = true
		s.Status, s.Error, s.Waiting = sweep.StatusFailed, fail, ""
		return true
	})
	if err != nil {
		msg.NakWithDelay(retryDelay)
		return fmt.Errorf("job %s of sweep %s: recording it failed (%s): %w", id, name, fail, err)
	}
	if !ours {
		return w.notOurs(msg, name, id, attempt, fail)
	}
	if err := w.removeCheckpoint(id); err != nil {
		w.logf("%v", err)
	}
	w.logf("failed %s %s at attempt %d, not retried: %s", name, id, attempt, fail)
	return msg.Term()
}

// deterministicFailure says why err, the error of job j's run recorded
// failed, is one that every attempt at the job meets alike, or returns ""
// when it may not be. Such a job is not retried: its failure is recorded
// at once. Four failures follow from the job's configuration and seed:
//
//   - a divergence (a quantity NaN or ±Inf, a singular matrix; loop.StatusOf
//     says Diverged);
//   - a configuration that parses but that its run kind's builder refuses
//     (an init point that does not fit the game, options the game
//     refuses): experiment.Check refuses the job's configuration with the
//     run's own error (configRefused);
//   - a step schedule that fails at an iteration (scheduleFailure): a
//     value out of range there (loop.ErrScheduleValue: the smooth-game,
//     Hi-C and Markov runs' schedules, and a Markov run's
//     *markov.ScheduleError, the Backtracking rule's step cap too long
//     for the game included);
//   - a Markov run's follower best response reaching its iteration limit
//     (bestResponseLimit: markov.ErrBestResponseLimit, a
//     *markov.BestResponseLimitError at the current θ1 of the
//     Backtracking rule's leader line search).
//
// Any other error (a write that failed, a disk full, a panic) may be the
// machine's, and is retried up to the attempt bound.
func deterministicFailure(j experiment.Job, err error) string {
	switch {
	case err == nil:
		return ""
	case loop.StatusOf(err, false) == loop.Diverged:
		return "a diverged run fails alike at every attempt"
	case scheduleFailure(err):
		return "its step schedule fails at that iteration at every attempt"
	case configRefused(j, err):
		return "its configuration is refused by the run's builder: every attempt fails alike"
	case bestResponseLimit(err):
		return "its follower's best response reaches its iteration limit at every attempt"
	}
	return ""
}

// bestResponseLimit reports whether err, a failed run's error, is a
// Markov run stopped by its follower's best response B(θ1) reaching its
// iteration limit (markov.ErrBestResponseLimit in its chain): the exact
// computation at a θ1 that follows from the configuration and seed, a
// non-convergence that every attempt meets alike; and no system error
// (systemError) is in the chain.
func bestResponseLimit(err error) bool {
	return errors.Is(err, markov.ErrBestResponseLimit) && !systemError(err)
}

// scheduleFailure reports whether err, a failed run's error, is a step
// schedule's failure at an iteration, which follows from the
// configuration alone: loop.ErrScheduleValue is in its chain (a schedule
// whose value is not a finite non-negative, or positive, number there;
// a *markov.ScheduleError, which matches it, also for a Markov run's
// Backtracking rule finding no acceptable step below the schedule's cap),
// and no system error (systemError) is.
func scheduleFailure(err error) bool {
	return errors.Is(err, loop.ErrScheduleValue) && !systemError(err)
}

// configRefused reports whether runErr, the error of configuration job
// j's failed run, is the refusal of its configuration by the run kind's
// builder: experiment.Check, which builds what the run builds without
// running it, refuses the configuration, with an error the run's carries,
// and neither error comes from the system (a file that could not be read
// or written: systemError). A panic in Check (a bug, which may be this
// build's) counts as no refusal. Check is asked after the run, and only
// of a failed one, so that the classification needs no marker on the
// run's error: the error types of the builders say nothing of their
// origin.
func configRefused(j experiment.Job, runErr error) (refused bool) {
	if j.Task != nil || systemError(runErr) {
		return false
	}
	defer func() {
		if recover() != nil {
			refused = false
		}
	}()
	cfg, err := j.ParseConfig()
	if err != nil {
		return false
	}
	cerr := experiment.Check(cfg)
	if cerr == nil || systemError(cerr) || cerr.Error() == "" {
		return false
	}
	return strings.Contains(runErr.Error(), cerr.Error())
}

// systemError reports whether err's chain holds an error of the operating
// system (a path, link or system-call error, an errno): a failure that
// may be the machine's rather than the configuration's.
func systemError(err error) bool {
	var (
		pe    *fs.PathError
		le    *os.LinkError
		se    *os.SyscallError
		errno syscall.Errno
	)
	return errors.As(err, &pe) || errors.As(err, &le) || errors.As(err, &se) || errors.As(err, &errno)
}

// owns reports whether job id of sweep name is still this worker's
// attempt (running, by this worker, at attempt): not taken over by
// another worker after this one's progress reports were lost, nor
// cancelled. A state that cannot be read counts as owned (the write it
// guards is the one the job needs to resume).
func (w *Worker) owns(ctx context.Context, name, id string, attempt int) bool {
	s, ok, err := w.Conn.GetState(ctx, name, id)
	if err != nil || !ok {
		return true
	}
	return s.Status == sweep.StatusRunning && s.Worker == w.Name && s.Attempts == attempt
}

// finalState reports that s ends its job for good: done, cancelled, or
// failed by an attempt that ran to its end (a job failed for want of a
// finished attempt, Completions 0, may still be finished by a worker cut
// off past the ack wait).
func finalState(s State) bool {
	return s.Status == sweep.StatusDone || s.Status == sweep.StatusCancelled ||
		s.Status == sweep.StatusFailed && s.Completions > 0
}

// endedElsewhere reports whether s, the state of a job this worker runs,
// says another attempt ended it: done, or failed by an attempt that ran to
// its end. This attempt's run can then only be dropped (superseded), and
// is stopped at once. A cancelled job is not: a sweep's cancellation is
// seen through its cancel mark (Conn.Cancelled), and a job that a
// replacing sweep dropped (CancelOthers) runs to its end on purpose, its
// outputs kept for a later submission that has it again.
func endedElsewhere(s State) bool {
	return s.Status == sweep.StatusDone || s.Status == sweep.StatusFailed && s.Completions > 0
}

// endedText says which attempt ended a job in final state s, and how:
// "done by W at attempt N" (N the attempt whose run is recorded,
// FinishedAttempt; not said in a state that does not record it).
func endedText(s State) string {
	how := s.Status + " by " + s.Worker
	if s.Worker == "" {
		how = s.Status
	}
	if s.FinishedAttempt > 0 {
		how += fmt.Sprintf(" at attempt %d", s.FinishedAttempt)
	}
	if s.Status == sweep.StatusFailed && s.Error != "" {
		how += " (" + firstLine(s.Error) + ")"
	}
	return how
}

// stoppedFor ends this worker's attempt at job id, which another attempt
// has ended meanwhile (endedElsewhere: its state s), before its run
// (what "not started") or during it ("stopped"), saying so
// ("superseded <sweep> <id>: done by W at attempt N (attempt M
// stopped)"): nothing of this attempt is stored, and the delivery ends as a redelivery of the ended job would
// (endedBefore: a done job's acknowledged, a failed one's terminated).
func (w *Worker) stoppedFor(msg jetstream.Msg, name, id string, attempt int, s State, what string) error {
	w.logf("superseded %s %s: %s (attempt %d %s)", name, id, endedText(s), attempt, what)
	if s.Status == sweep.StatusDone {
		return w.ackFinished(msg, id)
	}
	return msg.Term()
}

// recordEnd writes st as job id's state unless the state on the server is
// final (finalState) when it is written: then it writes nothing and
// returns that state. The write is conditional on the revision read, so
// two workers finishing one job at once cannot both record it; a write
// that loses the race reads the state again (up to 5 times).
func (w *Worker) recordEnd(ctx context.Context, name, id string, st State) (*State, error) {
	var err error
	for range 5 {
		var stood *State
		err = w.Conn.updateState(ctx, name, id, func(s *State) bool {
			if finalState(*s) {
				cur := *s
				stood = &cur
				return false
			}
			end := st
			end.Attempts = max(end.Attempts, s.Attempts) // a takeover since the look
			*s = end
			return true
		})
		if err == nil || stood != nil {
			return stood, nil
		}
	}
	return nil, err
}

// superseded ends this worker's handling of job id, whose state cur
// another worker (or a cancellation) has made final, or another worker
// has taken over and runs: its record stands. A final state ends this
// delivery as a redelivery of it would (endedBefore): a done job's is
// acknowledged and its stored checkpoint, which this worker's progress
// may have stored again after the other worker removed it, removed; a
// cancelled or failed job's terminated. Left unacknowledged, the message
// of a job whose other worker died before its ack, or that a replacing
// sweep's CancelOthers cancelled while it ran, stayed on the queue until
// the ack wait and was delivered again. A job another worker still runs
// keeps its message, which that worker acknowledges.
func (w *Worker) superseded(msg jetstream.Msg, name, id string, cur State) error {
	switch {
	case cur.Status == sweep.StatusCancelled:
		w.logf("superseded %s %s: the job was cancelled", name, id)
	case finalState(cur):
		w.logf("superseded %s %s: %s", name, id, endedText(cur))
	default:
		w.logf("superseded %s %s: attempt %d by %s took over", name, id, cur.Attempts, cur.Worker)
	}
	if !finalState(cur) {
		return nil
	}
	if cur.Status == sweep.StatusDone {
		return w.ackFinished(msg, id)
	}
	return msg.Term()
}

// ackFinished acknowledges the delivery of job id, found finished, and
// removes the job's stored checkpoint, as the worker that finished it
// does after its ack: one killed before that left it in the store.
func (w *Worker) ackFinished(msg jetstream.Msg, id string) error {
	if err := msg.Ack(); err != nil {
		return fmt.Errorf("job %s: ack: %w", id, err)
	}
	return w.removeCheckpoint(id)
}

// removeCheckpoint removes job id's stored checkpoint, if there is one.
func (w *Worker) removeCheckpoint(id string) error {
	if err := w.Conn.Obj.Delete(context.Background(), checkpointObject(id)); err != nil && !errors.Is(err, jetstream.ErrObjectNotFound) {
		return fmt.Errorf("job %s: removing its stored checkpoint: %w", id, err)
	}
	return nil
}

// notOurs ends a failed attempt of a job whose state is no longer the one
// this worker wrote when it started it: a cancellation (the sweep's, or a
// replacing sweep's), which stands, or another worker that took the job
// over (this worker's progress reports lost), which runs it on.
func (w *Worker) notOurs(msg jetstream.Msg, name, id string, attempt int, why string) error {
	if st, ok, err := w.Conn.GetState(context.Background(), name, id); err == nil && ok && st.Status == sweep.StatusCancelled {
		w.logf("cancelled %s %s (attempt %d failed: %s)", name, id, attempt, firstLine(why))
		return msg.Term()
	}
	w.logf("superseded %s %s: attempt %d failed (%s) after another worker took the job over", name, id, attempt, firstLine(why))
	return nil
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// Test hooks: heartbeatSent runs after each progress report of a running
// job; duringTransfer runs before a worker fetches a job's checkpoint
// ("checkpoint") and before it stores its outputs ("outputs");
// fetchAnswered runs after a fetch found the work queue empty (and
// fetchWorks was told). All are nil
// outside tests.
var (
	heartbeatSent  func()
	duringTransfer func(what string)
	fetchAnswered  func()
)

// heartbeatMsg is a delivered job's message whose heartbeats stop (stop,
// which waits for them) before it is acknowledged or handed back: a
// progress report after a nak with a delay would put the redelivery off
// to the ack wait.
type heartbeatMsg struct {
	jetstream.Msg
	stop func()
}

// Ack implements jetstream.Msg.
func (m heartbeatMsg) Ack() error { m.stop(); return m.Msg.Ack() }

// DoubleAck implements jetstream.Msg.
func (m heartbeatMsg) DoubleAck(ctx context.Context) error { m.stop(); return m.Msg.DoubleAck(ctx) }

// Nak implements jetstream.Msg.
func (m heartbeatMsg) Nak() error { m.stop(); return m.Msg.Nak() }

// NakWithDelay implements jetstream.Msg.
func (m heartbeatMsg) NakWithDelay(d time.Duration) error { m.stop(); return m.Msg.NakWithDelay(d) }

// Term implements jetstream.Msg.
func (m heartbeatMsg) Term() error { m.stop(); return m.Msg.Term() }

// TermWithReason implements jetstream.Msg.
func (m heartbeatMsg) TermWithReason(reason string) error {
	m.stop()
	return m.Msg.TermWithReason(reason)
}

// handBackNow hands msg back for redelivery at once, in a way a server
// restarted right after keeps: a plain nak only queues the message for
// redelivery in the server's memory, and a server stopped before
// delivering it again (an embedded sweep stopped with its worker) would
// hold it back for the ack wait once restarted; a nak with a delay (here
// 1 ns) stores the delivery as due now.
func handBackNow(msg jetstream.Msg) { msg.NakWithDelay(time.Nanosecond) }

// recordStart writes st — the running state of this worker's attempt, or
// the failure of a job out of attempts — over job id's state unless that
// is final (recordEnd); a state that was missing or unreadable (hadState
// false) is written over as it is.
func (w *Worker) recordStart(ctx context.Context, name, id string, st State, hadState bool) (*State, error) {
	if !hadState {
		return nil, w.Conn.PutState(ctx, name, id, st)
	}
	return w.recordEnd(ctx, name, id, st)
}

// endedBefore ends a delivery of job id, whose state st is final already:
// done (ackFinished), or failed by a finished attempt or cancelled, whose
// record stands (the message terminated).
func (w *Worker) endedBefore(msg jetstream.Msg, name, id string, st State) error {
	if st.Status == sweep.StatusDone {
		w.logf("acknowledged %s %s: done before this delivery (by %s)", name, id, st.Worker)
		return w.ackFinished(msg, id)
	}
	if st.Status == sweep.StatusCancelled {
		w.logf("cancelled %s %s", name, id)
	} else {
		w.logf("ended %s %s: %s before this delivery (%s)", name, id, st.Status, firstLine(st.Error))
	}
	return msg.Term()
}
