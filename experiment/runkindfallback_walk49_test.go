package experiment

import (
	"context"
	"fmt"
	"testing"
)

// A kind of run added beside the built-in ones takes the configurations
// its Match accepts, though smooth's Match accepts them too: smooth is the
// fallback (RunKind.Fallback), taking a configuration only when no other
// kind does. Before session 49 such a configuration was refused as
// "ambiguous, several kinds of run accept it: mine, smooth", so the
// README's recipe for a new kind could not work without editing smooth.go.
// Two kinds that are not fallbacks both matching is still ambiguous.
func TestNewRunKindBesideSmooth49(t *testing.T) {
	kinds := kindsWith(RunKind{Name: "mine", Match: func(c *Config) bool { return c.Name == "mine" }})
	for _, c := range []struct{ yaml, want string }{
		{"name: mine\ngame: {builtin: duopoly}\ndynamics: {kind: sga}\n", "mine"},
		{"name: other\ngame: {builtin: duopoly}\ndynamics: {kind: sga}\n", "smooth"},
		{"name: mine\ngame: {builtin: cournot}\ndynamics: {kind: hic}\nstages: 10\n", "ambiguous"},
	} {
		cfg, err := ParseConfig([]byte(c.yaml))
		if err != nil {
			t.Fatal(err)
		}
		k, err := kindOf(kinds, cfg)
		got := k.Name
		if err != nil {
			got = "ambiguous"
			if err.Error() != "config: ambiguous, several kinds of run accept it: hic, mine" {
				t.Errorf("%q: error %v", c.yaml, err)
			}
		}
		if got != c.want {
			t.Errorf("%q: kind %s, want %s", c.yaml, got, c.want)
		}
	}
}

// CaseFreeKeys are the keys the canonical form lower-cases: each one
// written in upper case gives the job of its lower-case spelling.
func TestCaseFreeKeysAreCanonical49(t *testing.T) {
	vals := map[string][2]string{
		"rl.algo": {"STDDPG", "stddpg"}, "rl.leader": {"Critic", "critic"}, "rl.dtype": {"Float64", "float64"},
		"rl.options.optimizer": {"ADAM", "adam"}, "rl.options.activation": {"Tanh", "tanh"},
		"rl.options.mixed_estimator": {"Authors", "authors"}, "rl.options.hessian_dtype": {"Float64", "float64"},
	}
	keys := CaseFreeKeys()
	if len(keys) != len(vals) {
		t.Fatalf("CaseFreeKeys() = %v; want the %d keys of this test", keys, len(vals))
	}
	for _, k := range keys {
		v, ok := vals[k]
		if !ok {
			t.Fatalf("CaseFreeKeys() has %s, which this test does not know", k)
		}
		var c [2]*Config
		for i, w := range v {
			rl := &RLConfig{Env: "Pendulum-v1", Algo: "stddpg", Extra: map[string]any{}}
			switch k {
			case "rl.algo":
				rl.Algo = w
			case "rl.leader":
				rl.Leader = w
			case "rl.dtype":
				rl.DType = w
			default:
				rl.Extra[k[len("rl.options."):]] = w
			}
			c[i] = &Config{Name: "c", RL: rl}
		}
		a, err := NewJob(c[0], 1, "")
		if err != nil {
			t.Fatal(err)
		}
		b, err := NewJob(c[1], 1, "")
		if err != nil {
			t.Fatal(err)
		}
		if a.ID != b.ID {
			t.Errorf("%s: %s and %s give jobs %s and %s; want one", k, v[0], v[1], a.ID, b.ID)
		}
	}
}

// A job of a kind registered as Resumable is run with RunOptions.Resume,
// as RunKind.Resumable documents, and one of a kind that is not without
// it; before session 49 a job resumed only RL runs (Resume was
// cfg.isRL()), whatever the kind said.
func TestJobResumesAResumableKind49(t *testing.T) {
	for _, resumable := range []bool{true, false} {
		name := fmt.Sprintf("test-resumable49-%v", resumable)
		var got []bool
		RegisterRunKind(RunKind{Name: name, Resumable: resumable,
			Match: func(c *Config) bool { return c.Name == name },
			Run: func(_ context.Context, _ *Config, o RunOptions) (string, error) {
				got = append(got, o.Resume)
				return "ran", nil
			},
			Check: func(*Config) error { return nil }})
		cfg, err := ParseConfig([]byte("name: " + name + "\ngame: {builtin: duopoly}\ndynamics: {kind: sga}\n"))
		if err != nil {
			t.Fatal(err)
		}
		job, err := NewJob(cfg, 1, "")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := RunJob(context.Background(), job, t.TempDir(), nil); err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0] != resumable {
			t.Errorf("Resumable %v: the kind's Run was called with Resume %v; want [%v]", resumable, got, resumable)
		}
	}
}
