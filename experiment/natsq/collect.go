package natsq

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/experiment/sweep"
	"github.com/stackel/stackel/internal/textcut"
)

// Executor runs jobs on the NATS work queue as sweep Name: it queues the
// jobs not finished under root and waits until every one is done or
// failed, downloading each finished job's outputs into root/job.Out as it
// finishes. It implements experiment.Executor; workers (stackel worker, or
// the local ones of stackel sweep) run the jobs.
type Executor struct {
	// Conn is the connection the jobs are queued and their outputs fetched
	// on; it must not be nil, and Execute does not close it.
	Conn *Conn
	// Name names the sweep on the server.
	Name string
	// Manifest, when it has jobs, is stored as the sweep's manifest (a
	// sweep's grid values); otherwise the jobs are wrapped.
	Manifest sweep.Manifest
	// Log receives progress lines (nil: none).
	Log io.Writer
	// Replace, when a sweep of the same name on the server has queued or
	// running jobs this one does not have, cancels those jobs
	// (Conn.CancelOthers) instead of refusing (ErrNameInUse).
	Replace bool
	// Submitted, when not nil, runs once the sweep is stored on the server
	// as the name's (its name check passed, its jobs queued), before
	// Execute logs how many jobs it queued and waits for them; its error
	// ends Execute. A sweep refused
	// on the server (ErrNameInUse) never calls it: what it writes (a
	// manifest.json in root) and starts (local workers) is left undone.
	Submitted func() error
	// DeclinedTimeout, when positive, ends the wait with a
	// *DeclinedError once every job not ended has been declined by
	// every live worker (AllRemainingDeclined) for that long without a
	// break, or with a *NoWorkerError once no worker has been live and
	// every job not ended queued, no job's state changing, for that
	// long; the jobs stay queued. Zero waits for ever (a worker that
	// can run them may join).
	DeclinedTimeout time.Duration
}

// Execute implements experiment.Executor.
func (e Executor) Execute(ctx context.Context, root string, jobs []experiment.Job, progress experiment.ProgressFunc) error {
	m := e.Manifest
	if len(m.Jobs) == 0 {
		m = sweep.Manifest{Name: e.Name, Jobs: sweep.Wrap(e.Name, jobs)}
	}
	m.Name = e.Name
	if err := CheckName(m.Name); err != nil {
		return err
	}
	if err := checkManifest(m); err != nil {
		return err
	}
	if err := e.Conn.storeExtensions(ctx, root, jobs); err != nil {
		return err
	}
	skip := func(j experiment.Job) bool {
		_, finished, err := experiment.JobState(filepath.Join(root, j.Out), j)
		return err == nil && finished
	}
	// The replaced grid's jobs are cancelled and this one's queued in one
	// step for every other submission of the name.
	var waitFor []experiment.Job
	var queued, done int
	err := e.Conn.withNameLock(ctx, m.Name, e.Log, func(ctx context.Context) error {
		if e.Replace {
			n, err := e.Conn.cancelOthersLocked(ctx, m)
			if err != nil {
				return err
			}
			if n > 0 && e.Log != nil {
				fmt.Fprintf(e.Log, "sweep %s: cancelled %s of the sweep it replaces\n", e.Name, experiment.CountOf(n, "queued or running job"))
			}
		}
		var err error
		waitFor, queued, done, err = e.Conn.submitLocked(ctx, m, jobs, skip, e.Replace)
		return err
	})
	if err != nil {
		return e.Conn.storeFull(err)
	}
	if e.Submitted != nil {
		if err := e.Submitted(); err != nil {
			return err
		}
	}
	if e.Log != nil {
		// Jobs neither queued now nor done were queued (or started) by an
		// earlier submission of the sweep: a resumed one.
		before := ""
		if n := len(jobs) - queued - done; n > 0 {
			before = fmt.Sprintf(", %d queued or running from before", n)
		}
		fmt.Fprintf(e.Log, "sweep %s: %s, %d queued%s, %d already done\n", e.Name, experiment.CountOf(len(jobs), "job"), queued, before, done)
	}
	_, err = e.Conn.wait(ctx, e.Name, waitFor, root, e.Log, progress, e.DeclinedTimeout)
	return err
}

