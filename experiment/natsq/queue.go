package natsq

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/experiment/sweep"
)

// QueueOptions configure the work queue; the sweep that creates it sets
// them, workers read them from the server.
type QueueOptions struct {
	// AckWait is how long a delivered job may go without an ack or a
	// progress report before it is redelivered (0: the queue's on the
	// server, 30 s on a new queue; see Setup). Workers report progress
	// every third of it.
	AckWait time.Duration
	// MaxAttempts bounds the deliveries that run a job (0: the queue's on
	// the server, 3 on a new queue); a job that failed, or whose workers
	// died, that many times is failed.
	MaxAttempts int
}

// MinAckWait is the shortest ack wait Setup takes: workers report progress
// every third of it, but no more often than every 100 ms, so a shorter
// one (a --ack-wait of 60ms) had every running job redelivered to another
// worker while it ran, its attempts used up by one run.
const MinAckWait = 500 * time.Millisecond

func (q QueueOptions) withDefaults() QueueOptions {
	if q.AckWait <= 0 {
		q.AckWait = 30 * time.Second
	}
	if q.MaxAttempts <= 0 {
		q.MaxAttempts = 3
	}
	return q
}

// orQueue returns q with its unset (zero or negative) options taken from
// the queue's current ones, have.
func (q QueueOptions) orQueue(have QueueOptions) QueueOptions {
	if q.AckWait <= 0 {
		q.AckWait = have.AckWait
	}
	if q.MaxAttempts <= 0 {
		q.MaxAttempts = have.MaxAttempts
	}
	return q
}

// State is a job's entry in the key-value bucket.
type State struct {
	// Status is queued, running, done, failed or cancelled (the sweep
	// package's Status constants); States reports missing for a job
	// without an entry.
	Status string `json:"status"`
	// Attempts counts the deliveries of the job that started running it
	// (not those handed back by workers that cannot run it).
	Attempts int `json:"attempts"`
	// Waiting, for a queued job that a worker has handed back because it
	// cannot run it (a MuJoCo task on a worker built without it), says
	// which worker and why; it is cleared when a worker starts the job.
	Waiting string `json:"waiting,omitempty"`
	// Declines, for a queued job, holds one entry for each worker
	// instance that has handed it back because it cannot run it (at most
	// 64, the latest); cleared when a worker starts the job. Conn.Wait
	// and StatusStates compare it with the live workers (DeclinedByAll).
	Declines []Decline `json:"declines,omitempty"`
	// Worker names the worker of the latest attempt (its Name, host:pid
	// by default); of a done job, the worker whose run is recorded.
	Worker string `json:"worker,omitempty"`
	// Error is why the latest attempt failed (a failed job's error).
	Error string `json:"error,omitempty"`
	// Completions counts the attempts that ran the job to its end and
	// stored its outputs (1 for a finished job; more would be a duplicate).
	Completions int `json:"completions,omitempty"`
	// FinishedAttempt, of a job recorded done (or failed by an attempt
	// that ran to its end), is the number of the attempt whose run the
	// record is: its attempt.json's attempts. Attempts may be larger: a
	// redelivery started while that attempt finished (its worker cut off
	// from the server past the ack wait) counts, though its worker stops
	// it once it sees the job done. 0 in states written by stackel builds
	// that did not record it.
	FinishedAttempt int `json:"finished_attempt,omitempty"`
	// WallSeconds is the wall time of the attempt that finished the job.
	WallSeconds float64 `json:"wall_seconds,omitempty"`
	// Summary is the finished job's summary.json.
	Summary map[string]any `json:"summary,omitempty"`
	// Updated is when the entry was last written.
	Updated time.Time `json:"updated"`
	// OutputsMissing, set by StatusStates (never stored), marks a done job
	// whose outputs are no longer in the object store: collect reports it
	// failed, and submitting the sweep again runs it again.
	OutputsMissing bool `json:"-"`
	// OtherSettings, set by StatusStates (never stored), marks a done job
	// whose stored run was made by a stackel with other defaults (its
	// recorded settings differ from this stackel's for the job): this
	// stackel's collect does not download it, and
	// submitting the sweep again with this stackel runs it again.
	OtherSettings bool `json:"-"`
	// DeclinedByAll, set by StatusStates and Conn.Wait (never stored),
	// holds, for a queued job that every live worker (Conn.LiveWorkers)
	// has handed back, their declines: no worker alive now can run it,
	// and it waits for one that can to join (DeclineText says so). Nil
	// for a job that no worker has looked at yet, or that a live worker
	// has not handed back, or while no worker is live.
	DeclinedByAll []Decline `json:"-"`
}

