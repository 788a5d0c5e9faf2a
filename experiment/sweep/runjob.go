package sweep

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/stackel/stackel/experiment"
)

// Files of a job's output directory besides the run's own (config.yaml,
// metrics.csv, summary.json, tb/, checkpoint.gob).
const (
	// JobFile holds the Job.
	JobFile = "job.json"
	// DoneFile holds the Outcome; a directory with it is a finished job.
	DoneFile = "done.json"
	// CheckpointFile is an RL run's checkpoint (experiment's name for it).
	CheckpointFile = "checkpoint.gob"
)

// Job statuses in sweep.json.
const (
	StatusQueued    = "queued"
	StatusRunning   = "running"
	StatusDone      = "done"
	StatusFailed    = "failed"
	StatusCancelled = "cancelled"
	StatusMissing   = "missing"
)

// Outcome is how a job ended (DIR/runs/<id>/done.json).
type Outcome struct {
	// Status is done or failed.
	Status string `json:"status"`
	// Error is the run's error when it failed.
	Error string `json:"error,omitempty"`
	// Worker names who ran it (host and process), Attempts counts the
	// deliveries of the job including this one.
	Worker   string `json:"worker,omitempty"`
	Attempts int    `json:"attempts,omitempty"`
	// WallSeconds is the wall time of the attempt that finished it.
	WallSeconds float64 `json:"wall_seconds"`
	// Resumed reports that the attempt continued from a checkpoint.
	Resumed bool `json:"resumed,omitempty"`
	// Summary is the run's summary.json.
	Summary map[string]any `json:"summary,omitempty"`
}

// RunOptions are the context of one attempt at a job.
type RunOptions struct {
	// Worker and Attempt are recorded in the outcome.
	Worker  string
	Attempt int
	// Progress, when not nil, is told of the run's progress (for an RL run,
	// after each epoch and its checkpoint).
	Progress experiment.ProgressFunc
}

// ErrInterrupted wraps the error of a job stopped by its context (a
// cancelled sweep, a stopping worker): not a failure of the job.
var ErrInterrupted = errors.New("interrupted")

// RunJob runs j into dir: it writes job.json, runs the configuration
// (resuming an RL run from dir/checkpoint.gob when there is one) and
// writes done.json. A run that fails (a bad configuration, divergence)
// returns an Outcome with status failed and a nil error; an error is
// returned only when the attempt could not run or was interrupted
// (wrapping ErrInterrupted), which is not the job's fault.
func RunJob(ctx context.Context, j Job, dir string, opt RunOptions) (Outcome, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Outcome{}, err
	}
	if err := writeJSON(filepath.Join(dir, JobFile), j); err != nil {
		return Outcome{}, err
	}
	cfg, err := j.ParseConfig()
	out := Outcome{Worker: opt.Worker, Attempts: opt.Attempt}
	start := time.Now()
	if err == nil {
		_, statErr := os.Stat(filepath.Join(dir, CheckpointFile))
		out.Resumed = cfg.RL != nil && statErr == nil
		_, err = experiment.Run(ctx, cfg, experiment.RunOptions{Out: dir, Progress: opt.Progress, Resume: out.Resumed})
		if err != nil && ctx.Err() != nil {
			return Outcome{}, fmt.Errorf("job %s: %w: %v", j.ID, ErrInterrupted, err)
		}
	}
	out.WallSeconds = time.Since(start).Seconds()
	out.Status = StatusDone
	if err != nil {
		out.Status, out.Error = StatusFailed, err.Error()
	}
	if b, rerr := os.ReadFile(filepath.Join(dir, "summary.json")); rerr == nil {
		json.Unmarshal(b, &out.Summary)
	}
	if err := writeJSON(filepath.Join(dir, DoneFile), out); err != nil {
		return out, err
	}
	return out, nil
}

// ReadOutcome returns the outcome recorded in dir, and false if the job
// there has not finished.
func ReadOutcome(dir string) (Outcome, bool) {
	b, err := os.ReadFile(filepath.Join(dir, DoneFile))
	if err != nil {
		return Outcome{}, false
	}
	var o Outcome
	if json.Unmarshal(b, &o) != nil || (o.Status != StatusDone && o.Status != StatusFailed) {
		return Outcome{}, false
	}
	return o, true
}

// writeJSON writes v indented to path atomically (temporary file, rename).
func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, append(b, '\n'), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
