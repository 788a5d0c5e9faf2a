package agent

import "testing"

// TestRawAdvantagesText55: RawAdvantages on an off-policy algorithm is
// refused with a text that is true for a Go caller, who set
// RawAdvantages true, as for a configuration, which wrote
// normalize_advantages: false (exact message; the configuration's own
// refusal comes earlier, in experiment, with its own text).
func TestRawAdvantagesText55(t *testing.T) {
	c := tinyConfig(t, "Pendulum-v1", STDDPG, ActorLeads)
	c.RawAdvantages = true
	want := "rl.options.normalize_advantages: false (Config.RawAdvantages true) applies to ac and stac, not stddpg"
	if err := c.Validate(); err == nil || err.Error() != want {
		t.Errorf("Validate: %v, want %q", err, want)
	}
}
