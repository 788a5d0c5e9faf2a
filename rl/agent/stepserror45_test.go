package agent

import (
	"errors"
	"testing"
)

// TestValidateStepsRefusalIsStepsError: Validate's refusals of rl.steps
// as too short for the other settings (within the first epoch; before
// the first off-policy update) are *StepsError, with their texts as
// before; a refusal of another key is not.
func TestValidateStepsRefusalIsStepsError(t *testing.T) {
	for _, c := range []struct {
		name  string
		env   string
		algo  Algo
		edit  func(*Config)
		want  string
		steps bool
	}{
		{"within the first epoch", "CartPole-v1", AC, func(c *Config) { c.StepsPerEpoch = 100000000 },
			"rl.steps: 300000 is less than one epoch (steps_per_epoch 100000000)", true},
		{"before the first update", "Pendulum-v1", DDPG, func(c *Config) { c.UpdateAfter = 100000000 },
			"rl.steps: 50000 ends before the first update (step 100000000: the first multiple of rl.options.update_every 50 at or after rl.options.update_after 100000000); ddpg would never update its networks: give more steps or a smaller update_after", true},
		{"another key", "CartPole-v1", AC, func(c *Config) { c.Unroll = 0 },
			"rl.unroll: 0 must be positive", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg, err := Defaults(c.env, c.algo)
			if err != nil {
				t.Fatal(err)
			}
			c.edit(&cfg)
			err = cfg.Validate()
			if err == nil || err.Error() != c.want {
				t.Fatalf("Validate: got %v, want %s", err, c.want)
			}
			var se *StepsError
			if got := errors.As(err, &se); got != c.steps {
				t.Errorf("errors.As(%v, *StepsError) = %v, want %v", err, got, c.steps)
			}
		})
	}
}
