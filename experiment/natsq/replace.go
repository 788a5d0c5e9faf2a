package natsq

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/experiment/sweep"
)

// ErrNameInUse is returned (wrapped, with the sweep's name and how many
// of its jobs are active) by Submit when a sweep of the same name on the
// server still has queued or running jobs that the new sweep does not
// have. A sweep's name keys its manifest: replacing it would take those
// jobs out of `sweep status`, `collect` and `cancel` by name while workers
// still ran them. Give the new sweep another name, cancel the old one, or
// let CancelOthers (Executor.Replace, the CLI's --replace) stop just the
// jobs the new sweep drops.
var ErrNameInUse = errors.New("the sweep's name is in use")

// storedManifest returns the manifest stored under name, and whether one
// is.
func (c *Conn) storedManifest(ctx context.Context, name string) (sweep.Manifest, bool, error) {
	var m sweep.Manifest
	b, _, err := c.getLimited(ctx, manifestObject(name), maxRecordBytes)
	if errors.Is(err, jetstream.ErrObjectNotFound) {
		return m, false, nil
	}
	if err != nil {
		return m, false, fmt.Errorf("reading the manifest of sweep %q: %w", name, err)
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return m, false, fmt.Errorf("reading the manifest of sweep %q: %w", name, err)
	}
	return m, true, nil
}

// dropped returns the jobs of the manifest stored under m.Name that m
// does not have (by content ID), with their states.
func (c *Conn) dropped(ctx context.Context, m sweep.Manifest) ([]sweep.Job, []State, error) {
	old, ok, err := c.storedManifest(ctx, m.Name)
	if err != nil || !ok {
		return nil, nil, err
	}
	keep := make(map[string]bool, len(m.Jobs))
	for _, j := range m.Jobs {
		keep[j.ID] = true
	}
	var jobs []sweep.Job
	var states []State
	for _, j := range old.Jobs {
		if keep[j.ID] || !sweep.ValidName(j.ID) {
			// Kept; or an ID no job has (a manifest stored by another
			// client), which names no state.
			continue
		}
		s, ok, err := c.GetState(ctx, m.Name, j.ID)
		if errors.Is(err, ErrCorruptState) {
			s, ok, err = c.unreadableState(ctx, m.Name, j.ID, err)
		}
		if err != nil {
			return nil, nil, err
		}
		if ok {
			jobs = append(jobs, j)
			states = append(states, s)
		}
	}
	return jobs, states, nil
}

// active reports whether a job in state s is queued or running.
func active(s State) bool {
	return s.Status == sweep.StatusQueued || s.Status == sweep.StatusRunning
}

// checkNameFree returns an error wrapping ErrNameInUse when the sweep
// stored under m.Name has queued or running jobs that m does not have. The
// same grid, a grown one (more seeds or values) and a finished or
// cancelled earlier sweep all pass.
func (c *Conn) checkNameFree(ctx context.Context, m sweep.Manifest) error {
	jobs, states, err := c.dropped(ctx, m)
	if err != nil {
		return err
	}
	n := 0
	for _, s := range states {
		if active(s) {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	// "2 jobs that this one does not have, still queued or running", or
	// "7 jobs that this one does not have, 4 of them still queued or
	// running": not "4 of 4 jobs this one does not have still …".
	some := ", still"
	if n < len(jobs) {
		some = fmt.Sprintf(", %d of them still", n)
	}
	return fmt.Errorf("%w: sweep %q on this server has %s that this one does not have%s queued or running (a different grid under the same name); give this sweep another name, stop that one first (stackel sweep cancel --nats %s %s), or replace it (--replace cancels just those jobs)",
		ErrNameInUse, m.Name, experiment.CountOf(len(jobs), "job"), some, c.urlForAdvice(), m.Name)
}

// CancelOthers cancels the queued and running jobs of the sweep stored
// under m.Name that m does not have: their messages are removed from the
// stream and their states recorded as cancelled (a worker running one
// finishes it; its outputs are kept). Jobs m shares with it are left as
// they are. It returns how many it cancelled; with no sweep stored under
// the name, none.
func (c *Conn) CancelOthers(ctx context.Context, m sweep.Manifest) (n int, err error) {
	if err := CheckName(m.Name); err != nil {
		return 0, err
	}
	err = c.withNameLock(ctx, m.Name, nil, func(ctx context.Context) error {
		var err error
		n, err = c.cancelOthersLocked(ctx, m)
		return err
	})
	return n, err
}

// cancelOthersLocked is CancelOthers, run holding the sweep's name lock.
func (c *Conn) cancelOthersLocked(ctx context.Context, m sweep.Manifest) (int, error) {
	jobs, states, err := c.dropped(ctx, m)
	if err != nil {
		return 0, err
	}
	stream, err := c.JS.Stream(ctx, StreamName)
	if err != nil {
		return 0, fmt.Errorf("NATS: stream %s: %w", StreamName, err)
	}
	n := 0
	for i, j := range jobs {
		s := states[i]
		if !active(s) {
			continue
		}
		if err := stream.Purge(ctx, jetstream.WithPurgeSubject(jobSubject(m.Name, j.ID))); err != nil {
			return n, fmt.Errorf("job %s: removing its message: %w", j.ID, err)
		}
		cancelled, err := c.cancelActive(ctx, m.Name, j.ID)
		if err != nil {
			return n, err
		}
		if cancelled {
			n++
		}
	}
	return n, nil
}
