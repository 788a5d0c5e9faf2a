package natsq

import (
	"fmt"
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
}

// Error says which jobs, by whom and why, and how to go on.
func (e *DeclinedError) Error() string {
	which, they, them := "its remaining job has", "it stays", "it"
	if len(e.IDs) > 1 {
		which, they, them = fmt.Sprintf("all %d of its remaining jobs have", len(e.IDs)), "they stay", "them"
	}
	return textcut.Printable(fmt.Sprintf("sweep %s: %s been declined by every live worker for %s (the declined timeout): %s; %s queued on the server: start a worker that can run %s (stackel worker --nats URL), then give the same command again to wait for %s (finished jobs are kept)",
		e.Name, which, e.After, strings.Join(e.Declines, "; "), they, them, them))
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
// states (AllRemainingDeclined) after timeout.
func declinedError(name string, jobs []experiment.Job, states []State, timeout time.Duration) *DeclinedError {
	e := &DeclinedError{Name: name, After: timeout}
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
