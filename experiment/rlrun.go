package experiment

import (
	"fmt"
	"strings"

	"github.com/stackel/stackel/rl/env"
)

func init() {
	RegisterRunKind(RunKind{Name: "rl", Match: (*Config).isRL, Run: RunRLConfig, Check: checkRL, Resumable: true})
}

// checkRL validates an RL run's configuration for a sweep
// (RLAgentConfig, which answers for any registered task). It does not ask
// whether this binary has the task: a sweep's jobs may run on workers of
// another build (a MuJoCo task on workers built with -tags mujoco); the
// run itself, CheckRunnable and the NATS workers (which hand such a job to
// another worker) answer that.
func checkRL(cfg *Config) error {
	_, err := RLAgentConfig(*cfg.RL, cfg.Seed)
	return err
}

// CheckRunnable returns an error if this binary cannot run cfg: an RL run
// on a task it was built without (a MuJoCo task without -tags mujoco).
// The run itself refuses such a configuration too; CheckRunnable is for
// refusing it before any job starts (a reproduction or a sweep whose jobs
// all run in this process) and for a worker choosing the jobs it takes,
// while listing, checking (Check) and reporting runs made elsewhere must
// not fail for it.
func CheckRunnable(cfg *Config) error {
	if cfg.RL == nil {
		return nil
	}
	return envAvailable(cfg.RL.Env)
}

// CheckJobsRunnable returns an error naming the first of jobs that this
// binary cannot run (CheckRunnable; the error begins with the job's Out):
// for refusing, before any starts, jobs that are all to run in this
// process, while NATS workers or Slurm nodes of another build may have
// the task. A job whose configuration does not parse is left to fail as
// its own error.
func CheckJobsRunnable(jobs []Job) error {
	for _, j := range jobs {
		cfg, err := ParseConfig([]byte(j.Config))
		if err != nil {
			continue
		}
		if err := CheckRunnable(cfg); err != nil {
			return fmt.Errorf("%s: %w", j.Out, err)
		}
	}
	return nil
}

// envAvailable returns an error, naming rl.env and how to build a binary
// that has it, if this binary cannot build the task called name.
func envAvailable(name string) error {
	if spec, ok := env.Lookup(name); ok {
		if err := spec.Available(); err != nil {
			// The key names what env's own "env: " prefix did:
			// "rl.env: env: Hopper-v4 …" said it twice.
			return &lineError{text: "rl.env: " + strings.TrimPrefix(err.Error(), "env: "), err: err}
		}
	}
	return nil
}
