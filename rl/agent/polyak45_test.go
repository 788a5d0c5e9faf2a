package agent

import "testing"

// TestValidatePolyakOne: ρ = 1 in target ← ρ·target + (1−ρ)·online keeps
// the target networks at their initial parameters (optim.Polyak with
// τ = 1 − ρ = 0), so that the critic is fitted to a random network's
// values for ever: Validate refuses it, naming the key and the
// convention, and accepts 0 (copy at once) and values just below 1.
func TestValidatePolyakOne(t *testing.T) {
	for _, algo := range []Algo{DDPG, STSAC} {
		c, err := Defaults("Pendulum-v1", algo)
		if err != nil {
			t.Fatal(err)
		}
		c.Polyak = 1
		want := "rl.options.polyak: 1 keeps the target networks at their initial parameters for ever (target ← ρ·target + (1−ρ)·online, Spinning Up's convention); want [0, 1): 0 copies the networks at once, 0.995 is the default"
		if err := c.Validate(); err == nil || err.Error() != want {
			t.Errorf("%s, polyak 1: Validate = %v, want %s", algo, err, want)
		}
		for _, ok := range []float64{0, 0.995, 0.9999999} {
			c.Polyak = ok
			if err := c.Validate(); err != nil {
				t.Errorf("%s, polyak %v: %v", algo, ok, err)
			}
		}
		c.Polyak = 1.5
		if err := c.Validate(); err == nil || err.Error() != "rl.options.polyak: 1.5 outside [0, 1)" {
			t.Errorf("%s, polyak 1.5: Validate = %v, want rl.options.polyak: 1.5 outside [0, 1)", algo, err)
		}
	}
}
