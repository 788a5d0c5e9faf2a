package experiment

import (
	"context"
	"fmt"
	"io"
)

// Check validates cfg beyond parsing without running it: it builds what a
// run would build (the RL agent's configuration; the game, dynamics and
// initial strategies of a smooth run; the Hi-C schedules; the Markov game
// and its settings), so that a sweep can reject an invalid combination of
// keys before any job starts. A configuration built in code gets the
// checks ParseConfig makes of the sections it combines first (a missing
// game is an error, not a nil-pointer panic).
func Check(cfg *Config) error {
	if err := checkBuilt(cfg); err != nil {
		return err
	}
	k, err := KindOf(cfg)
	if err != nil {
		return err
	}
	return k.Check(cfg)
}

// CheckName returns an error for a run name that would leave the output
// directory or is not a plain file name (the rule a config's name key
// follows); "" is allowed (no name).
func CheckName(name string) error { return checkName(name) }

// SetDir sets the directory that relative paths in cfg (a Markov game
// spec) are resolved against, as LoadConfig does for a file's directory.
func (c *Config) SetDir(dir string) { c.dir = dir }

// RunJobThreads is RunJob with the thread count of an RL run whose config
// does not set rl.threads (0: all cores): an executor that runs several
// jobs at once on a machine gives each its share of the cores.
func RunJobThreads(ctx context.Context, job Job, outDir string, progress ProgressFunc, threads int) (JobRecord, error) {
	return runJob(ctx, job, outDir, JobOptions{Progress: progress, Threads: threads})
}

// JobOptions are the settings of RunJobWith.
type JobOptions struct {
	// Progress, when not nil, is told of the run's progress.
	Progress ProgressFunc
	// Threads is the thread count of an RL run whose config does not set
	// rl.threads (0: all cores).
	Threads int
	// Ended, when not nil, is called once the job has ended (done or
	// failed; not when it was interrupted or found finished), after its
	// job.json is written and while the job still holds its directory's
	// claim, so that what it writes there (sweep's attempt.json) cannot
	// land beside another process's run of the directory. Its error is
	// returned when the run had none.
	Ended func(JobRecord) error
	// Warnings, when not nil, receives the run's warning lines
	// (RunOptions.Warnings: CG or a best response stopped at its cap),
	// however the run ended.
	Warnings io.Writer
}

// RunJobWith is RunJob with JobOptions.
func RunJobWith(ctx context.Context, job Job, outDir string, opt JobOptions) (JobRecord, error) {
	return runJob(ctx, job, outDir, opt)
}

// checkBuilt applies to cfg, which may have been built in code rather than
// parsed, the checks of its sections that ParseConfig makes (validate):
// Run and Check take any *Config.
func checkBuilt(cfg *Config) error {
	if cfg == nil {
		return fmt.Errorf("config: no configuration (nil *Config)")
	}
	return cfg.validate()
}