// Collect downloads the outputs of the sweep's finished jobs that are not
// yet in their directories under root, and returns every job's state. A
// job whose outputs cannot be downloaded (an archive that cannot be
// unpacked or holds no finished run of the job, a full disk) does not keep
// the others from theirs: the error, returned with the states, names each
// such job. While the server does not answer, or its JetStream answers
// "no responders" (a restart, before the server has loaded its streams:
// Conn.outage), it waits for it, as Wait does, saying so once to c.Log,
// and then reads the states and downloads anew (what it downloaded before
// stays on disk, and is not downloaded again); no job is counted failed
// over it. With no c.Log it does not wait (silently, for as long as the
// outage lasts) but ends at once, with no states and an error saying
// that the server does not answer and to collect again once it does. A
// cancelled ctx ends it with no states and ctx's error; so does a bucket
// it reads (the key-value bucket or the object store) gone from a server
// that answers, with an error naming it. "No responders" makes no job a
// FetchError and does not end Collect at once.
func (c *Conn) Collect(ctx context.Context, name string, jobs []experiment.Job, root string) ([]State, error) {
	var states []State
	var errs []error
	err := c.outlasting(ctx, name, func() (err error) {
		states, errs, err = c.collectOnce(ctx, jobs, name, root)
		return err
	}, kvStream, objStream)
	if err != nil {
		return nil, err
	}
	return states, errors.Join(errs...)
}

// CollectManifest returns the stored manifest of sweep name, as Manifest
// does, for a collect (Collect): like it, it waits out a server that does
// not answer, or whose JetStream answers "no responders", saying so once
// to c.Log, and with no c.Log ends at once with an error saying that the
// server does not answer, not with "reading the manifest of sweep …:
// nats: no responders available for request".
func (c *Conn) CollectManifest(ctx context.Context, name string) (sweep.Manifest, error) {
	var m sweep.Manifest
	err := c.outlasting(ctx, name, func() (err error) {
		m, err = c.Manifest(ctx, name)
		return err
	}, objStream)
	return m, err
}

// outlasting calls try until it returns nil or an error that is no outage
// (Conn.outage, of streams), which it returns: an outage it waits out as
// Wait does (outlast), saying so once to c.Log. With no c.Log it does not
// wait (silently, for as long as the outage lasts) but returns at once an
// error saying that the server does not answer and to collect again once
// it does; a stream gone from a server that answers is an error naming it,
// with or without a log.
func (c *Conn) outlasting(ctx context.Context, name string, try func() error, streams ...string) error {
	t := time.NewTicker(retryEvery)
	defer t.Stop()
	away := false
	for {
		err := try()
		if err == nil {
			return nil
		}
		if c.Log == nil && ctx.Err() == nil {
			wait, gone := c.outage(err, streams...)
			switch {
			case gone != nil:
				return fmt.Errorf("sweep %s: %w", name, gone)
			case wait:
				return fmt.Errorf("sweep %s: the NATS server, or JetStream on it, does not answer (restarting, or JetStream not enabled yet); collect again once it does: %w", name, err)
			}
			return err
		}
		if err := c.outlast(ctx, name, err, &away, c.Log, t.C, streams...); err != nil {
			return err
		}
	}
}

// collectOnce is one pass of Collect: the states, and the FetchErrors of
// the finished jobs whose outputs could not be downloaded; err, with no
// states, when ctx is cancelled or a request meets an outage or a bucket
// gone (Conn.outage), which ends the pass, the others failing alike.
func (c *Conn) collectOnce(ctx context.Context, jobs []experiment.Job, name, root string) (states []State, errs []error, err error) {
	if states, err = c.States(ctx, name, jobs); err != nil {
		return nil, nil, err
	}
	for i, j := range jobs {
		if err := c.fetchIfNeeded(ctx, name, j, states[i], root, c.Log); err != nil {
			if wait, gone := c.outage(err, objStream); ctx.Err() != nil || wait || gone != nil {
				return nil, nil, err
			}
			errs = append(errs, &FetchError{ID: j.ID, Err: err})
		}
	}
	return states, errs, nil
}

