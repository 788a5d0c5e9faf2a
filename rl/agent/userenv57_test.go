package agent

import (
	"bytes"
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/stackel/stackel/rl/env"
)

// smallRun shrinks cfg to two short epochs with small networks.
func smallRun(cfg Config) Config {
	cfg.Seed, cfg.Steps, cfg.StepsPerEpoch = 3, 400, 200
	cfg.Hidden, cfg.TestEpisodes = []int{16, 16}, 2
	if !cfg.Algo.OnPolicy() {
		cfg.BatchSize, cfg.StartSteps, cfg.UpdateAfter, cfg.UpdateEvery = 32, 100, 100, 50
	}
	return cfg
}

// runToEnd57 runs a to its end and returns its epochs' statistics.
func runToEnd57(t *testing.T, a *Agent) []EpochStats {
	t.Helper()
	var out []EpochStats
	for !a.Done() {
		st, err := a.RunEpoch(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, st)
	}
	return out
}

// sameStats57 compares epoch statistics bit for bit (the wall-clock
// Seconds aside: sameStats).
func sameStats57(x, y []EpochStats) bool {
	if len(x) != len(y) {
		return false
	}
	for i := range x {
		if !sameStats(x[i], y[i]) {
			return false
		}
	}
	return true
}

// TestNewWithEnvMatchesRegistry57: an agent of NewWithEnv, whose factory
// builds the environment a registered name builds (Make's TimeLimit
// included), runs bit for bit as New's on the name, with Defaults'
// configuration from DefaultsFor; the factory is called with Config.Seed
// for each instance (training, test, Evaluate). Without a TimeLimit the
// test episodes are capped as for a registered environment without one
// (max(StepsPerEpoch, 1000) steps).
func TestNewWithEnvMatchesRegistry57(t *testing.T) {
	cases := []struct {
		name    string
		algo    Algo
		regName string
		newEnv  func() env.Env
	}{
		{"stddpg on Pendulum-v1", STDDPG, "Pendulum-v1", func() env.Env { return env.NewTimeLimit(env.NewPendulum(), 200) }},
		{"stac on CartPole-v1", STAC, "CartPole-v1", func() env.Env { return env.NewTimeLimit(env.NewCartPole(), 500) }},
		{"ac on a Pendulum without a limit", AC, "Pendulum-endless-57", func() env.Env { return env.NewPendulum() }},
	}
	if _, ok := env.Lookup("Pendulum-endless-57"); !ok {
		if err := env.Register(env.Spec{ID: "Pendulum-endless-57", New: func() env.Env { return env.NewPendulum() }}); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var seeds []uint64
			factory := func(seed uint64) (env.Env, error) {
				seeds = append(seeds, seed)
				return c.newEnv(), nil
			}
			want, err := Defaults(c.regName, c.algo)
			if err != nil {
				t.Fatal(err)
			}
			got, err := DefaultsFor("Mine-v0", factory, c.algo)
			if err != nil {
				t.Fatal(err)
			}
			want.Env = "Mine-v0"
			if !reflect.DeepEqual(got, want) {
				t.Errorf("DefaultsFor = %+v\nwant Defaults' %+v", got, want)
			}
			want = smallRun(want)
			want.Env = c.regName
			ref, err := New(want)
			if err != nil {
				t.Fatal(err)
			}
			refStats := runToEnd57(t, ref)

			cfg := smallRun(got)
			seeds = nil
			a, err := NewWithEnv(cfg, factory)
			if err != nil {
				t.Fatal(err)
			}
			stats := runToEnd57(t, a)
			if !sameStats57(stats, refStats) {
				t.Errorf("NewWithEnv's run differs from New's on %s:\n%+v\n%+v", c.regName, stats, refStats)
			}
			if a.testLimit != ref.testLimit {
				t.Errorf("test episode cap %d, New's %d", a.testLimit, ref.testLimit)
			}
			ep1, err := a.Evaluate(context.Background(), EvalOptions{Episodes: 2, Seed: 9})
			if err != nil {
				t.Fatal(err)
			}
			ep2, err := ref.Evaluate(context.Background(), EvalOptions{Episodes: 2, Seed: 9})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(ep1, ep2) {
				t.Errorf("Evaluate: %+v, New's agent %+v", ep1, ep2)
			}
			if want := []uint64{3, 3, 3}; !reflect.DeepEqual(seeds, want) {
				t.Errorf("factory called with seeds %v, want %v (training, test, Evaluate)", seeds, want)
			}
		})
	}
}

