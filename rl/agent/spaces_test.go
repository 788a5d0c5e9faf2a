package agent

import (
	"math"
	"strings"
	"sync"
	"testing"

	"github.com/stackel/stackel/rl/env"
)

// unboundedAct is Pendulum-v1 declaring its action space as all of ℝ, as a
// user's environment registered with env.Register may.
type unboundedAct struct{ env.Env }

func (unboundedAct) ActionSpace() env.Space {
	return env.NewBox([]float64{math.Inf(-1)}, []float64{math.Inf(1)})
}

var registerUnbounded sync.Once

// TestOffPolicyRefusesUnboundedActionBox: DDPG and SAC squash their
// policy's output into the action box, so an environment whose box has an
// infinite bound is refused by Defaults (and so Validate and New) with an
// error naming the algorithm, the environment and the bound. It passed
// Validate, and New panicked in package nn ("nn.NewDeterministic: action
// bound 0 is [-Inf, +Inf]"). AC, whose Gaussian policy needs no bounds,
// still builds.
func TestOffPolicyRefusesUnboundedActionBox(t *testing.T) {
	const id = "UnboundedActions-v0"
	registerUnbounded.Do(func() {
		if err := env.Register(env.Spec{ID: id, MaxEpisodeSteps: 200, New: func() env.Env {
			inner, err := env.Make("Pendulum-v1")
			if err != nil {
				panic(err)
			}
			return unboundedAct{inner}
		}}); err != nil {
			t.Fatal(err)
		}
	})
	for _, algo := range []Algo{DDPG, STDDPG, SAC, STSAC} {
		want := "rl.algo: " + string(algo) + " squashes its actions into the action box and needs finite bounds low ≤ high; " + id + "'s action 0 is in [-Inf, +Inf]"
		if _, err := Defaults(id, algo); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Defaults(%s, %s): %v, want an error containing %q", id, algo, err, want)
		}
		cfg, err := Defaults("Pendulum-v1", algo)
		if err != nil {
			t.Fatal(err)
		}
		cfg.Env = id
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("New(%s on %s) panicked: %v", algo, id, r)
				}
			}()
			if _, err := New(cfg); err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("New(%s on %s): %v, want an error containing %q", algo, id, err, want)
			}
		}()
	}
	cfg, err := Defaults(id, AC)
	if err != nil {
		t.Fatalf("Defaults(%s, ac): %v", id, err)
	}
	a, err := New(cfg)
	if err != nil {
		t.Fatalf("New(ac on %s): %v", id, err)
	}
	a.Close()
}

// overridden is an environment with its action or observation space
// replaced (nil fields keep the inner one's; nilAct makes the action space
// nil).
type overridden struct {
	env.Env
	act, obs env.Space
	nilAct   bool
}

func (o overridden) ActionSpace() env.Space {
	if o.nilAct {
		return nil
	}
	if o.act != nil {
		return o.act
	}
	return o.Env.ActionSpace()
}

func (o overridden) ObservationSpace() env.Space {
	if o.obs != nil {
		return o.obs
	}
	return o.Env.ObservationSpace()
}

var registerEmptySpaces sync.Once

// TestEmptySpacesRefused: an environment with no actions (Discrete{N: 0},
// a zero-dimensional box), a nil action space, or a zero-dimensional
// observation space is refused by Defaults and New with an error naming
// the environment and the space. Before, Defaults and Validate accepted
// them and New panicked in package nn ("nn.NewCategorical: 0 actions",
// "nn: Params.Add(4, 0): dimensions must be positive", "Params.Add(0, 4)")
// or on a nil pointer.
func TestEmptySpacesRefused(t *testing.T) {
	empty := env.NewBox([]float64{}, []float64{})
	cases := []struct {
		id, base string
		o        overridden
		algo     Algo
		want     string
	}{
		{"NoDiscreteActions-v0", "CartPole-v1", overridden{act: env.Discrete{N: 0}}, AC,
			"rl.env: NoDiscreteActions-v0's action space Discrete(0) has no actions; want N ≥ 1"},
		{"NoBoxActions-v0", "Pendulum-v1", overridden{act: empty}, STAC,
			"rl.env: NoBoxActions-v0's action space Box([], [], (0,)) has no actions or unpaired bounds; want a box of one dimension or more"},
		{"NoBoxActionsOff-v0", "Pendulum-v1", overridden{act: empty}, SAC,
			"rl.env: NoBoxActionsOff-v0's action space Box([], [], (0,)) has no actions or unpaired bounds; want a box of one dimension or more"},
		{"NilActions-v0", "Pendulum-v1", overridden{nilAct: true}, AC,
			"rl.env: NilActions-v0 has no action space (its ActionSpace is nil)"},
		{"NoObservations-v0", "Pendulum-v1", overridden{obs: empty}, DDPG,
			"rl.env: NoObservations-v0's observation space Box([], [], (0,)) is empty; the networks need at least one input"},
	}
	registerEmptySpaces.Do(func() {
		for _, c := range cases {
			if err := env.Register(env.Spec{ID: c.id, MaxEpisodeSteps: 50, New: func() env.Env {
				inner, err := env.Make(c.base)
				if err != nil {
					panic(err)
				}
				o := c.o
				o.Env = inner
				return o
			}}); err != nil {
				t.Fatal(err)
			}
		}
	})
	for _, c := range cases {
		if _, err := Defaults(c.id, c.algo); err == nil || err.Error() != c.want {
			t.Errorf("Defaults(%s, %s): %v, want %q", c.id, c.algo, err, c.want)
		}
		cfg, err := Defaults(c.base, c.algo)
		if err != nil {
			t.Fatal(err)
		}
		cfg.Env = c.id
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("New(%s on %s) panicked: %v", c.algo, c.id, r)
				}
			}()
			if _, err := New(cfg); err == nil || err.Error() != c.want {
				t.Errorf("New(%s on %s): %v, want %q", c.algo, c.id, err, c.want)
			}
		}()
	}
}