// outlast is what a sweep's client that waits out an outage (Wait,
// Collect) does with err, from its requests on c about sweep name: when
// err is an outage (Conn.outage, of streams) it tells log, unless *away
// says it did already, sets *away and returns nil once tick fires (the
// caller tries again). Otherwise it returns the error that ends the
// caller: err when ctx is cancelled or waiting would not mend it, a
// stream gone from a server that answers as an error naming it and the
// sweep, ctx's error when ctx is cancelled during the pause.
func (c *Conn) outlast(ctx context.Context, name string, err error, away *bool, log io.Writer, tick <-chan time.Time, streams ...string) error {
	if ctx.Err() != nil {
		return err
	}
	if wait, gone := c.outage(err, streams...); !wait {
		if gone != nil {
			return fmt.Errorf("sweep %s: %w", name, gone)
		}
		return err
	}
	if !*away && log != nil {
		fmt.Fprintf(log, "%s %s: the NATS server does not answer (%v); waiting for it\n", time.Now().Format("15:04:05"), name, err)
	}
	*away = true
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-tick:
		return nil
	}
}

// FetchError is the error of a finished job whose outputs could not be
// downloaded into its directory (missing on the server, an archive that
// cannot be unpacked or holds no finished run of the job, a full disk).
// Collect and Wait return one for each such job, joined (errors.Join);
// FetchFailed reads them back. An archive that cannot be unpacked, or
// that unpacks without the job's job.json (none, one not JSON, another
// job's, one saying the job runs), is deleted from the server
// (FetchOutputs), and the job's directory left as it was: submitting the sweep again runs the job
// again, as it does one whose outputs are missing.
type FetchError struct {
	// ID is the job's ID.
	ID string
	// Err is why the download failed; it names the job.
	Err error
}

// Error implements error: Err's text, which names the job.
func (e *FetchError) Error() string { return e.Err.Error() }

// Unwrap returns Err.
func (e *FetchError) Unwrap() error { return e.Err }

// FetchErrors returns the FetchErrors in err's tree (wrapped, or joined),
// in order.
func FetchErrors(err error) []*FetchError {
	var out []*FetchError
	var walk func(error)
	walk = func(err error) {
		switch e := err.(type) {
		case nil:
		case *FetchError:
			out = append(out, e)
		case interface{ Unwrap() []error }:
			for _, x := range e.Unwrap() {
				walk(x)
			}
		case interface{ Unwrap() error }:
			walk(e.Unwrap())
		}
	}
	walk(err)
	return out
}

// FetchFailed records as failed, in states (those of jobs), each job that
// err (Collect's or Wait's) says could not have its outputs downloaded: it
// is done on the server, but not here, and a report must not count it done
// over outputs that are not on disk. Its Error says why. It returns the
// IDs of those jobs.
func FetchFailed(states []State, jobs []experiment.Job, err error) []string {
	var ids []string
	for _, fe := range FetchErrors(err) {
		for i, j := range jobs {
			if j.ID == fe.ID && i < len(states) {
				states[i].Status = sweep.StatusFailed
				states[i].Error = "finished on the NATS server, but its outputs could not be downloaded: " + fe.Error()
				states[i].Summary = nil
			}
		}
		ids = append(ids, fe.ID)
	}
	return ids
}

// fetchIfNeeded downloads the stored outputs of job j (in state s of
// sweep name) into root/j.Out unless that directory holds the job's
// finished run already (experiment.JobState), nor when the server's was
// run by a stackel with other defaults (storedRefused), an error saying
// so. A directory JobState
// refuses (a run recorded done whose outputs are not whole or that was
// run with other effective settings, another job's outputs) is not
// removed: once the server's outputs have passed checkJobOutputs it is
// moved aside to .NAME.refused beside it (or .NAME.refused-2, …:
// asideName, hidden from stackel plot and eval), and log
// told which job, why its run was refused and where it went, not removed
// without a word. A directory that holds an
// unfinished run (a local run killed, say) is replaced, as before.
func (c *Conn) fetchIfNeeded(ctx context.Context, name string, j experiment.Job, s State, root string, log io.Writer) error {
	if !storedRun(s) {
		return nil
	}
	dir := filepath.Join(root, j.Out)
	// A local run this stackel takes is the job's, whoever stored the
	// server's (else a server's run of other defaults would fail the job
	// with the job's run here, whole).
	_, finished, refused := experiment.JobState(dir, j)
	if refused == nil && finished {
		return nil
	}
	why, err := c.storedRefused(ctx, j)
	if err != nil {
		// Not known to be the job's run: neither downloaded nor counted
		// done (FetchError), and a server that does not answer is
		// waited for (outage) as for the download itself.
		return fmt.Errorf("job %s (%s) is done on the server, but whether this stackel takes its stored run is not known: %w; not downloaded (%s is left as it was)", j.ID, j.Out, err, dir)
	}
	if why != nil {
		return fmt.Errorf("job %s (%s) is done on the server, but by a stackel with other defaults: %w; not downloaded (%s is left as it was): submitting the sweep again with this stackel queues it again for a worker of this build", j.ID, j.Out, why, dir)
	}
	moved, err := c.fetchOutputsAside(ctx, j.ID, dir, func(tmp string) error { return checkJobOutputs(tmp, j) }, refused != nil)
	if moved != "" && log != nil {
		fmt.Fprintln(log, textcut.Printable(fmt.Sprintf("%s %s: job %s (%s): the run in %s was refused (%s); moved to %s, and replaced by the server's outputs", time.Now().Format("15:04:05"), name, j.ID, j.Out, dir, refusalReason(refused), moved)))
	}
	return err
}