// TestLoadWithEnvResumes57: a checkpoint of a NewWithEnv agent saved after
// its first epoch, read by LoadWithEnv with the same factory, continues
// bit for bit as the straight run; Load, which looks the name up in the
// registry, refuses it naming the environment.
func TestLoadWithEnvResumes57(t *testing.T) {
	factory := func(uint64) (env.Env, error) { return env.NewTimeLimit(env.NewPendulum(), 200), nil }
	cfg, err := DefaultsFor("MyPendulum-57", factory, STDDPG)
	if err != nil {
		t.Fatal(err)
	}
	cfg = smallRun(cfg)
	straight, err := NewWithEnv(cfg, factory)
	if err != nil {
		t.Fatal(err)
	}
	want := runToEnd57(t, straight)

	a, err := NewWithEnv(cfg, factory)
	if err != nil {
		t.Fatal(err)
	}
	first, err := a.RunEpoch(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var ck bytes.Buffer
	if err := a.Save(&ck); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(bytes.NewReader(ck.Bytes())); err == nil || !strings.Contains(err.Error(), `EnvFactory (NewWithEnv), named "MyPendulum-57" but not the registry's: load it with agent.LoadWithEnv`) {
		t.Errorf("Load of a NewWithEnv checkpoint: %v, want an error pointing to LoadWithEnv", err)
	}
	b, err := LoadWithEnv(bytes.NewReader(ck.Bytes()), factory)
	if err != nil {
		t.Fatal(err)
	}
	got := append([]EpochStats{first}, runToEnd57(t, b)...)
	if !sameStats57(got, want) {
		t.Errorf("resumed run %+v\nstraight run %+v", got, want)
	}
}

// TestNewWithEnvErrors57: what NewWithEnv, LoadWithEnv and DefaultsFor
// refuse, with errors naming it.
func TestNewWithEnvErrors57(t *testing.T) {
	good := func(uint64) (env.Env, error) { return env.NewTimeLimit(env.NewPendulum(), 200), nil }
	cfg, err := DefaultsFor("P-57", good, STDDPG)
	if err != nil {
		t.Fatal(err)
	}
	calls := 0
	cases := []struct {
		name    string
		cfg     Config
		factory EnvFactory
		want    string
	}{
		{"nil factory", cfg, nil, "agent: NewWithEnv: nil EnvFactory"},
		{"empty name", func() Config { c := cfg; c.Env = ""; return c }(), good,
			"agent: NewWithEnv: rl.env (Config.Env) is empty: name the environment the factory builds (it labels errors and checkpoints; it need not be registered)"},
		{"factory error", cfg, func(uint64) (env.Env, error) { return nil, errors.New("no such mass") },
			"agent: NewWithEnv: rl.env: P-57: the EnvFactory: no such mass"},
		{"nil environment", cfg, func(uint64) (env.Env, error) { var p *env.Pendulum; return p, nil },
			"agent: NewWithEnv: rl.env: P-57: the EnvFactory returned no environment"},
		{"spaces differ", cfg, func(uint64) (env.Env, error) {
			calls++
			if calls == 1 {
				return env.NewPendulum(), nil
			}
			return env.NewMountainCarContinuous(), nil
		}, "rl.env: P-57: the EnvFactory built an instance with spaces Box([-1.2 -0.07], [0.6 0.07], (2,)) and Box([-1], [1], (1,)), the first had Box([-1 -1 -8], [1 1 8], (3,)) and Box([-2], [2], (1,)); every instance needs the same"},
		{"discrete actions for stddpg", cfg, func(uint64) (env.Env, error) { return env.NewCartPole(), nil },
			"rl.algo: stddpg needs continuous actions, P-57 has Discrete(2)"},
		{"invalid field", func() Config { c := cfg; c.Gamma = 2; return c }(), good, "rl.options.gamma: 2 outside [0, 1]"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a, err := NewWithEnv(c.cfg, c.factory)
			if err == nil || err.Error() != c.want {
				t.Errorf("err = %v\nwant %q", err, c.want)
			}
			if a != nil {
				t.Errorf("agent %v with the error", a)
			}
		})
	}
	if _, err := LoadWithEnv(bytes.NewReader(nil), nil); err == nil || err.Error() != "agent: LoadWithEnv: nil EnvFactory" {
		t.Errorf("LoadWithEnv(nil factory): %v", err)
	}
	if _, err := DefaultsFor("", good, STDDPG); err == nil || !strings.HasPrefix(err.Error(), "agent: DefaultsFor: rl.env (Config.Env) is empty") {
		t.Errorf("DefaultsFor(\"\"): %v", err)
	}
}