// attemptsMeta is the consumer metadata key holding QueueOptions.MaxAttempts.
const attemptsMeta = "stackel_max_attempts"

// queueOptions reads the queue's options from its consumer's configuration.
func queueOptions(cfg jetstream.ConsumerConfig) QueueOptions {
	q := QueueOptions{AckWait: cfg.AckWait}
	q.MaxAttempts, _ = strconv.Atoi(cfg.Metadata[attemptsMeta])
	return q.withDefaults()
}

// CheckName returns an error unless name can name a sweep on the server
// (sweep.ValidName: letters, digits, - and _ only, at most
// sweep.MaxNameLen of them), since it is a token of
// the sweep's NATS subjects and keys (a dot, a space, a wildcard or any
// other character would make them invalid or ambiguous).
func CheckName(name string) error {
	if name == "" {
		return fmt.Errorf("sweep name: empty (it names the sweep's NATS subjects and keys)")
	}
	if !sweep.ValidName(name) {
		return fmt.Errorf("sweep name %s: %s (it names the sweep's NATS subjects and keys)", sweep.QuoteName(name), sweep.NameRule)
	}
	return nil
}

// jobSubject is the subject of a job's message: one per job, so that a
// resubmission can tell a queued job whose message is missing.
func jobSubject(name, id string) string { return SubjectPrefix + name + "." + id }

func stateKey(name, id string) string { return name + "." + id }
func cancelKey(name string) string    { return name + "._cancel" }
func manifestObject(name string) string {
	return name + "/" + sweep.ManifestFile
}
func outputsObject(id string) string    { return id + "/outputs.tar" }
func checkpointObject(id string) string { return id + "/checkpoint.tar" }

// Setup creates or updates the jobs stream and the workers' consumer; an
// ack wait shorter than MinAckWait is an error. A zero (or negative)
// AckWait or MaxAttempts keeps the queue's value on the server, which
// another sweep may have set for its jobs, or takes the default (30 s, 3)
// on a new queue: a sweep that does not ask for either leaves them as they
// are (before, it reset another running sweep's --attempts 7 to 3).
func (c *Conn) Setup(ctx context.Context, q QueueOptions) (err error) {
	defer func() {
		if err != nil {
			err = c.storeFull(err)
		}
	}()
	if q.AckWait > 0 && q.AckWait < MinAckWait {
		return fmt.Errorf("ack wait %s: shorter than %s, the least that leaves a running job's worker time to report progress (every third of it)", q.AckWait, MinAckWait)
	}
	_, err = c.JS.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:      StreamName,
		Subjects:  []string{SubjectPrefix + ">"},
		Retention: jetstream.WorkQueuePolicy,
		Storage:   jetstream.FileStorage,
	})
	if err != nil {
		return fmt.Errorf("NATS: stream %s: %w", StreamName, err)
	}
	// The consumer is shared by every sweep on the server. A worker reports
	// progress every third of the ack wait it read when it took its job,
	// so a shorter one set under running jobs would have them redelivered
	// to other workers while they run (and failed once their attempts are
	// used up): while jobs are out, the ack wait only grows.
	if cur, err := c.JS.Consumer(ctx, StreamName, ConsumerName); err == nil {
		info, err := cur.Info(ctx)
		if err != nil {
			return fmt.Errorf("NATS: consumer %s: %w", ConsumerName, err)
		}
		q = q.orQueue(queueOptions(info.Config))
		if info.NumAckPending > 0 && info.Config.AckWait > q.AckWait {
			q.AckWait = info.Config.AckWait
		}
	} else if !errors.Is(err, jetstream.ErrConsumerNotFound) {
		return fmt.Errorf("NATS: consumer %s: %w", ConsumerName, err)
	}
	q = q.withDefaults()
	// Deliveries are unbounded on the server: the worker that receives a
	// delivery past MaxAttempts records the job as failed and terminates
	// it, so a worker that dies while doing so does not strand the job.
	_, err = c.JS.CreateOrUpdateConsumer(ctx, StreamName, jetstream.ConsumerConfig{
		Durable:       ConsumerName,
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       q.AckWait,
		MaxDeliver:    -1,
		MaxAckPending: -1,
		Metadata:      map[string]string{attemptsMeta: strconv.Itoa(q.MaxAttempts)},
	})
	if err != nil {
		return fmt.Errorf("NATS: consumer %s: %w", ConsumerName, err)
	}
	return nil
}

