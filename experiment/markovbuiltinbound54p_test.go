package experiment

import "testing"

// TestMarkovBuiltinValueBoundParamLine54p: a built-in whose params put the
// values beyond float64's range (patrol, penalty 1e307, γ = 0.99) is
// refused at the line of the params key the user wrote, naming it and
// what to scale; it named the game's internal entry R2[0][0][1] at
// game:'s line and said to scale "R2 and lambda", neither of which the
// config holds.
func TestMarkovBuiltinValueBoundParamLine54p(t *testing.T) {
	src := "name: m\ndynamics: {kind: stackelberg-pg}\ngame:\n  markov_builtin: patrol\n  params:\n    gamma: 0.99\n    penalty: 1e307\niterations: 5\n"
	cfg, err := ParseConfigAt([]byte(src), "c.yaml", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	got := cfg.Locate(checkMarkov(cfg))
	want := "c.yaml: config: line 7: game.params.penalty = 1e+307: puts the follower's values beyond float64's range: with gamma = 0.99 and lambda = 0.2 they reach up to (max|R2| + lambda·ln 5)/(1 − gamma) = 9e+306/0.01, " +
		"beyond 1.796e+308, float64's largest number less the values' rounding (V2λ would overflow to ±Inf); scale penalty down by a factor above 200.3" +
		", for lambda = 0.2 to stay at least the scaled rewards' markov.MinLambda (a parameter of the markov built-in patrol)"
	if got == nil || got.Error() != want {
		t.Errorf("got  %v\nwant %s", got, want)
	}
}
