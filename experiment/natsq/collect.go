package natsq

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/stackel/stackel/experiment/sweep"
)

// Collect downloads the outputs of the sweep's finished jobs that are not
// yet in their directories under out, and returns every job's record
// (from its state on the server).
func (c *Conn) Collect(ctx context.Context, name string, jobs []sweep.Job, out string) ([]sweep.Record, error) {
	states, err := c.States(ctx, name, jobs)
	if err != nil {
		return nil, err
	}
	recs := make([]sweep.Record, len(jobs))
	for i, j := range jobs {
		if err := c.fetchIfNeeded(ctx, j, states[i], out); err != nil {
			return nil, err
		}
		recs[i] = record(out, j, states[i])
	}
	return recs, nil
}

func (c *Conn) fetchIfNeeded(ctx context.Context, j sweep.Job, s State, out string) error {
	if s.Status != sweep.StatusDone && !(s.Status == sweep.StatusFailed && s.Completions > 0) {
		return nil
	}
	dir := j.OutDir(out)
	if o, ok := sweep.ReadOutcome(dir); ok && o.Status == s.Status {
		return nil
	}
	return c.FetchOutputs(ctx, j.ID, dir)
}

func record(out string, j sweep.Job, s State) sweep.Record {
	r := sweep.NewRecord(out, j)
	r.Status, r.Attempts, r.Worker, r.Error, r.WallSeconds, r.Summary = s.Status, s.Attempts, s.Worker, s.Error, s.WallSeconds, s.Summary
	return r
}

// Wait waits until every job of the sweep has a final state (done,
// failed or cancelled), downloading each finished job's outputs into its
// directory under out as it finishes, and printing progress to log. It
// returns the records; a cancelled sweep returns them with an error.
func (c *Conn) Wait(ctx context.Context, name string, jobs []sweep.Job, out string, log io.Writer) ([]sweep.Record, error) {
	fetched := make([]bool, len(jobs))
	last := ""
	t := time.NewTicker(300 * time.Millisecond)
	defer t.Stop()
	for {
		states, err := c.States(ctx, name, jobs)
		if err != nil {
			return nil, err
		}
		all := true
		for i, j := range jobs {
			if !Finished(states[i].Status) {
				all = false
				continue
			}
			if !fetched[i] {
				if err := c.fetchIfNeeded(ctx, j, states[i], out); err != nil {
					return nil, err
				}
				fetched[i] = true
			}
		}
		if s := Summarise(states); s != last && log != nil {
			fmt.Fprintf(log, "%s %s: %s\n", time.Now().Format("15:04:05"), name, s)
			last = s
		}
		if all || c.Cancelled(ctx, name) {
			recs := make([]sweep.Record, len(jobs))
			for i, j := range jobs {
				recs[i] = record(out, j, states[i])
			}
			if !all {
				return recs, fmt.Errorf("sweep %s was cancelled", name)
			}
			return recs, nil
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-t.C:
		}
	}
}