// QueueOptions returns the options the work queue has on the server (the
// last Setup's, but for an ack wait kept longer while jobs ran).
func (c *Conn) QueueOptions(ctx context.Context) (QueueOptions, error) {
	cons, err := c.JS.Consumer(ctx, StreamName, ConsumerName)
	if err != nil {
		return QueueOptions{}, fmt.Errorf("NATS: consumer %s: %w", ConsumerName, err)
	}
	info, err := cons.Info(ctx)
	if err != nil {
		return QueueOptions{}, fmt.Errorf("NATS: consumer %s: %w", ConsumerName, err)
	}
	return queueOptions(info.Config), nil
}

// ErrCorruptState is wrapped by the error of GetState (and States) when a
// job's stored state is not a state stackel can read (written over by
// hand or by another program). Submitting the sweep again queues such a
// job afresh, and a worker that is delivered it runs it as a first
// attempt; either writes a readable state over it.
var ErrCorruptState = errors.New("stored state unreadable")

// GetState returns a job's state, and false if it has none. A state that
// cannot be decoded is an error wrapping ErrCorruptState that names the
// job and the sweep.
func (c *Conn) GetState(ctx context.Context, name, id string) (State, bool, error) {
	e, err := c.KV.Get(ctx, stateKey(name, id))
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return State{}, false, nil
	}
	if err != nil {
		return State{}, false, err
	}
	var s State
	if err := json.Unmarshal(e.Value(), &s); err != nil {
		return State{}, false, corruptState(name, id, err)
	}
	return s, true, nil
}

// corruptState is the error for job id's undecodable state.
func corruptState(name, id string, err error) error {
	return fmt.Errorf("job %s of sweep %s: %w (%v): submitting the sweep again queues it afresh", id, name, ErrCorruptState, err)
}

// PutState stores a job's state.
func (c *Conn) PutState(ctx context.Context, name, id string, s State) error {
	s.Updated = time.Now().UTC()
	b, err := json.Marshal(s)
	if err != nil {
		return err
	}
	_, err = c.KV.Put(ctx, stateKey(name, id), b)
	return err
}

// updateState changes a job's stored state with change, which reports
// whether to write it, only if the state has not changed since it was
// read (a cancellation or another worker's write in between is kept).
func (c *Conn) updateState(ctx context.Context, name, id string, change func(*State) bool) error {
	e, err := c.KV.Get(ctx, stateKey(name, id))
	if err != nil {
		return err
	}
	var s State
	if err := json.Unmarshal(e.Value(), &s); err != nil {
		return corruptState(name, id, err)
	}
	if !change(&s) {
		return nil
	}
	s.Updated = time.Now().UTC()
	b, err := json.Marshal(s)
	if err != nil {
		return err
	}
	_, err = c.KV.Update(ctx, stateKey(name, id), b, e.Revision())
	return err
}

// noteWaiting writes why into the state of a queued job that has no such
// note yet (State.Waiting).
func (c *Conn) noteWaiting(ctx context.Context, name, id, why string) error {
	return c.updateState(ctx, name, id, func(s *State) bool {
		if s.Status != sweep.StatusQueued || s.Waiting != "" {
			return false
		}
		s.Waiting = why
		return true
	})
}

// requeue records the job queued again after a failed attempt, with why,
// if its state is still the one worker wrote when it started attempt; it
// reports whether it was. A cancellation in between (the sweep's Cancel,
// or CancelOthers of a sweep that replaces it) is kept: its message is
// gone, and a queued state would wait for it for ever.
func (c *Conn) requeue(ctx context.Context, name, id, worker string, attempt int, why string) (bool, error) {
	ours := false
	err := c.updateState(ctx, name, id, func(s *State) bool {
		if s.Status != sweep.StatusRunning || s.Worker != worker || s.Attempts != attempt {
			return false
		}
		ours = true
		s.Status, s.Error = sweep.StatusQueued, why
		return true
	})
	return ours && err == nil, err
}

