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
	for _, env := range []string{"STACKEL_MAX_WIDTH", "STACKEL_MAX_NET_PARAMS", "STACKEL_MAX_BUFFER", "STACKEL_MAX_INNER"} {
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