// refusalReason is JobState's refusal of a local run without the remedy
// it ends with ("…are not reused as finished: restore the run's files,
// or remove the directory to run the job again"), which a collect that
// moved the run aside and replaced it has carried out.
func refusalReason(err error) string {
	text := err.Error()
	for _, mark := range []string{"not reused as finished: ", "not reused: "} {
		if i := strings.LastIndex(text, mark); i >= 0 {
			return text[:i+len(mark)-2]
		}
	}
	return text
}

// storedRun reports whether a job in state s has a finished run's outputs
// stored on the server: done, or failed after a completed attempt.
func storedRun(s State) bool {
	return s.Status == sweep.StatusDone || s.Status == sweep.StatusFailed && s.Completions > 0
}

// checkJobOutputs returns an error unless dir, an unpacked outputs
// archive, holds a finished run of job (experiment.JobState). An archive
// that unpacks (an empty one, one without job.json, or another job's) is
// not yet the job's outputs: taken as downloaded, the job was reported
// done over a directory that holds no finished run of it. The error is a
// notJobsOutputs, which has the stored archive deleted, only when dir
// definitely holds no finished run of the job: no job.json; or one, of a
// status stackel writes, that is another job's (another ID, not taken
// for the job's by JobState) or says this job still runs; or a job.json
// that is not JSON at all. A job.json that is JSON but does not decode as
// a job record (a field of another type: perhaps another stackel
// version's), or with a status of another stackel version, or a
// config.yaml JobState finds at odds with it, or a disk's error, is
// reported without deleting anything: the job stays done on the server.
func checkJobOutputs(dir string, j experiment.Job) error {
	rec, ok, err := experiment.ReadJobRecord(dir)
	var syntax *json.SyntaxError
	if errors.As(err, &syntax) {
		// Not JSON at all (cut short, or garbage): no stackel version
		// wrote it, so it records no finished run of the job, whatever
		// a later version reads. Kept, it made the job done on the
		// server for ever, a resubmission never running it again.
		return notJobsOutputs{fmt.Errorf("the stored archive holds no finished run of the job: its %s is not JSON: %w", experiment.JobFile, noPath(err, dir))}
	}
	if err != nil {
		return fmt.Errorf("the stored archive's %s: %w", experiment.JobFile, noPath(err, dir))
	}
	if !ok {
		return notJobsOutputs{fmt.Errorf("the stored archive holds no finished run of the job (no %s)", experiment.JobFile)}
	}
	_, finished, err := experiment.JobState(dir, j)
	if err == nil && finished {
		return nil
	}
	switch rec.Status {
	case experiment.JobRunning, experiment.JobDone, experiment.JobFailed:
	default:
		return fmt.Errorf("the stored archive holds no finished run of the job: %w", noPath(err, dir))
	}
	if rec.ID != j.ID {
		return notJobsOutputs{fmt.Errorf("the stored archive holds no finished run of the job: its %s is job %s's (%s)", experiment.JobFile, rec.ID, rec.Status)}
	}
	if err != nil {
		return fmt.Errorf("the stored archive holds no finished run of the job: %w", noPath(err, dir))
	}
	return notJobsOutputs{fmt.Errorf("the stored archive holds no finished run of the job: its %s says %s", experiment.JobFile, rec.Status)}
}

