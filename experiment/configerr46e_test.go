package experiment

import (
	"os"
	"path/filepath"
	"testing"
)

// configErrorText writes src to a file c.yaml, loads it and checks it as `stackel
// run` does, and returns the error's text after the file's path ("" for
// none).
func configErrorText(t *testing.T, src string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "c.yaml")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := LoadConfig(path)
	if err == nil {
		err = cfg.Locate(Check(cfg))
	}
	if err == nil {
		return ""
	}
	text := err.Error()
	if len(text) < len(path)+2 || text[:len(path)+2] != path+": " {
		t.Fatalf("error %q does not begin with the file's path", text)
	}
	return text[len(path)+2:]
}

// TestUnrolledSolverMissingKey46e: the unrolled solver's steps and lr are
// required, with no default (README "Configuration"). Left out, each is
// reported as missing, with the line of the solver block that lacks it;
// before session 46 the error quoted a value the file does not hold
// ("dynamics.solver.steps: 0: …") and had no line. Written as null, as
// missing too (since session 47). Written as 0, the key's own line and
// value, as before.
func TestUnrolledSolverMissingKey46e(t *testing.T) {
	const head = "game:\n  builtin: duopoly\ndynamics:\n  kind: stackelberg\n"
	for _, c := range []struct{ name, src, want string }{
		{"flow, both missing", head + "  solver: {kind: unrolled, lambda: 0}\niterations: 10\n",
			"config: line 5: dynamics.solver: steps: missing (the unrolled solver requires steps, a whole number ≥ 1; it has no default)"},
		{"block, lr missing", head + "  solver:\n    kind: unrolled\n    steps: 3\niterations: 10\n",
			"config: line 5: dynamics.solver: lr: missing (the unrolled solver requires lr, a finite step > 0; it has no default)"},
		{"steps written as 0", head + "  solver:\n    kind: unrolled\n    lr: 0.1\n    steps: 0\n",
			"config: line 8: dynamics.solver.steps: 0: the unrolled solver needs steps ≥ 1"},
		{"lr written as 0", head + "  solver: {kind: unrolled, steps: 2,\n    lr: 0}\n",
			"config: line 6: dynamics.solver.lr: 0: the unrolled solver needs a finite step lr > 0"},
		// A null decodes to 0 as a key left out does; before session 47
		// it was quoted as "steps: 0", a value the file does not hold.
		{"steps written as null", head + "  solver: {kind: unrolled, steps: null, lr: 0.5}\niterations: 10\n",
			"config: line 5: dynamics.solver: steps: missing (the unrolled solver requires steps, a whole number ≥ 1; it has no default)"},
		{"lr written as ~", head + "  solver:\n    kind: unrolled\n    steps: 3\n    lr: ~\n",
			"config: line 8: dynamics.solver: lr: missing (the unrolled solver requires lr, a finite step > 0; it has no default)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := configErrorText(t, c.src); got != c.want {
				t.Errorf("config:\n%s\n got %s\nwant %s", c.src, got, c.want)
			}
		})
	}
}

// TestMarkovBuiltinParamError46e: a Markov built-in's parameter that its
// builder refuses is reported under the key the user wrote,
// game.params.NAME (as the README writes the random built-in's
// parameters), with that key's line; before session 46 the error named
// game.markov_builtin and its line ("game.markov_builtin: markov:
// built-in \"random\": parameter states = 4.5 must be an integer").
func TestMarkovBuiltinParamError46e(t *testing.T) {
	const tail = "dynamics: {kind: stackelberg-pg}\niterations: 2\n"
	for _, c := range []struct{ name, src, want string }{
		{"fraction", "game:\n  markov_builtin: random\n  params:\n    states: 4.5\n    actions1: 3\n    actions2: 3\n    seed: 1\n" + tail,
			"config: line 4: game.params.states = 4.5: must be an integer (a parameter of the markov built-in random)"},
		{"fraction, flow", "game:\n  markov_builtin: random\n  params: {states: 4,\n    actions1: 2.5, actions2: 3, seed: 1}\n" + tail,
			"config: line 4: game.params.actions1 = 2.5: must be an integer (a parameter of the markov built-in random)"},
		{"size 0", "game:\n  markov_builtin: random\n  params:\n    states: 4\n    actions1: 3\n    actions2: 0\n" + tail,
			"config: line 6: game.params.actions2 = 0: must be >= 1 (a parameter of the markov built-in random)"},
		{"patrol targets", "game:\n  markov_builtin: patrol\n  params:\n    targets: 2\n" + tail,
			"config: line 4: game.params.targets = 2: must be in [3, 64] (a parameter of the markov built-in patrol)"},
		{"epidemic probability", "game:\n  markov_builtin: epidemic\n  params:\n    levels: 3\n    growth: 1.5\n" + tail,
			"config: line 5: game.params.growth = 1.5: must be in [0, 1] (a parameter of the markov built-in epidemic)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := configErrorText(t, c.src); got != c.want {
				t.Errorf("config:\n%s\n got %s\nwant %s", c.src, got, c.want)
			}
		})
	}
}
