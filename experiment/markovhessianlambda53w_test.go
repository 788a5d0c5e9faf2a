package experiment

import (
	"os"
	"path/filepath"
	"testing"
)

// TestMarkovHessianLambdaZeroRemedy53w: dynamics.hessian: entropy-floor on
// a game with λ = 0 is refused at the key's line, saying where the game's
// λ = 0 comes from (game.params.lambda, or the spec file's lambda) and
// what to do, once. It used to read `dynamics.hessian = entropy-floor:
// markov: config: hessian = "entropy-floor" needs the game's lambda > 0
// (…); lambda = 0`: the key and value twice, markov's own prefix, and no
// remedy.
func TestMarkovHessianLambdaZeroRemedy53w(t *testing.T) {
	dir := t.TempDir()
	spec := "gamma: 0.9\nlambda: 0\nstates: 1\nactions: [2, 2]\nrho: [1]\nP:\n  - [[[1], [1]], [[1], [1]]]\nR1:\n  - [[1, 0], [0, 1]]\nR2:\n  - [[0, 1], [1, 0]]\n"
	if err := os.WriteFile(filepath.Join(dir, "zero.yaml"), []byte(spec), 0o644); err != nil {
		t.Fatal(err)
	}
	const floor = "dynamics.hessian = entropy-floor: the floor, λ Σ_s d(s)(diag π2 − π2π2ᵀ), needs the game's lambda > 0, and "
	const remedy = " is 0; use hessian: estimate (the default), or a game with lambda > 0"
	for _, c := range []struct {
		name, game, want string
	}{
		{"built-in", "{markov_builtin: random, params: {lambda: 0}}", "l0.yaml: config: line 6: " + floor + "game.params.lambda" + remedy},
		{"spec file", "{markov: zero.yaml}", "l0.yaml: config: line 6: " + floor + "the lambda of game.markov zero.yaml" + remedy},
	} {
		t.Run(c.name, func(t *testing.T) {
			src := "name: m\ngame: " + c.game + "\ndynamics:\n  kind: stackelberg-pg\n  estimator: sampled\n  hessian: entropy-floor\n"
			cfg, err := ParseConfigAt([]byte(src), "l0.yaml", dir)
			if err != nil {
				t.Fatal(err)
			}
			got := cfg.Locate(checkMarkov(cfg))
			if got == nil || got.Error() != c.want {
				t.Errorf("got  %v\nwant %s", got, c.want)
			}
		})
	}
}
