package natsq

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/experiment/sweep"
	"github.com/stackel/stackel/internal/textcut"
)

// This file holds the end of a sweep's wait on jobs that no live worker
// can run (Executor.DeclinedTimeout): a wait with a declined timeout ends,
// with a DeclinedError, once every job it waits for that has not ended
// has been handed back by every live worker (State.DeclinedByAll) without
// a break for that long. A wait without one waits for ever, as a person
// at a terminal wants (a worker that can run the jobs may join); a script
// or a CI job wants an end it can fail on.

// DeclinedError ends a sweep's wait whose remaining jobs (those not
// done, failed or cancelled) have all been declined by every live worker
// for its declined timeout. The jobs stay queued on the server: a worker
// that can run them runs them, and the same submission again waits for
// them anew (its finished jobs kept).
type DeclinedError struct {
	// Name is the sweep's.
	Name string
	// After is the declined timeout that ran out.
	After time.Duration
	// IDs are the remaining jobs, in the sweep's order.
	IDs []string
	// Declines are the remaining jobs' hand-backs, one text for each
	// distinct DeclineText with its jobs (the first ten), as the wait's
	// lines say them: "job ID declined by every live worker (1: w1): WHY".
	Declines []string
	// Worker is the command that starts a worker on the sweep's server
	// ("stackel worker --nats nats://127.0.0.1:4222", credentials shown as
	// ***); empty: the server's URL is not known, and the advice says
	// "stackel worker --nats URL".
	Worker string
}

// Error says which jobs, by whom and why, and how to go on.
func (e *DeclinedError) Error() string {
	which, they, them := "its remaining job has", "it stays", "it"
	if len(e.IDs) > 1 {
		which, they, them = fmt.Sprintf("all %d of its remaining jobs have", len(e.IDs)), "they stay", "them"
	}
	return textcut.Printable(fmt.Sprintf("sweep %s: %s been declined by every live worker for %s (the declined timeout): %s; %s queued on the server: start a worker that can run %s (%s), then give the same command again to wait for %s (finished jobs are kept)",
		e.Name, which, e.After, strings.Join(e.Declines, "; "), they, them, workerOr(e.Worker), them))
}

// AllRemainingDeclined reports whether every job of states that has not
// ended (done, failed or cancelled) is queued and declined by every live
// worker (State.DeclinedByAll), and at least one has not ended: then no
// job of the sweep can progress until a worker that can run one joins.
// A sweep some of whose remaining jobs are declined by all while others
// run, or are queued for workers that have not looked at them, is not:
// those others may still end, and their outputs be downloaded, and a
// worker that finishes one may be of a build that can run the rest.
func AllRemainingDeclined(states []State) bool {
	remaining := false
	for _, s := range states {
		if Finished(s.Status) {
			continue
		}
		if s.Status != sweep.StatusQueued || len(s.DeclinedByAll) == 0 {
			return false
		}
		remaining = true
	}
	return remaining
}

// declinedGroup is one DeclineText of a sweep's jobs and the jobs it is
// said of.
type declinedGroup struct {
	text string
	ids  []string
}

// declinedGroups groups the jobs that every live worker has handed back
// by their DeclineText, in the order of their first job.
func declinedGroups(jobs []experiment.Job, states []State) []declinedGroup {
	var groups []declinedGroup
	at := map[string]int{}
	for i, s := range states {
		t := DeclineText(s)
		if t == "" {
			continue
		}
		k, ok := at[t]
		if !ok {
			k = len(groups)
			at[t] = k
			groups = append(groups, declinedGroup{text: t})
		}
		groups[k].ids = append(groups[k].ids, jobs[i].ID)
	}
	return groups
}

// what names a group's jobs, "job ID" or "jobs ID1, ID2", and says "it"
// or "them".
func (g declinedGroup) what() (what, it string) {
	if len(g.ids) > 1 {
		return "jobs " + listIDs(g.ids), "them"
	}
	return "job " + g.ids[0], "it"
}