// handBack marks the job queued again with its attempt uncounted, if its
// state is still the one worker wrote when it started attempt (no other
// worker has taken the job over since, and no cancellation came).
func (c *Conn) handBack(ctx context.Context, name, id, worker string, attempt int) error {
	return c.updateState(ctx, name, id, func(s *State) bool {
		if s.Status != sweep.StatusRunning || s.Worker != worker || s.Attempts != attempt {
			return false
		}
		s.Status, s.Attempts = sweep.StatusQueued, attempt-1
		return true
	})
}

// Cancelled reports whether sweep name is cancelled.
func (c *Conn) Cancelled(ctx context.Context, name string) bool {
	_, err := c.KV.Get(ctx, cancelKey(name))
	return err == nil
}

// message is a job on the queue.
type message struct {
	Sweep string         `json:"sweep"`
	Job   experiment.Job `json:"job"`
	// Settings are the effective settings the submitter's stackel gives
	// the job's RL run (jobSettings); a worker of a build that gives it
	// others hands the job back (settingsDecline). Absent for other jobs
	// and in messages of submitters that did not record settings yet.
	Settings json.RawMessage `json:"settings,omitempty"`
}

// Submit stores the sweep's manifest and queues those of jobs that are
// not done (in this sweep, or with outputs stored by any sweep under the
// same content ID) and not already queued or running; failed and cancelled
// jobs are queued again, and so is a done job whose stored outputs are
// gone (its outputs.tar or final.json missing, deleted or empty; the
// objects' records are looked at, not their contents: an archive that is
// there but cannot be unpacked is deleted by the download that finds it
// so, FetchOutputs, after which the job is queued again). skip, when not nil, says which jobs need no
// running (finished on disk). It returns the jobs to wait for (all but the
// skipped), how many were queued and how many were found done. A sweep of
// the same name with queued or running jobs that m does not have is not
// replaced: the error wraps ErrNameInUse (see CancelOthers). A manifest
// that Manifest would refuse once stored (two jobs with one ID,
// sweep.Manifest.CheckJobs) is refused before anything is written.
func (c *Conn) Submit(ctx context.Context, m sweep.Manifest, jobs []experiment.Job, skip func(experiment.Job) bool) (waitFor []experiment.Job, queued, done int, err error) {
	return c.submit(ctx, m, jobs, skip, false)
}

// submit is Submit; replacing, it stores m's manifest over another grid's
// without the ErrNameInUse check (the caller has cancelled that grid's
// other jobs: one a worker had already taken runs on, and is no reason to
// refuse). It holds the sweep's name lock (withNameLock) throughout.
func (c *Conn) submit(ctx context.Context, m sweep.Manifest, jobs []experiment.Job, skip func(experiment.Job) bool, replacing bool) (waitFor []experiment.Job, queued, done int, err error) {
	if err := CheckName(m.Name); err != nil {
		return nil, 0, 0, err
	}
	err = c.withNameLock(ctx, m.Name, nil, func(ctx context.Context) error {
		var err error
		waitFor, queued, done, err = c.submitLocked(ctx, m, jobs, skip, replacing)
		return err
	})
	return waitFor, queued, done, withFinalAdvice(err)
}

