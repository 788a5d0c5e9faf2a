package experiment

import (
	"strings"
	"testing"

	"github.com/stackel/stackel/markov"
)

// TestMarkovHessianKey53: dynamics.hessian (stackelberg-pg) is parsed
// strictly into markov.Config.Hessian; an unknown value, entropy-floor
// with the exact estimator, and the key under simultaneous-pg are errors
// naming the key, and λ = 0 with entropy-floor is refused naming the key
// and where λ = 0 comes from.
func TestMarkovHessianKey53(t *testing.T) {
	for _, c := range []struct {
		name, src, want, hessian string
	}{
		{"absent", "name: m\ngame: {markov_builtin: random}\ndynamics: {kind: stackelberg-pg, estimator: sampled}\n", "", ""},
		{"estimate", "name: m\ngame: {markov_builtin: random}\ndynamics: {kind: stackelberg-pg, estimator: sampled, hessian: estimate}\n", "", markov.HessianEstimate},
		{"entropy-floor", "name: m\ngame: {markov_builtin: random}\ndynamics: {kind: stackelberg-pg, estimator: sampled, hessian: entropy-floor}\n", "", markov.HessianEntropyFloor},
		{"unknown value", "name: m\ngame: {markov_builtin: random}\ndynamics: {kind: stackelberg-pg, estimator: sampled, hessian: floor}\n",
			`config: dynamics.hessian = "floor": need estimate or entropy-floor`, ""},
		{"floor with exact", "name: m\ngame: {markov_builtin: random}\ndynamics: {kind: stackelberg-pg, estimator: exact, hessian: entropy-floor}\n",
			"config: dynamics.hessian = entropy-floor: not used by the exact estimator (a key of estimator: sampled)", ""},
		{"simultaneous-pg", "name: m\ngame: {markov_builtin: random}\ndynamics: {kind: simultaneous-pg, estimator: sampled, hessian: entropy-floor}\n",
			"dynamics.hessian is not used by kind simultaneous-pg", ""},
		{"lambda 0", "name: m\ngame: {markov_builtin: random, params: {lambda: 0}}\ndynamics: {kind: stackelberg-pg, estimator: sampled, hessian: entropy-floor}\n",
			"config: dynamics.hessian = entropy-floor: the floor, λ Σ_s d(s)(diag π2 − π2π2ᵀ), needs the game's lambda > 0, and game.params.lambda is 0", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg, err := ParseConfig([]byte(c.src))
			var mc markov.Config
			if err == nil {
				_, mc, err = markovRun(cfg)
			}
			if c.want == "" {
				if err != nil {
					t.Fatalf("want valid, got %v", err)
				}
				if mc.Hessian != c.hessian {
					t.Errorf("markov.Config.Hessian = %q, want %q", mc.Hessian, c.hessian)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want an error containing %q", err, c.want)
			}
		})
	}
}
