package agent

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stackel/stackel/rl/env"
)

var registerEndless sync.Once

// TestTestEpisodesOfEndlessEnvironment: on an environment registered
// without a time limit that never terminates (Pendulum without its
// TimeLimit), each test episode is truncated after max(steps_per_epoch,
// 1000) steps, and a training episode is cut at the epoch's end (no
// episode finishes in the epoch). Before the cap the first test episode
// ran until the context was cancelled: RunEpoch returned the guard's
// deadline error. The deadline is only a guard against that hang.
func TestTestEpisodesOfEndlessEnvironment(t *testing.T) {
	const id = "EndlessPendulum-v0"
	registerEndless.Do(func() {
		if err := env.Register(env.Spec{ID: id, New: func() env.Env { return env.NewPendulum() }}); err != nil {
			t.Fatal(err)
		}
	})
	for _, c := range []struct {
		algo          Algo
		stepsPerEpoch int
		wantLen       float64
	}{
		{DDPG, 200, 1000}, // the cap's floor
		{AC, 1200, 1200},  // an epoch longer than 1000 steps
	} {
		cfg := tinyConfig(t, "Pendulum-v1", c.algo, ActorLeads)
		cfg.Env = id
		cfg.StepsPerEpoch, cfg.Steps, cfg.TestEpisodes = c.stepsPerEpoch, 2*c.stepsPerEpoch, 2
		a, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		st, err := a.RunEpoch(ctx)
		cancel()
		if err != nil {
			t.Fatalf("%s on %s: %v", c.algo, id, err)
		}
		if st.TestLength != c.wantLen {
			t.Errorf("%s on %s (steps_per_epoch %d): test length %v, want %v", c.algo, id, c.stepsPerEpoch, st.TestLength, c.wantLen)
		}
		if st.Episodes != 0 || st.Steps != c.stepsPerEpoch {
			t.Errorf("%s on %s: %d training episodes finished in %d steps, want 0 in %d", c.algo, id, st.Episodes, st.Steps, c.stepsPerEpoch)
		}
		a.Close()
	}
}

// TestTestEpisodesKeepSpecLimit: the cap applies only to an environment
// registered without a time limit: Pendulum-v1's test episodes stay 200
// steps, and those of a registered environment whose Spec gives a limit
// longer than max(steps_per_epoch, 1000) run to that limit.
func TestTestEpisodesKeepSpecLimit(t *testing.T) {
	const id = "LongPendulum-v0"
	registerLong.Do(func() {
		if err := env.Register(env.Spec{ID: id, MaxEpisodeSteps: 1100, New: func() env.Env { return env.NewPendulum() }}); err != nil {
			t.Fatal(err)
		}
	})
	for _, c := range []struct {
		env     string
		wantLen float64
	}{{"Pendulum-v1", 200}, {id, 1100}} {
		cfg := tinyConfig(t, "Pendulum-v1", DDPG, ActorLeads)
		cfg.Env, cfg.TestEpisodes = c.env, 1
		a, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		_, length, err := a.evaluate(context.Background())
		if err != nil || length != c.wantLen {
			t.Errorf("%s: test length %v, error %v; want %v, nil", c.env, length, err, c.wantLen)
		}
	}
}

var registerLong sync.Once