// submitLocked is submit, run holding the sweep's name lock: the name
// check and the storing of the manifest and of the jobs' states are one
// step for every other submission of the name.
func (c *Conn) submitLocked(ctx context.Context, m sweep.Manifest, jobs []experiment.Job, skip func(experiment.Job) bool, replacing bool) (waitFor []experiment.Job, queued, done int, err error) {
	name := m.Name
	if err := CheckName(name); err != nil {
		return nil, 0, 0, err
	}
	if err := checkManifest(m); err != nil {
		return nil, 0, 0, err
	}
	stream, err := c.JS.Stream(ctx, StreamName)
	if err != nil {
		return nil, 0, 0, fmt.Errorf("NATS: stream %s: %w", StreamName, err)
	}
	if err := c.KV.Delete(ctx, cancelKey(name)); err != nil && !errors.Is(err, jetstream.ErrKeyNotFound) {
		return nil, 0, 0, err
	}
	// Earlier versions of stackel queued a sweep's jobs on one subject,
	// stackel.jobs.<sweep>, where a job's message cannot be looked up:
	// while the sweep has such messages, its queued and running jobs are
	// taken to have theirs (as those versions did), lest they run twice.
	_, err = stream.GetLastMsgForSubject(ctx, SubjectPrefix+name)
	legacy := err == nil
	if err != nil && !errors.Is(err, jetstream.ErrMsgNotFound) {
		return nil, 0, 0, fmt.Errorf("NATS: stream %s: %w", StreamName, err)
	}
	if !replacing {
		if err := c.checkNameFree(ctx, m); err != nil {
			return nil, 0, 0, err
		}
		if afterNameCheck != nil {
			afterNameCheck(name)
		}
	}
	b, err := json.Marshal(m)
	if err != nil {
		return nil, 0, 0, err
	}
	if _, err := c.Obj.PutBytes(ctx, manifestObject(name), b); err != nil {
		return nil, 0, 0, fmt.Errorf("storing the manifest: %w", err)
	}
	for _, j := range jobs {
		if skip != nil && skip(j) {
			done++
			continue
		}
		waitFor = append(waitFor, j)
		st, ok, err := c.GetState(ctx, name, j.ID)
		corrupt := errors.Is(err, ErrCorruptState)
		if err != nil && !corrupt {
			return waitFor, queued, done, err
		}
		if corrupt {
			// Unreadable: whether it ran is unknown. Done if its outputs
			// are stored; else, with a message on the stream, queued or
			// running (a worker writes over the state when it gets the
			// job); without one, queued again below.
			stored, err := c.recordStoredDone(ctx, name, j)
			if err != nil {
				return waitFor, queued, done, err
			}
			if stored {
				done++
				continue
			}
			st, ok = State{Status: sweep.StatusQueued}, true
		}
		lost := false
		if ok && st.Status == sweep.StatusDone {
			// Done only while its outputs are stored: a job whose
			// outputs.tar (or final.json) is missing, deleted or empty
			// would be done for ever with no outputs to download, every
			// wait and collect reporting it failed. It is queued afresh
			// (below, unless its message is still on the stream: a worker
			// killed between recording it done and its ack). Only the
			// objects' records are looked at, not their contents.
			_, stored, err := c.storedOutputs(ctx, j.ID)
			if err != nil {
				return waitFor, queued, done, err
			}
			if stored {
				// Run by a worker of a build with other defaults: not
				// this stackel's run of the job, which it would refuse
				// to download; queued again, as one whose outputs are
				// missing is (a worker of this build runs it). A record
				// that cannot be read ends the submission, as one
				// storedOutputs cannot read does: not counted done.
				why, err := c.storedRefused(ctx, j)
				if err != nil {
					return waitFor, queued, done, err
				}
				stored = why == nil
			}
			if stored {
				done++
				continue
			}
			lost = true
			st = State{Status: sweep.StatusQueued}
		}
		if ok && (st.Status == sweep.StatusQueued || st.Status == sweep.StatusRunning) {
			// Queued or running has a message on the stream until the job
			// ends; a submitter stopped between recording the state and
			// queueing the message left none, and the job would wait
			// forever.
			var err error
			if !legacy {
				_, err = stream.GetLastMsgForSubject(ctx, jobSubject(name, j.ID))
			}
			if err == nil {
				if corrupt || lost {
					if err := c.PutState(ctx, name, j.ID, st); err != nil {
						return waitFor, queued, done, err
					}
				}
				continue
			}
			if !errors.Is(err, jetstream.ErrMsgNotFound) {
				return waitFor, queued, done, fmt.Errorf("job %s: looking up its message: %w", j.ID, err)
			}
		}
		// Finished by another sweep: the same content ID.
		stored := false
		if !lost {
			var err error
			if stored, err = c.recordStoredDone(ctx, name, j); err != nil {
				return waitFor, queued, done, err
			}
		}
		if stored {
			done++
			continue
		}
		if err := c.PutState(ctx, name, j.ID, State{Status: sweep.StatusQueued}); err != nil {
			return waitFor, queued, done, err
		}
		b, err := json.Marshal(message{Sweep: name, Job: j, Settings: jobSettings(j)})
		if err != nil {
			return waitFor, queued, done, err
		}
		if _, err := c.JS.Publish(ctx, jobSubject(name, j.ID), b); err != nil {
			return waitFor, queued, done, fmt.Errorf("queueing job %s: %w", j.ID, err)
		}
		queued++
	}
	return waitFor, queued, done, nil
}

