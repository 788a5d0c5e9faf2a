package experiment

import (
	"reflect"
	"testing"
)

// TestJobIDCanonicalHiCBaseline checks that the spellings of one EMA decay
// in a Hi-C run's baseline give one job ID and count as the same run
// (sameValues), as the numbers of game.params and rl.options do, and that
// another decay gives another ID. Before, `{ema: 9e-1}` (which the YAML
// decoder keeps as text) and `{ema: 0.9}` were two jobs.
func TestJobIDCanonicalHiCBaseline(t *testing.T) {
	hic := func(ema string) string {
		return "name: h\ngame: {builtin: cournot}\ndynamics: {kind: hic, alpha: {constant: 0.1}, delta: {constant: 0.1}, " +
			"commitment: {constant: 10}, follower: {kind: gradient, lr: 0.1}, baseline: {ema: " + ema + "}}\nstages: 10\n"
	}
	for _, group := range [][]string{
		{"0.9", "9e-1", "0.90", "90e-2"},
		{"1e-7", "0.0000001", "1.0e-7", "1e-07"},
		{"0", "0.0", "0e0"},
	} {
		want := mustJob(t, hic(group[0]), 1, "run")
		a, err := ParseConfig([]byte(hic(group[0])))
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range group[1:] {
			if got := mustJob(t, hic(s), 1, "run"); got.ID != want.ID {
				t.Errorf("baseline {ema: %s}: job ID %s, want %s as for {ema: %s}", s, got.ID, want.ID, group[0])
			}
			b, err := ParseConfig([]byte(hic(s)))
			if err != nil {
				t.Fatal(err)
			}
			if !sameValues(a, b) {
				t.Errorf("baseline {ema: %s} and {ema: %s}: not the same values", s, group[0])
			}
		}
	}
	if mustJob(t, hic("0.9"), 1, "run").ID == mustJob(t, hic("0.8"), 1, "run").ID {
		t.Error("baselines {ema: 0.9} and {ema: 0.8} have one job ID")
	}
	// A baseline without numbers is left as it is.
	prev := "name: h\ngame: {builtin: cournot}\ndynamics: {kind: hic, alpha: {constant: 0.1}, delta: {constant: 0.1}, " +
		"commitment: {constant: 10}, follower: {kind: gradient, lr: 0.1}, baseline: previous}\nstages: 10\n"
	cfg, err := ParseConfig([]byte(prev))
	if err != nil {
		t.Fatal(err)
	}
	if _, changed := cfg.canonical(); changed {
		t.Error("baseline previous: canonical form changed")
	}
}

// TestJobIDCaseFreeWords checks that the words of the rl section a run
// reads in any case (rl.algo, rl.leader, rl.dtype and the optimizer,
// activation, mixed_estimator and hessian_dtype options, which
// RLAgentConfig lower-cases) give one job ID and the same run however they
// are capitalised, that a configuration written in lower case keeps the ID
// of its text, and that another word gives another ID. Before, `algo:
// STAC` and `algo: stac` were two jobs.
func TestJobIDCaseFreeWords(t *testing.T) {
	cases := [][2]string{
		{"{env: CartPole-v1, algo: STAC}", "{env: CartPole-v1, algo: stac}"},
		{"{env: Pendulum-v1, algo: StDdpg, leader: Critic}", "{env: Pendulum-v1, algo: stddpg, leader: critic}"},
		{"{env: CartPole-v1, algo: stac, dtype: Float64}", "{env: CartPole-v1, algo: stac, dtype: float64}"},
		{"{env: CartPole-v1, algo: stac, options: {optimizer: SGD, activation: TANH, mixed_estimator: Authors, hessian_dtype: AUTO}}",
			"{env: CartPole-v1, algo: stac, options: {optimizer: sgd, activation: tanh, mixed_estimator: authors, hessian_dtype: auto}}"},
	}
	for _, c := range cases {
		upper := mustJob(t, "name: r\nrl: "+c[0]+"\n", 1, "run")
		lower := mustJob(t, "name: r\nrl: "+c[1]+"\n", 1, "run")
		if upper.ID != lower.ID {
			t.Errorf("rl: %s: job ID %s, want %s as for rl: %s", c[0], upper.ID, lower.ID, c[1])
		}
		a, err := ParseConfig([]byte("name: r\nrl: " + c[0] + "\n"))
		if err != nil {
			t.Fatal(err)
		}
		b, err := ParseConfig([]byte("name: r\nrl: " + c[1] + "\n"))
		if err != nil {
			t.Fatal(err)
		}
		if !sameValues(a, b) {
			t.Errorf("rl: %s and rl: %s: not the same values", c[0], c[1])
		}
		if _, changed := b.canonical(); changed {
			t.Errorf("rl: %s: a lower-case configuration changed in canonical form", c[1])
		}
		fresh, _ := ParseConfig([]byte("name: r\nrl: " + c[0] + "\n"))
		if !reflect.DeepEqual(a.RL, fresh.RL) {
			t.Errorf("rl: %s: canonical changed the configuration itself: %+v", c[0], *a.RL)
		}
	}
	if mustJob(t, "name: r\nrl: {env: Pendulum-v1, algo: STDDPG, leader: critic}\n", 1, "run").ID ==
		mustJob(t, "name: r\nrl: {env: Pendulum-v1, algo: stddpg, leader: actor}\n", 1, "run").ID {
		t.Error("leaders critic and actor have one job ID")
	}
}

// TestJobIDOldSpellingStillChecks checks that a job made before session 36
// with a capitalised word or a Hi-C decay spelt otherwise, whose ID is
// that of its text, still checks.
func TestJobIDOldSpellingStillChecks(t *testing.T) {
	for _, text := range []string{
		"name: r\nseed: 1\nrl: {env: CartPole-v1, algo: STAC, options: {optimizer: SGD}}\n",
		"name: h\nseed: 1\ngame: {builtin: cournot}\ndynamics: {kind: hic, alpha: {constant: 0.1}, delta: {constant: 0.1}, " +
			"commitment: {constant: 10}, follower: {kind: gradient, lr: 0.1}, baseline: {ema: 9e-1}}\nstages: 10\n",
	} {
		j := Job{ID: jobID([]byte(text), 1, ""), Config: text, Seed: 1}
		if err := j.CheckID(); err != nil {
			t.Errorf("%q: %v", text, err)
		}
		if _, err := j.ParseConfig(); err != nil {
			t.Errorf("%q: %v", text, err)
		}
	}
}