// noPath is err with the temporary directory dir, where an archive was
// unpacked and which is gone, named "the archive".
func noPath(err error, dir string) error {
	if err == nil {
		return nil
	}
	return errors.New(strings.ReplaceAll(err.Error(), dir, "the archive"))
}

// Records turns states into sweep.json records; a job without a state on
// the server keeps what its directory under root says (finished there
// before, e.g. by an earlier sweep on another server), and a done job
// whose state has no summary keeps its summary.json's.
func Records(root string, jobs []sweep.Job, states []State) []sweep.Record {
	recs := sweep.DiskRecords(root, jobs)
	for i := range jobs {
		s := states[i]
		if s.Status == sweep.StatusMissing {
			continue
		}
		r := &recs[i]
		r.Status, r.Attempts, r.Worker, r.Error, r.WallSeconds = s.Status, s.Attempts, s.Worker, s.Error, s.WallSeconds
		if s.Summary != nil || s.Status != sweep.StatusDone {
			// A state recorded from stored outputs (a job another sweep,
			// or a worker that died before recording the end, finished)
			// has no summary: the downloaded summary.json's stays.
			r.Summary = s.Summary
		}
	}
	return recs
}

// fetchFinished downloads the outputs of the finished jobs not fetched
// yet, marking them in fetched. A job whose outputs cannot be downloaded
// is marked too, with its FetchError in broken and a line in log: the
// others' are downloaded all the same. Not so for a cancelled ctx, or a
// server that does not answer or whose JetStream answers "no responders"
// (Conn.outage), which end it with their error, the job not marked, for
// Wait to wait out; nor for the object store gone from a server that
// answers, which ends it with an error naming it. "No responders" there
// does not record the job failed.
func (c *Conn) fetchFinished(ctx context.Context, name string, jobs []experiment.Job, states []State, fetched []bool, broken []error, root string, log io.Writer) error {
	for i, j := range jobs {
		if fetched[i] || !Finished(states[i].Status) {
			continue
		}
		if err := c.fetchIfNeeded(ctx, name, j, states[i], root, log); err != nil {
			if ctx.Err() != nil {
				return err
			}
			if wait, gone := c.outage(err, objStream); wait {
				return err
			} else if gone != nil {
				return gone
			}
			broken[i] = &FetchError{ID: j.ID, Err: err}
			if log != nil {
				fmt.Fprintln(log, textcut.Printable(fmt.Sprintf("%s %s: job %s (%s) finished, but its outputs could not be downloaded: %v", time.Now().Format("15:04:05"), name, j.ID, j.Out, err)))
			}
		}
		fetched[i] = true
	}
	return nil
}

// Wait waits until every job has a final state (done, failed or
// cancelled), downloading each finished job's outputs into root/job.Out as
// it finishes, printing progress to log (and, once for each new note, why
// a queued job waits for another worker: State.Waiting; and, once for as
// long as it lasts, which jobs every live worker has handed back, by whom
// and why: State.DeclinedByAll) and telling progress of finished jobs.
// Such jobs are waited for like the others: a worker that can run them
// may join (one of a build that does not record its presence may even be
// live), and then runs them. It returns the states; a cancelled sweep
// returns them with an error. A finished job whose outputs cannot be
// downloaded does not end the wait: once every job has a final state, the
// states are returned with such jobs recorded as failed (FetchFailed) and
// an error joining one FetchError for each. While the server does not
// answer, or its JetStream answers "no responders" (a restart, before the
// server has loaded its streams), it waits for it, saying so once — also
// while it downloads outputs; a bucket it reads (the object store too)
// gone from a server that answers ends it with an error naming the
// bucket. A cancelled sweep's wait downloads the outputs of the jobs
// finished by then; a download there that meets a server that does not
// answer (or an object store gone) ends it with no states and an error
// saying how many are downloaded (they stay on disk) and naming the
// others. Wait has no declined timeout (Executor.DeclinedTimeout): jobs
// declined by every live worker are waited for as long as that lasts.
func (c *Conn) Wait(ctx context.Context, name string, jobs []experiment.Job, root string, log io.Writer, progress experiment.ProgressFunc) ([]State, error) {
	return c.wait(ctx, name, jobs, root, log, progress, 0)
}