// checkManifest refuses, before anything is written, a manifest that
// Manifest would refuse once stored (sweep.Manifest.CheckJobs: two jobs
// with one ID, a directory outside the sweep's): stored, it made the
// sweep's status, collect and cancel by name fail, and its jobs were
// queued (a job of a repeated ID once, its later copies said to be
// "queued or running from before").
func checkManifest(m sweep.Manifest) error {
	if err := m.CheckJobs(); err != nil {
		return fmt.Errorf("sweep %s: %w: refused before anything is queued", m.Name, err)
	}
	return nil
}

// recordStoredDone records job j as done in sweep name when its outputs
// are stored (by any sweep: the same content ID), and reports whether they
// are. Outputs of a run this stackel refuses for the job (storedRefused:
// run by a build with other defaults) are not the job's: it is not
// recorded done, and the caller queues or runs it. A record storedRefused
// cannot read is the error: the job is not recorded done.
func (c *Conn) recordStoredDone(ctx context.Context, name string, j experiment.Job) (bool, error) {
	a, ok := c.storedAttempt(ctx, j.ID)
	if !ok {
		return false, nil
	}
	if why, err := c.storedRefused(ctx, j); err != nil || why != nil {
		return false, err
	}
	return true, c.PutState(ctx, name, j.ID, doneState(a))
}

// doneState is the state of a job whose outputs were stored after attempt a.
func doneState(a sweep.Attempt) State {
	return State{Status: sweep.StatusDone, Worker: a.Worker, Attempts: a.Attempts, FinishedAttempt: a.Attempts, Completions: 1, WallSeconds: a.WallSeconds}
}

// Manifest returns the stored manifest of sweep name, refused when a job's
// index, ID or directory is not one a sweep makes (sweep.Manifest.CheckJobs).
func (c *Conn) Manifest(ctx context.Context, name string) (sweep.Manifest, error) {
	if err := CheckName(name); err != nil {
		return sweep.Manifest{}, err
	}
	m, ok, err := c.storedManifest(ctx, name)
	if err == nil && !ok {
		err = fmt.Errorf("no sweep %q on this server", name)
	}
	if err != nil {
		return m, err
	}
	// Stored by anyone with the server's credentials: its jobs' directories
	// are where collect writes (and replaces) outputs.
	if err := m.CheckJobs(); err != nil {
		return sweep.Manifest{}, fmt.Errorf("the manifest of sweep %q on this server: %w", name, err)
	}
	return m, nil
}

// States returns the state of every job (missing when a job has none). A
// job whose stored state is unreadable (ErrCorruptState) is reported as
// what can be known of it, with the reason in Error: done if its outputs
// are stored, queued while its message is on the stream (the worker that
// gets it writes a new state), failed otherwise (submitting the sweep
// again queues it).
func (c *Conn) States(ctx context.Context, name string, jobs []experiment.Job) ([]State, error) {
	out := make([]State, len(jobs))
	for i, j := range jobs {
		s, ok, err := c.GetState(ctx, name, j.ID)
		if errors.Is(err, ErrCorruptState) {
			s, ok, err = c.unreadableState(ctx, name, j.ID, err)
		}
		if err != nil {
			return nil, err
		}
		if !ok {
			s.Status = sweep.StatusMissing
		}
		out[i] = s
	}
	return out, nil
}

// OutputsMissingNote is the Error StatusStates gives a done job whose
// stored outputs have gone from the server.
const OutputsMissingNote = "outputs missing on the server: resubmit to rerun"

