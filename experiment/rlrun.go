package experiment

import (
	"fmt"

	"github.com/stackel/stackel/rl/env"
)

func init() {
	RegisterRunKind(RunKind{Name: "rl", Match: (*Config).isRL, Run: RunRLConfig, Check: checkRL})
}

// checkRL validates an RL run's configuration for a sweep, whose jobs run
// on binaries like this one: besides the configuration itself
// (RLAgentConfig, which answers for any registered task), the task must be
// one this binary can build (a MuJoCo task needs -tags mujoco).
func checkRL(cfg *Config) error {
	if err := envAvailable(cfg.RL.Env); err != nil {
		return err
	}
	_, err := RLAgentConfig(*cfg.RL, cfg.Seed)
	return err
}

// CheckRunnable returns an error if this binary cannot run cfg: an RL run
// on a task it was built without (a MuJoCo task without -tags mujoco).
// Check and the runs themselves refuse such a configuration too;
// CheckRunnable is for those that only list or report runs made
// elsewhere, and must not fail for them, before running some here.
func CheckRunnable(cfg *Config) error {
	if cfg.RL == nil {
		return nil
	}
	return envAvailable(cfg.RL.Env)
}

// envAvailable returns an error, naming rl.env and how to build a binary
// that has it, if this binary cannot build the task called name.
func envAvailable(name string) error {
	if spec, ok := env.Lookup(name); ok {
		if err := spec.Available(); err != nil {
			return fmt.Errorf("rl.env: %w", err)
		}
	}
	return nil
}