// wait is Wait with a declined timeout (Executor.DeclinedTimeout; 0 for
// none): once every job not ended has been declined by every live worker
// (AllRemainingDeclined) at each poll for declinedTimeout, by
// declinedClock, it returns the states (the finished jobs' outputs
// downloaded, as at any end) with a *DeclinedError, and the jobs stay
// queued. A poll that finds a job running, or queued and not declined by
// every live worker (one that joined and has not looked at it), or
// cannot read the states or list the live workers, starts the timeout
// again; the wait logs a line when it starts. When it runs out, the live
// workers are listed afresh (not the listing of up to presenceEvery
// before) and the timeout starts again if one of them has not handed a
// job back; a sweep whose cancel mark is put ends as cancelled. After the
// server did not answer, the timeout does not start for PresenceTTL from
// when it answers again (the live workers put their presence again).
// The same timeout, while no worker is live (none listed) and every job
// not ended is queued, times the states not changing (stateMark): a
// change, or a job running, starts it again, and when it runs out with
// still no worker live (listed afresh) the wait returns the states with
// a *NoWorkerError. A job recorded running while no worker is live, its
// state unchanged over two listings presenceEvery apart, holds that
// timeout off for ever if its worker was killed: the wait says so once
// (runningUnseen).
func (c *Conn) wait(ctx context.Context, name string, jobs []experiment.Job, root string, log io.Writer, progress experiment.ProgressFunc, declinedTimeout time.Duration) ([]State, error) {
	if len(jobs) == 0 {
		return nil, nil // nothing to wait for, nor to log ("0 jobs: ")
	}
	fetched := make([]bool, len(jobs))
	broken := make([]error, len(jobs)) // FetchErrors of jobs whose outputs could not be downloaded
	// end returns states with the broken jobs recorded as failed, and err
	// joined with their errors.
	end := func(states []State, err error) ([]State, error) {
		berr := errors.Join(broken...)
		FetchFailed(states, jobs, berr)
		return states, errors.Join(err, berr)
	}
	waiting := make([]string, len(jobs)) // the Waiting notes logged
	last, lastDeclined := "", ""
	live := &liveView{c: c}
	// The live workers for the declined timeout's "no worker live"
	// (noWorkerStuck): listed at once, whereas live is listed first when
	// a job has been handed back, and a listing made before any worker
	// joined is not taken for the hand-backs of one that joined since.
	anyLive := &liveView{c: c}
	var unseen runningUnseen // jobs running while no worker is live, said once
	// One key-value read per job per poll: poll less often for big sweeps.
	t := time.NewTicker(waitPoll + time.Duration(len(jobs))*time.Millisecond)
	defer t.Stop()
	away := false       // the server did not answer the last poll
	var stuck time.Time // since when every remaining job is declined by all, or no worker is live (zero: not so at the last poll)
	stuckWhy := ""      // what stuck times: stuckDeclined or stuckNoWorker
	mark := ""          // the states' stateMark when stuck started for want of any worker
	var back time.Time  // when the server answered again after it did not (declinedClock)
	for {
		states, err := c.States(ctx, name, jobs)
		if err == nil {
			err = c.fetchFinished(ctx, name, jobs, states, fetched, broken, root, log)
		}
		// A full store takes no more writes until the server restarts: no
		// job would end, and the sweep would wait for ever (before session
		// 48, logging that the server did not answer).
		if full := c.storeFull(nil); full != nil {
			return nil, full
		}
		if err != nil {
			// A server that restarts (stackel server, or a NATS cluster's
			// node) comes back with the queue in its store: wait for it,
			// as workers do, rather than leave the sweep without its
			// report.
			// So is JetStream that answers "no responders" while the
			// server loads its streams; not a bucket gone from a server
			// that answers, which waiting would not mend.
			stuck = time.Time{}
			if err := c.outlast(ctx, name, err, &away, log, t.C, kvStream, objStream); err != nil {
				return nil, err
			}
			continue
		}
		if away {
			if declinedTimeout > 0 {
				back = declinedClock()
			}
			if log != nil {
				fmt.Fprintf(log, "%s %s: the NATS server answers again\n", time.Now().Format("15:04:05"), name)
			}
		}
		away = false
		// Best effort: without the live workers (a server of workers
		// that record no presence, or a read that failed) no job is said
		// declined by every live worker, and the next poll tries again.
		// The live workers are listed every presenceEvery (liveView).
		markDeclined(ctx, states, live.get)
		all, n := true, 0
		for i, j := range jobs {
			if w := states[i].Waiting; w != "" && w != waiting[i] && log != nil {
				// w is a worker's note: escaped as the worker's own log is.
				fmt.Fprintln(log, textcut.Printable(fmt.Sprintf("%s %s: job %s (%s) waits for another worker: %s", time.Now().Format("15:04:05"), name, j.ID, j.Out, w)))
			}
			waiting[i] = states[i].Waiting
			if !Finished(states[i].Status) {
				all = false
				continue
			}
			n++
		}
		if s := Summarise(states); s != last {
			if log != nil {
				fmt.Fprintf(log, "%s %s: %s\n", time.Now().Format("15:04:05"), name, s)
			}
			if progress != nil {
				progress(n, len(jobs))
			}
			last = s
		}
		// Said once, and again when it changes (another worker handed
		// the jobs back, one died): the sweep waits on, since a worker
		// that can run them may join (its presence ends the state).
		if d := strings.Join(declinedLines(name, jobs, states, c.workerCommand()), "\n"); d != lastDeclined {
			if log != nil && d != "" {
				for line := range strings.Lines(d) {
					fmt.Fprintf(log, "%s %s\n", time.Now().Format("15:04:05"), strings.TrimSuffix(line, "\n"))
				}
			}
			lastDeclined = d
		}
		if all {
			return end(states, c.cancelledError(ctx, name, jobs, states))
		}
		if declinedTimeout > 0 {
			for _, i := range unseen.check(ctx, states, anyLive) {
				if log != nil {
					fmt.Fprintln(log, textcut.Printable(time.Now().Format("15:04:05")+" "+runningUnseenLine(name, jobs[i], states[i], c.workerCommand())))
				}
			}
			switch now, why := declinedClock(), c.stuckWhy(ctx, states, anyLive); {
			case why == "" || why != stuckWhy && !stuck.IsZero() || why == stuckNoWorker && !stuck.IsZero() && stateMark(states) != mark:
				// Nothing stuck, or stuck otherwise than at the last
				// poll, or a job's state changed while no worker is
				// live (a worker that records no presence runs or
				// hands back jobs): the timeout starts again.
				stuck, stuckWhy = time.Time{}, why
			case stuck.IsZero() && !back.IsZero() && now.Sub(back) < PresenceTTL:
				// A server that restarted lost the live workers'
				// presence (memory storage): each puts it again within
				// presenceEvery of reaching the server, and until then
				// is not seen. The timeout starts PresenceTTL after the
				// server answered again, as long as a worker cut off
				// from it counts as live.
			case stuck.IsZero():
				stuck, stuckWhy, mark = now, why, stateMark(states)
				if log != nil {
					what := "every remaining job is declined by every live worker: the wait ends in %s unless a worker that can run one joins (declined timeout)"
					if why == stuckNoWorker {
						what = "no worker is live (none in the NATS bucket " + WorkersBucket + ") and every remaining job is queued: the wait ends in %s unless a worker joins or a job's state changes (declined timeout)"
					}
					fmt.Fprintf(log, "%s %s: "+what+"\n", time.Now().Format("15:04:05"), name, declinedTimeout)
				}
			case now.Sub(stuck) >= declinedTimeout:
				// Not a sweep being cancelled (stackel sweep cancel's
				// mark put, its jobs not yet recorded cancelled): it
				// ends as cancelled, below. Nor while a worker that
				// joined since the live workers were last listed
				// (presenceEvery ago at most) and has not handed the
				// jobs back is live: they are listed afresh.
				if c.Cancelled(ctx, name) {
					break
				}
				if why == stuckNoWorker {
					if !noWorkerStuck(ctx, states, anyLive.fresh) {
						stuck = time.Time{}
						break
					}
					return end(states, noWorkerError(name, jobs, states, declinedTimeout, c.workerCommandAtEnd()))
				}
				if err := markDeclined(ctx, states, live.fresh); err != nil || !AllRemainingDeclined(states) {
					stuck = time.Time{}
					break
				}
				return end(states, declinedError(name, jobs, states, declinedTimeout, c.workerCommandAtEnd()))
			}
		}
		if c.Cancelled(ctx, name) {
			final, cancelled, err := c.afterCancellation(ctx, name, jobs, log)
			if err != nil {
				return nil, err
			}
			if cancelled {
				if err := c.fetchFinished(ctx, name, jobs, final, fetched, broken, root, log); err != nil {
					if ctx.Err() != nil {
						return nil, err
					}
					return nil, errors.Join(c.cancelledFetchError(name, jobs, final, fetched, broken, root, err), errors.Join(broken...))
				}
				return end(final, fmt.Errorf("sweep %s was cancelled", name))
			}
			// Submitted again since: its jobs are queued anew.
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-t.C:
		}
	}
}