// declinedError is the DeclinedError of sweep name's wait on jobs in
// states (AllRemainingDeclined) after timeout; worker is the command that
// starts a worker (Conn.workerCommand).
func declinedError(name string, jobs []experiment.Job, states []State, timeout time.Duration, worker string) *DeclinedError {
	e := &DeclinedError{Name: name, After: timeout, Worker: worker}
	for i, s := range states {
		if !Finished(s.Status) {
			e.IDs = append(e.IDs, jobs[i].ID)
		}
	}
	for _, g := range declinedGroups(jobs, states) {
		what, _ := g.what()
		e.Declines = append(e.Declines, what+" "+g.text)
	}
	return e
}

// declinedClock times a wait's declined timeout: the clock of the live
// workers' listings (liveClock, which a test stops and moves on).
func declinedClock() time.Time { return liveClock() }

// NoWorkerError ends a sweep's wait with a declined timeout
// (Executor.DeclinedTimeout) on which no worker is live (none recorded in
// WorkersBucket: none started, or only workers of a stackel that records
// no presence) and no job of the sweep has changed its state for the
// timeout, every job not ended being queued. A job that runs (a worker of
// such a stackel records its start in the job's state, not its progress)
// holds the timeout off for as long as it runs. The jobs stay queued on
// the server, as for a DeclinedError.
type NoWorkerError struct {
	// Name is the sweep's.
	Name string
	// After is the declined timeout that ran out.
	After time.Duration
	// IDs are the remaining jobs, in the sweep's order.
	IDs []string
	// Waiting are the remaining jobs' hand-backs by workers that record
	// no presence (State.Waiting), one text for each distinct note with
	// its jobs (the first ten): "job ID: worker w1 cannot run it: WHY".
	Waiting []string
	// Worker is the command that starts a worker, as DeclinedError's.
	Worker string
}

// Error says that no worker is live, where the live workers are
// recorded, and how to go on.
func (e *NoWorkerError) Error() string {
	which, they, them := "its remaining job has not", "it stays", "it"
	if len(e.IDs) > 1 {
		which, they, them = fmt.Sprintf("none of its %d remaining jobs has", len(e.IDs)), "they stay", "them"
	}
	waiting := ""
	if len(e.Waiting) > 0 {
		waiting = " (handed back by a worker that records no presence: " + strings.Join(e.Waiting, "; ") + ")"
	}
	return textcut.Printable(fmt.Sprintf("sweep %s: no worker is live (none in the NATS bucket %s) and %s changed state for %s (the declined timeout)%s; %s queued on the server: start a worker (%s), then give the same command again to wait for %s (finished jobs are kept)",
		e.Name, WorkersBucket, which, e.After, waiting, they, workerOr(e.Worker), them))
}

// noWorkerError is the NoWorkerError of sweep name's wait on jobs in
// states after timeout; worker is the command that starts a worker
// (Conn.workerCommand).
func noWorkerError(name string, jobs []experiment.Job, states []State, timeout time.Duration, worker string) *NoWorkerError {
	e := &NoWorkerError{Name: name, After: timeout, Worker: worker}
	var notes []string
	ids := map[string][]string{}
	for i, s := range states {
		if Finished(s.Status) {
			continue
		}
		e.IDs = append(e.IDs, jobs[i].ID)
		if w := s.Waiting; w != "" {
			if _, ok := ids[w]; !ok {
				notes = append(notes, w)
			}
			ids[w] = append(ids[w], jobs[i].ID)
		}
	}
	for _, w := range notes {
		g := declinedGroup{text: w, ids: ids[w]}
		what, _ := g.what()
		e.Waiting = append(e.Waiting, what+": "+w)
	}
	return e
}

// noWorkerStuck reports whether the wait on states may time out for
// want of any worker: at least one job has not ended, every one that has
// not is queued (a running job may be a worker's without presence), and
// the live workers, listed without error (list: a wait's liveView), are
// none. The caller checks that the states do not change (stateMark).
func noWorkerStuck(ctx context.Context, states []State, list func(context.Context) ([]Presence, error)) bool {
	remaining := false
	for _, s := range states {
		if Finished(s.Status) {
			continue
		}
		if s.Status != sweep.StatusQueued {
			return false
		}
		remaining = true
	}
	if !remaining {
		return false
	}
	live, err := list(ctx)
	return err == nil && len(live) == 0
}

