package agent

import (
	"context"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stackel/stackel/rl/env"
)

// misshapen is Pendulum-v1 (observation space Box of 3) whose Step, from
// the instance's step at on, or whose Reset (at 0) returns an observation
// with one coordinate too many: a user's environment whose observations
// do not match its declared space.
type misshapen struct {
	env.Env
	n, at int
}

func (m *misshapen) Step(a []float64) ([]float64, float64, bool, bool) {
	obs, r, term, trunc := m.Env.Step(a)
	if m.n++; m.at > 0 && m.n >= m.at {
		obs = append(append([]float64(nil), obs...), 0)
	}
	return obs, r, term, trunc
}

func (m *misshapen) Reset(rng *rand.Rand) []float64 {
	obs := m.Env.Reset(rng)
	if m.at == 0 {
		obs = append(append([]float64(nil), obs...), 0)
	}
	return obs
}

// TestObservationLengthChecked runs AC and DDPG on environments whose
// observations have 4 coordinates where their space says 3, from a Step
// or from Reset, and checks that the epoch stops with an error naming the
// environment, the step and both lengths. Before session 47 an
// off-policy agent panicked in replay.Buffer.Add ("replay: Add: lengths
// obs=3 action=1 next_obs=4") and Reset's extra coordinate was dropped
// without a word (copied into the agent's 3-element observation).
func TestObservationLengthChecked(t *testing.T) {
	cases := []struct {
		id   string
		at   int
		algo Algo
		want string
	}{
		{"MisshapenStep-v0", 7, DDPG, "MisshapenStep-v0 step 7: the observation has 4 coordinates; its space Box([-1 -1 -8], [1 1 8], (3,)) has 3"},
		{"MisshapenStep-v0", 7, AC, "MisshapenStep-v0 step 7: the observation has 4 coordinates; its space Box([-1 -1 -8], [1 1 8], (3,)) has 3"},
		{"MisshapenReset-v0", 0, DDPG, "MisshapenReset-v0 reset: the observation has 4 coordinates; its space Box([-1 -1 -8], [1 1 8], (3,)) has 3"},
		{"MisshapenReset-v0", 0, AC, "MisshapenReset-v0 reset: the observation has 4 coordinates; its space Box([-1 -1 -8], [1 1 8], (3,)) has 3"},
	}
	for _, c := range cases {
		at := c.at
		registerWrapped(t, c.id, func(inner env.Env) env.Env { return &misshapen{Env: inner, at: at} })
		cfg := tinyConfig(t, "Pendulum-v1", c.algo, ActorLeads)
		cfg.Env = c.id
		cfg.StepsPerEpoch, cfg.Steps = 200, 600
		a, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%s on %s: panic %v, want an error containing %q", c.algo, c.id, r, c.want)
				}
			}()
			_, err = a.RunEpoch(context.Background())
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("%s on %s: error %v, want one containing %q", c.algo, c.id, err, c.want)
			}
		}()
	}
}