// StatusStates is States for a status report: a done job whose outputs
// are not in the object store (its outputs.tar or final.json deleted, or
// stored empty) stays done, with OutputsMissing set and
// OutputsMissingNote in its Error (after any other), as collect would
// report it failed and a resubmission would run it again. So does a done
// RL job whose stored run was made by a stackel with other defaults,
// with OtherSettings set and a note naming the settings
// in its Error. A queued job that every live worker has handed back has
// DeclinedByAll set (none when the live workers cannot be listed). It
// reads the object store's list of objects once, and the final.json of
// each done RL job whose outputs are stored.
func (c *Conn) StatusStates(ctx context.Context, name string, jobs []experiment.Job) ([]State, error) {
	states, err := c.States(ctx, name, jobs)
	if err != nil {
		return nil, err
	}
	// Best effort, as in Wait: a listing of the live workers that fails
	// (credentials that may not read stackel_workers, say) leaves no job
	// said declined by every live worker, and the status is reported.
	markDeclined(ctx, states, c.LiveWorkers)
	var done []int
	for i, s := range states {
		if s.Status == sweep.StatusDone {
			done = append(done, i)
		}
	}
	if len(done) == 0 {
		return states, nil
	}
	objs, err := c.Obj.List(ctx)
	if err != nil && !errors.Is(err, jetstream.ErrNoObjectsFound) {
		return nil, fmt.Errorf("NATS: listing the object store's objects: %w", err)
	}
	stored := make(map[string]bool, len(objs))
	for _, o := range objs {
		if o != nil && !o.Deleted && o.Size > 0 {
			stored[o.Name] = true
		}
	}
	for _, i := range done {
		id := jobs[i].ID
		if stored[outputsObject(id)] && stored[finalObject(id)] {
			// One final.json read for each RL job (the others record
			// no settings).
			if jobSettings(jobs[i]) == nil {
				continue
			}
			why, err := c.storedRefused(ctx, jobs[i])
			if err != nil {
				// Not known to be run with other defaults, nor not.
				s := &states[i]
				note := "whether this stackel takes its stored run is not known: " + err.Error()
				if s.Error == "" {
					s.Error = note
				} else {
					s.Error += "; " + note
				}
				continue
			}
			if why != nil {
				s := &states[i]
				s.OtherSettings = true
				note := fmt.Sprintf("done by a stackel with other defaults: %v; resubmit with this stackel to rerun", why)
				if s.Error == "" {
					s.Error = note
				} else {
					s.Error += "; " + note
				}
			}
			continue
		}
		s := &states[i]
		s.OutputsMissing = true
		if s.Error == "" {
			s.Error = OutputsMissingNote
		} else {
			s.Error += "; " + OutputsMissingNote
		}
	}
	return states, nil
}

// unreadableState is States' account of job id, whose stored state could
// not be read (why).
func (c *Conn) unreadableState(ctx context.Context, name, id string, why error) (State, bool, error) {
	if a, ok := c.storedAttempt(ctx, id); ok {
		s := doneState(a)
		s.Error = why.Error()
		return s, true, nil
	}
	stream, err := c.JS.Stream(ctx, StreamName)
	if err != nil {
		return State{}, false, fmt.Errorf("NATS: stream %s: %w", StreamName, err)
	}
	_, err = stream.GetLastMsgForSubject(ctx, jobSubject(name, id))
	switch {
	case err == nil:
		return State{Status: sweep.StatusQueued, Error: why.Error()}, true, nil
	case errors.Is(err, jetstream.ErrMsgNotFound):
		return State{Status: sweep.StatusFailed, Error: why.Error()}, true, nil
	}
	return State{}, false, fmt.Errorf("job %s: looking up its message: %w", id, err)
}

// Cancel stops sweep name: it marks it cancelled (running workers stop
// their jobs of it at their next progress report), removes its queued jobs
// from the stream and records them as cancelled. Finished outputs stay.
func (c *Conn) Cancel(ctx context.Context, name string) (n int, err error) {
	if err := CheckName(name); err != nil {
		return 0, err
	}
	// Not while a submission of the sweep queues its jobs: those queued
	// after the cancellation went by would be left queued.
	err = c.withNameLock(ctx, name, nil, func(ctx context.Context) error {
		var err error
		n, err = c.cancelLocked(ctx, name)
		return err
	})
	return n, err
}

