package agent

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"github.com/stackel/stackel/rl/env"
)

// poisoned is Pendulum-v1 returning a non-finite reward or observation
// coordinate at one step of the instance's life, counted over episodes:
// a stand-in for unstable physics or a user's environment.
type poisoned struct {
	env.Env
	n, at int
	obs   int // the observation coordinate to poison; −1: the reward
	value float64
}

func (p *poisoned) Step(a []float64) ([]float64, float64, bool, bool) {
	obs, r, term, trunc := p.Env.Step(a)
	if p.n++; p.n == p.at {
		obs = append([]float64(nil), obs...)
		if p.obs < 0 {
			r = p.value
		} else {
			obs[p.obs] = p.value
		}
	}
	return obs, r, term, trunc
}

func (p *poisoned) Reset(rng *rand.Rand) []float64 { return p.Env.Reset(rng) }

var (
	wrappedMu  sync.Mutex
	wrappedIDs = map[string]bool{}
)

// registerWrapped registers, once per test binary (-count=2 runs a test
// again), the environment id: Pendulum-v1 with every instance wrapped by
// wrap.
func registerWrapped(t *testing.T, id string, wrap func(env.Env) env.Env) {
	t.Helper()
	wrappedMu.Lock()
	defer wrappedMu.Unlock()
	if wrappedIDs[id] {
		return
	}
	if err := env.Register(env.Spec{ID: id, New: func() env.Env {
		inner, err := env.Make("Pendulum-v1")
		if err != nil {
			panic(err)
		}
		return wrap(inner)
	}}); err != nil {
		t.Fatal(err)
	}
	wrappedIDs[id] = true
}

// registerPoisoned registers, once per test binary, the environment id:
// Pendulum-v1 whose every instance returns value at its step at, in the
// reward (obs −1) or in observation coordinate obs.
func registerPoisoned(t *testing.T, id string, at, obs int, value float64) {
	t.Helper()
	registerWrapped(t, id, func(inner env.Env) env.Env {
		return &poisoned{Env: inner, at: at, obs: obs, value: value}
	})
}

// TestNonFiniteEnvironmentStops runs DDPG and AC on environments that
// return NaN or ±Inf once, at step 150 of the training instance, and
// checks that the epoch stops there with an error naming the
// environment, the step and the quantity — before, the value entered the
// replay buffer or the rollout and the run stopped later on a NaN loss,
// naming the update. Every instance is poisoned at its step 150, which the
// training instance reaches first (an epoch is 200 steps): the error must
// not come from the test episodes. (It once did: the test instance was
// poisoned at step 150 by a count of instances built that the spaces'
// look-ups also advance, and the message contains the training one's.)
func TestNonFiniteEnvironmentStops(t *testing.T) {
	cases := []struct {
		id    string
		obs   int
		value float64
		algo  Algo
		want  string
	}{
		{"PoisonedReward-v0", -1, math.NaN(), DDPG, "PoisonedReward-v0 step 150: the reward is NaN"},
		{"PoisonedObs-v0", 1, math.Inf(1), AC, "PoisonedObs-v0 step 150: observation[1] is +Inf"},
	}
	for _, c := range cases {
		registerPoisoned(t, c.id, 150, c.obs, c.value)
		cfg := tinyConfig(t, "Pendulum-v1", c.algo, ActorLeads)
		cfg.Env = c.id
		cfg.StepsPerEpoch, cfg.Steps = 200, 600
		a, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		_, err = a.RunEpoch(context.Background())
		if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "test episode") {
			t.Errorf("%s on %s: error %v, want one containing %q from the training steps", c.algo, c.id, err, c.want)
		}
	}
}

// TestNonFiniteTestEpisodeStep: a NaN reward from the test environment at
// step 5 of its second episode (Pendulum-v1's episodes are 200 steps) is
// reported as "test episode 2: … step 5", the step within that episode (it
// said step 205, the steps of all test episodes so far). Every instance is
// poisoned at its step 205, which the training instance (one epoch of 200
// steps) does not reach.
func TestNonFiniteTestEpisodeStep(t *testing.T) {
	const id = "PoisonedTestEnv-v0"
	registerPoisoned(t, id, 205, -1, math.NaN())
	cfg := tinyConfig(t, "Pendulum-v1", DDPG, ActorLeads)
	cfg.Env = id
	cfg.StepsPerEpoch, cfg.Steps = 200, 600
	a, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	_, err = a.RunEpoch(context.Background())
	const want = "test episode 2: " + id + " step 5: the reward is NaN"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("error %v, want one containing %q", err, want)
	}
}

// TestEvaluateHonoursContext: the test episodes check the context every
// 512 steps over all episodes, as training does: with it cancelled, three
// Pendulum episodes (200 steps each) stop at step 512, in the third
// episode, with the context's error. They ignored it (Ctrl-C waited for
// ten MuJoCo episodes, 10⁴ steps).
func TestEvaluateHonoursContext(t *testing.T) {
	cfg := tinyConfig(t, "Pendulum-v1", DDPG, ActorLeads)
	cfg.TestEpisodes = 3
	a, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, _, err = a.evaluate(ctx)
	if want := "test episode 3: context canceled"; err == nil || err.Error() != want || !errors.Is(err, context.Canceled) {
		t.Errorf("evaluate with a cancelled context: %v, want %q wrapping context.Canceled", err, want)
	}
	if _, _, err := a.evaluate(context.Background()); err != nil {
		t.Errorf("evaluate: %v", err)
	}
}