// stateMark is what a wait compares from poll to poll to tell that no
// job's state has changed: each job's status, attempts, worker, waiting
// note, declines and the time of its last write.
func stateMark(states []State) string {
	var b strings.Builder
	for _, s := range states {
		fmt.Fprintf(&b, "%s|%d|%s|%s|%d|%d\n", s.Status, s.Attempts, s.Worker, s.Waiting, len(s.Declines), s.Updated.UnixNano())
	}
	return b.String()
}

// What a wait's declined timeout times (Conn.stuckWhy).
const (
	stuckDeclined = "declined" // every remaining job declined by every live worker
	stuckNoWorker = "noworker" // no worker live, every remaining job queued
)

// stuckWhy says why no job of a wait (states, marked by markDeclined) can
// progress now: stuckDeclined (AllRemainingDeclined), stuckNoWorker
// (noWorkerStuck, the live workers listed by live), or "" when one may.
func (c *Conn) stuckWhy(ctx context.Context, states []State, live *liveView) string {
	switch {
	case AllRemainingDeclined(states):
		return stuckDeclined
	case noWorkerStuck(ctx, states, live.get):
		return stuckNoWorker
	}
	return ""
}

// runningUnseen watches, for a wait with a declined timeout, the jobs
// recorded running while no worker is live: a job a worker killed left
// running holds the timeout off for ever (a running job may be a
// worker's that records no presence), and the wait says so, once per
// job's attempt and worker (runningUnseenLine).
type runningUnseen struct {
	marks map[int]string // the running jobs' marks (index, worker, attempts, write) when the listing at `at` found no worker
	at    time.Time      // that listing's time (liveView.at)
	said  map[int]string // the mark each job was said with
}

// check returns the indexes of the jobs of states to say now: recorded
// running, the state unchanged, at two listings of live (a wait's
// liveView, listed every presenceEvery) that found no worker, and not
// said with that mark. One listing is not enough: a worker that joined
// since may be running the job. The listing is read only while some job
// runs.
func (r *runningUnseen) check(ctx context.Context, states []State, live *liveView) []int {
	marks := map[int]string{}
	for i, s := range states {
		if s.Status == sweep.StatusRunning {
			marks[i] = fmt.Sprintf("%s|%d|%d", s.Worker, s.Attempts, s.Updated.UnixNano())
		}
	}
	if len(marks) == 0 {
		r.marks = nil
		return nil
	}
	ws, err := live.get(ctx)
	if err != nil || len(ws) > 0 {
		// A worker is live (or not known): said again once none is.
		r.marks, r.said = nil, nil
		return nil
	}
	if r.marks == nil || !live.at.After(r.at) {
		if r.marks == nil {
			r.marks, r.at = marks, live.at
		}
		return nil
	}
	var out []int
	for i, m := range marks {
		if r.marks[i] == m && r.said[i] != m {
			out = append(out, i)
		}
	}
	r.marks, r.at = marks, live.at
	if r.said == nil {
		r.said = map[int]string{}
	}
	for _, i := range out {
		r.said[i] = marks[i]
	}
	slices.Sort(out)
	return out
}

// runningUnseenLine is what a wait logs of job j of sweep name, recorded
// running in state s while no worker is live (runningUnseen); worker is
// the command that starts a worker (Conn.workerCommand).
func runningUnseenLine(name string, j experiment.Job, s State, worker string) string {
	return fmt.Sprintf("%s: job %s (%s) is recorded running by worker %s (attempt %d), but no worker is live (none in the NATS bucket %s): the declined timeout does not run while a job runs; if %s was killed, the job runs again only once a worker is started (%s); a worker of a stackel before main at 53c4b20 records no presence, and %s may be one still running it",
		name, j.ID, j.Out, s.Worker, s.Attempts, WorkersBucket, s.Worker, workerOr(worker), s.Worker)
}
