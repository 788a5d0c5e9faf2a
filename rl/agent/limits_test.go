package agent

import (
	"strings"
	"testing"
)

// A limit variable set to something that is not a positive whole number is
// an error naming it from Validate, also for a config built in code (which
// no YAML reading checked first); a valid one applies.
func TestLimitVariablesChecked(t *testing.T) {
	c, err := Defaults("Pendulum-v1", STDDPG)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, env := range []string{"STACKEL_MAX_WIDTH", "STACKEL_MAX_NET_PARAMS", "STACKEL_MAX_BUFFER", "STACKEL_MAX_INNER", "STACKEL_MAX_ACTIVATIONS"} {
		t.Run(env, func(t *testing.T) {
			t.Setenv(env, "12k")
			err := c.Validate()
			if err == nil || !strings.Contains(err.Error(), env+`="12k"`) {
				t.Errorf("%s=12k: %v", env, err)
			}
		})
	}
	t.Setenv("STACKEL_MAX_WIDTH", "1e2")
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "rl.hidden[0]: width 256 exceeds the limit 100") {
		t.Errorf("STACKEL_MAX_WIDTH=1e2: %v", err)
	}
}

// A width within the width limit over an update's batch is refused when
// the batch's hidden activations pass DefaultMaxActivations (before, AC on
// CartPole with hidden [65536] and the default 4000 steps per epoch died
// out of memory): the rows are steps_per_epoch on-policy and batch_size
// off-policy, and the limit is rows × Σ widths.
func TestActivationLimit(t *testing.T) {
	ac, err := Defaults("CartPole-v1", AC)
	if err != nil {
		t.Fatal(err)
	}
	ac.Steps = 4000
	for _, tc := range []struct {
		hidden []int
		want   string // "" for valid
	}{
		{[]int{65536}, "rl.hidden: [65536] with rl.steps_per_epoch 4000 is 262144000 hidden activations per update, over the limit 32000000"},
		{[]int{8001}, "rl.hidden: [8001] with rl.steps_per_epoch 4000 is 32004000 hidden activations"},
		{[]int{4000, 2000, 2000}, ""}, // exactly 32 000 000
	} {
		c := ac
		c.Hidden = tc.hidden
		err := c.Validate()
		if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("AC %v: %v, want %q", tc.hidden, err, tc.want)
		}
	}
	sac, err := Defaults("Pendulum-v1", SAC)
	if err != nil {
		t.Fatal(err)
	}
	sac.Hidden = []int{65536} // 100 rows: 6.5M activations
	if err := sac.Validate(); err != nil {
		t.Errorf("SAC [65536] at batch_size 100: %v", err)
	}
	sac.BatchSize = 1000
	if err := sac.Validate(); err == nil || !strings.Contains(err.Error(), "with rl.options.batch_size 1000 is 65536000 hidden activations per update") {
		t.Errorf("SAC [65536] at batch_size 1000: %v", err)
	}
	t.Setenv("STACKEL_MAX_ACTIVATIONS", "70000000")
	if err := sac.Validate(); err != nil {
		t.Errorf("SAC [65536] at batch_size 1000, STACKEL_MAX_ACTIVATIONS=70000000: %v", err)
	}
}
