package sweep

import (
	"context"
	"encoding/json"
	"io"
	"path/filepath"
	"time"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/internal/safeyaml"
)

// AttemptFile in a job's directory records who ran the job's last attempt
// (the Attempt), beside experiment's job.json (status and error) and the
// run's outputs.
const AttemptFile = "attempt.json"

// Job statuses in sweep.json: experiment's (running, done, failed) and the
// queue's.
const (
	StatusQueued    = "queued"
	StatusRunning   = experiment.JobRunning
	StatusDone      = experiment.JobDone
	StatusFailed    = experiment.JobFailed
	StatusCancelled = "cancelled"
	StatusMissing   = "missing"
)

// Attempt records the attempt that finished a job.
type Attempt struct {
	// Worker names who ran it (host:pid); Attempts counts the deliveries
	// of the job, this one included.
	Worker   string `json:"worker,omitempty"`
	Attempts int    `json:"attempts"`
	// WallSeconds is the attempt's wall time.
	WallSeconds float64 `json:"wall_seconds"`
}

// RunOptions are the context of one attempt at a job.
type RunOptions struct {
	// Worker and Attempt are recorded in attempt.json.
	Worker  string
	Attempt int
	// Progress, when not nil, is told of the run's progress (for an RL run,
	// after each epoch and its checkpoint).
	Progress experiment.ProgressFunc
	// Threads is the thread count of an RL run that does not set
	// rl.threads (0: all cores).
	Threads int
	// Warnings, when not nil, receives the run's warning lines
	// (experiment.JobOptions.Warnings: CG or a best response stopped at
	// its cap), however the run ended.
	Warnings io.Writer
}

// RunJob runs j into dir with experiment.RunJob (an RL job resumes from
// dir/checkpoint.gob; a finished one is not rerun) and, when the job ends
// (done or failed), writes dir/attempt.json while the job still holds its
// claim on dir (experiment.JobOptions.Ended). The error is experiment's:
// with a record whose status is failed for the job's own error, without
// one when the attempt was interrupted or could not run.
func RunJob(ctx context.Context, j experiment.Job, dir string, opt RunOptions) (experiment.JobRecord, error) {
	start := time.Now()
	if rec, finished, err := experiment.JobState(dir, j); err != nil || finished {
		return rec, err
	}
	return experiment.RunJobWith(ctx, j, dir, experiment.JobOptions{Progress: opt.Progress, Threads: opt.Threads, Warnings: opt.Warnings,
		// Written under the job's claim on dir, beside its job.json.
		Ended: func(experiment.JobRecord) error {
			a := Attempt{Worker: opt.Worker, Attempts: opt.Attempt, WallSeconds: time.Since(start).Seconds()}
			return experiment.WriteJSON(dir, AttemptFile, a)
		}})
}

// readAttempt reads dir/attempt.json.
func readAttempt(dir string) (Attempt, bool) {
	var a Attempt
	b, err := safeyaml.ReadOwnFile(filepath.Join(dir, AttemptFile))
	if err != nil || json.Unmarshal(b, &a) != nil {
		return a, false
	}
	return a, true
}

// readSummary reads dir/summary.json.
func readSummary(dir string) map[string]any {
	var m map[string]any
	if b, err := safeyaml.ReadOwnFile(filepath.Join(dir, experiment.SummaryFile)); err == nil {
		json.Unmarshal(b, &m)
	}
	return m
}
