package experiment

import (
	"testing"
)

// TestMarkovHessianLambdaZeroLocated53r2: dynamics.hessian: entropy-floor
// on a game with λ = 0 is refused with the file, the key's line and the
// value, as the other dynamics keys' errors are (it was markov's message
// alone, without file, line or the config's key).
func TestMarkovHessianLambdaZeroLocated53r2(t *testing.T) {
	src := "name: m\ngame: {markov_builtin: random, params: {lambda: 0}}\ndynamics:\n  kind: stackelberg-pg\n  estimator: sampled\n  hessian: entropy-floor\n"
	cfg, err := ParseConfigAt([]byte(src), "l0.yaml", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	got := cfg.Locate(checkMarkov(cfg))
	want := `l0.yaml: config: line 6: dynamics.hessian = entropy-floor: the floor, λ Σ_s d(s)(diag π2 − π2π2ᵀ), needs the game's lambda > 0, and game.params.lambda is 0; use hessian: estimate (the default), or a game with lambda > 0`
	if got == nil || got.Error() != want {
		t.Errorf("got  %v\nwant %s", got, want)
	}
}
