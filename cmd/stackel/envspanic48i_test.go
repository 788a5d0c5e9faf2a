package main

import (
	"testing"

	"github.com/stackel/stackel/rl/env"
)

// panicSpace48i is a Space whose String panics (a bug in a user's space).
type panicSpace48i struct{ env.Discrete }

func (panicSpace48i) String() string { panic("no words") }

// TestEnvsSpaceThatPanics48i: `stackel envs` lists an environment it
// cannot describe (a space whose String panics, a Box whose bounds differ
// in length, a New that panics) as not available, with an error naming
// the environment and the panic, as it lists one whose space is nil; it
// panicked on them (session 48 caught only nil spaces and environments).
func TestEnvsSpaceThatPanics48i(t *testing.T) {
	for _, c := range []struct {
		spec             env.Spec
		obs, act, errMsg string
	}{
		{env.Spec{ID: "S-v0", Tag: "custom", Obs: env.Discrete{N: 3}, Act: panicSpace48i{env.Discrete{N: 2}}},
			"Discrete(3)", "—", "env: S-v0: its action space cannot be described: panic: no words"},
		{env.Spec{ID: "B-v0", Tag: "custom", Obs: &env.Box{Low: []float64{0, 0}, High: []float64{1}}, Act: env.Discrete{N: 2}},
			"—", "Discrete(2)", "env: B-v0: its observation space cannot be described: panic: runtime error: index out of range [1] with length 1"},
		{env.Spec{ID: "N-v0", New: func() env.Env { panic("cannot build") }},
			"—", "—", "env: N-v0: its observation space cannot be described: panic: cannot build"},
	} {
		r := envRow(c.spec.ID, c.spec)
		if r.Available || r.Observation != c.obs || r.Action != c.act || r.Error != c.errMsg {
			t.Errorf("%s: available %v, observation %q, action %q, error %q\nwant not available, %q, %q, %q",
				c.spec.ID, r.Available, r.Observation, r.Action, r.Error, c.obs, c.act, c.errMsg)
		}
	}
}