// cancelledError is the error of a wait whose jobs all ended (states),
// some of them cancelled: "sweep NAME was cancelled" when the sweep is
// (its cancel mark); otherwise a later submission of the name with
// another grid replaced it (CancelOthers: --replace), cancelling the jobs
// it dropped, and the error says so and names them. Nil when none was
// cancelled.
func (c *Conn) cancelledError(ctx context.Context, name string, jobs []experiment.Job, states []State) error {
	var ids []string
	for i, st := range states {
		if st.Status == sweep.StatusCancelled {
			ids = append(ids, jobs[i].ID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	if c.Cancelled(ctx, name) {
		return fmt.Errorf("sweep %s was cancelled", name)
	}
	verb := "were"
	if len(ids) == 1 {
		verb = "was"
	}
	return fmt.Errorf("sweep %s: %d of its %s %s cancelled by a later submission of the name without them (--replace): %s", name, len(ids), experiment.CountOf(len(jobs), "job"), verb, listIDs(ids))
}

// listIDs is ids for an error: the first ten, comma-separated, and how
// many more.
func listIDs(ids []string) string {
	const most = 10
	list := strings.Join(ids[:min(len(ids), most)], ", ")
	if len(ids) > most {
		list += fmt.Sprintf(" and %d more", len(ids)-most)
	}
	return list
}

// cancelledFetchError is the error of the wait of a cancelled sweep whose
// download of its finished jobs' outputs (states, fetched: fetchFinished)
// ended with err (the server does not answer, or the object store is
// gone): it says how many finished jobs with stored outputs have them in
// their directories under root (kept there: a collect does not download
// them again) and names those that have not, and how to get them, apart
// from those whose stored archive was unreadable (broken: their errors,
// joined after this one, say what became of the archive, deleted as a
// rule, so that a collect does not download them), not err alone
// ("outputs of job ...: nats: no responders available for request").
func (c *Conn) cancelledFetchError(name string, jobs []experiment.Job, states []State, fetched []bool, broken []error, root string, err error) error {
	n, here := 0, 0
	var missing, unreadable []string
	for i, j := range jobs {
		if !storedRun(states[i]) {
			continue
		}
		n++
		switch {
		case broken[i] != nil:
			unreadable = append(unreadable, j.ID)
		case fetched[i]:
			here++
		default:
			missing = append(missing, j.ID)
		}
	}
	text := fmt.Sprintf("sweep %s was cancelled; the outputs of %d of its %s with stored outputs are downloaded into %s", name, here, experiment.CountOf(n, "finished job"), root)
	if len(unreadable) > 0 {
		// Deleted as a rule (dropUnreadableOutputs), so that a collect
		// does not download them; the errors joined after this one say
		// what became of each archive and what to do.
		text += fmt.Sprintf(" (those of %s were unreadable: below)", listIDs(unreadable))
	}
	if len(missing) > 0 {
		text += ", not those of " + listIDs(missing)
		if wait, _ := c.outage(err, objStream); wait {
			text += ": the NATS server does not answer; collecting the sweep (stackel sweep collect) once it does downloads them"
		}
	}
	return fmt.Errorf("%s: %w", text, err)
}

// afterCancellation waits until the cancellation of sweep name that marked
// it has ended, and returns the jobs' states then, and whether the sweep is
// still cancelled (not submitted again meanwhile). A cancellation marks the
// sweep first and records its jobs cancelled after, holding the sweep's name
// lock throughout (Cancel): states read between the two are still queued or
// running, and a report written from them would contradict the server's.
func (c *Conn) afterCancellation(ctx context.Context, name string, jobs []experiment.Job, log io.Writer) ([]State, bool, error) {
	var states []State
	cancelled := false
	err := c.withNameLock(ctx, name, log, func(ctx context.Context) error {
		cancelled = c.Cancelled(ctx, name)
		var err error
		states, err = c.States(ctx, name, jobs)
		return err
	})
	return states, cancelled, err
}