// cancelLocked is Cancel, run holding the sweep's name lock.
func (c *Conn) cancelLocked(ctx context.Context, name string) (int, error) {
	m, err := c.Manifest(ctx, name)
	if err != nil {
		return 0, err
	}
	if _, err := c.KV.Put(ctx, cancelKey(name), []byte(time.Now().UTC().Format(time.RFC3339))); err != nil {
		return 0, err
	}
	st, err := c.JS.Stream(ctx, StreamName)
	if err != nil {
		return 0, err
	}
	// Jobs are queued on stackel.jobs.<sweep>.<job-id>; earlier versions
	// of stackel queued them on stackel.jobs.<sweep>.
	for _, subj := range []string{SubjectPrefix + name, SubjectPrefix + name + ".>"} {
		if err := st.Purge(ctx, jetstream.WithPurgeSubject(subj)); err != nil {
			return 0, err
		}
	}
	n := 0
	for _, j := range m.Jobs {
		s, ok, err := c.GetState(ctx, name, j.ID)
		if errors.Is(err, ErrCorruptState) {
			// Finished if its outputs are stored (as States and Submit
			// report it): done, not cancelled. Otherwise not known to be
			// finished: cancelled with the others.
			stored, perr := c.recordStoredDone(ctx, name, j.Job)
			if perr != nil {
				return n, perr
			}
			if stored {
				continue
			}
			// Unreadable: written over as it is.
			if err := c.PutState(ctx, name, j.ID, State{Status: sweep.StatusCancelled, Error: err.Error()}); err != nil {
				return n, err
			}
			n++
			continue
		}
		if err != nil {
			return n, err
		}
		if ok && active(s) {
			cancelled, err := c.cancelActive(ctx, name, j.ID)
			if err != nil {
				return n, err
			}
			if cancelled {
				n++
			}
		}
	}
	return n, nil
}

// cancelActive records job id of sweep name cancelled if its state is
// still queued or running when written (a revision-checked write, read
// again if it loses a race): a worker's end recorded since the state was
// read stands. It reports whether it cancelled the job.
func (c *Conn) cancelActive(ctx context.Context, name, id string) (bool, error) {
	var err error
	for range 5 {
		cancelled := false
		err = c.updateState(ctx, name, id, func(s *State) bool {
			if !active(*s) {
				return false
			}
			s.Status, cancelled = sweep.StatusCancelled, true
			return true
		})
		if err == nil {
			return cancelled, nil
		}
	}
	return false, err
}

// Finished reports whether a status is final.
func Finished(status string) bool {
	return status == sweep.StatusDone || status == sweep.StatusFailed || status == sweep.StatusCancelled
}

// Summarise counts statuses, "4 jobs: 3 done, 1 running" ("0 jobs" for
// none; "3 done (1 with outputs missing on the server)" when StatusStates
// marked some OutputsMissing; "(1 by a stackel with other defaults)" for
// OtherSettings, both joined by a comma; "2 queued (1 declined by every
// live worker)" for DeclinedByAll); a status stackel does not write (another version's, or a state
// edited by hand) is counted after the others (sweep.StatusText), "3 jobs:
// 2 done, 1 paused", so that the counts add up to the jobs.
func Summarise(states []State) string {
	counts := map[string]int{}
	for _, s := range states {
		counts[s.Status]++
	}
	// Statuses of another stackel version (or a state written by hand)
	// are counted too, so that the counts add up to the jobs.
	parts := sweep.StatusCounts(counts, []string{sweep.StatusDone, sweep.StatusRunning, sweep.StatusQueued, sweep.StatusFailed, sweep.StatusCancelled, sweep.StatusMissing})
	if len(states) == 0 {
		return "0 jobs"
	}
	missing := 0
	for _, s := range states {
		if s.OutputsMissing && s.Status == sweep.StatusDone {
			missing++
		}
	}
	other := 0
	for _, s := range states {
		if s.OtherSettings && s.Status == sweep.StatusDone {
			other++
		}
	}
	var notes []string
	if missing > 0 {
		notes = append(notes, fmt.Sprintf("%d with outputs missing on the server", missing))
	}
	if other > 0 {
		notes = append(notes, fmt.Sprintf("%d by a stackel with other defaults", other))
	}
	if len(notes) > 0 {
		for i, p := range parts {
			if strings.HasSuffix(p, " "+sweep.StatusDone) {
				parts[i] += " (" + strings.Join(notes, ", ") + ")"
				break
			}
		}
	}
	declined := 0
	for _, s := range states {
		if len(s.DeclinedByAll) > 0 && s.Status == sweep.StatusQueued {
			declined++
		}
	}
	if declined > 0 {
		for i, p := range parts {
			if strings.HasSuffix(p, " "+sweep.StatusQueued) {
				parts[i] += fmt.Sprintf(" (%d declined by every live worker)", declined)
				break
			}
		}
	}
	return fmt.Sprintf("%s: %s", experiment.CountOf(len(states), "job"), strings.Join(parts, ", "))
}
