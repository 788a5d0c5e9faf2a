package experiment

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBuiltinParamErrorLine: a parameter a built-in game does not take is
// reported at its own line, as game.params.NAME, for a smooth, a Hi-C and
// a Markov built-in. The error named the line of game (line 3 for a
// parameter written on line 8).
func TestBuiltinParamErrorLine(t *testing.T) {
	for _, c := range []struct{ name, src, want string }{
		{"duopoly", "name: d\ngame:\n  builtin: duopoly\n  params:\n    A: 100\n    c1: 5\n    Z: 3\ndynamics: {kind: sga}\n",
			"config: line 7: game.params.Z: unknown param of the built-in duopoly (valid: A, c1, c2)"},
		{"hic", "name: h\ngame:\n  builtin: cournot\n  params: {A: 50,\n    Q: 1}\ndynamics: {kind: hic}\nstages: 10\n",
			"config: line 5: game.params.Q: unknown param of the built-in cournot (valid: A, c1, c2)"},
		{"ac-toy", "game:\n  builtin: ac-toy\n  params:\n    w: 1\ndynamics: {kind: sga}\n",
			"config: line 4: game.params.w: unknown param of the built-in ac-toy, which takes no parameters"},
		{"markov", "game:\n  markov_builtin: random\n  params:\n    states: 3\n    sizes: 3\ndynamics: {kind: stackelberg-pg, reg: 0.1}\n",
			"config: line 5: game.params.sizes: unknown param of the built-in random (valid: actions1, actions2, gamma, lambda, seed, states)"},
		{"first of two in name order", "game:\n  builtin: duopoly\n  params:\n    zz: 1\n    B: 2\ndynamics: {kind: sga}\n",
			"config: line 5: game.params.B: unknown param of the built-in duopoly (valid: A, c1, c2)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "c.yaml")
			if err := os.WriteFile(path, []byte(c.src), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := LoadConfig(path)
			if want := path + ": " + c.want; err == nil || err.Error() != want {
				t.Errorf("LoadConfig:\n got %v\nwant %s", err, want)
			}
		})
	}
}

// TestMissingRLKeyNamesFile: a required rl key the file lacks, which the
// run's builder reports ("rl.env: missing"), is named with the file, as a
// config error of a missing key is; it came without the file.
func TestMissingRLKeyNamesFile(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"rl:\n  algo: stac\n  steps: 400\n", "config: rl.env: missing (e.g. CartPole-v1)"},
		{"rl:\n  env: CartPole-v1\n", "config: rl.algo: missing (ac, stac, ddpg, stddpg, sac or stsac)"},
	} {
		path := filepath.Join(t.TempDir(), "c.yaml")
		if err := os.WriteFile(path, []byte(c.src), 0o644); err != nil {
			t.Fatal(err)
		}
		cfg, err := LoadConfig(path)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := cfg.Locate(Check(cfg)), path+": "+c.want; got == nil || got.Error() != want {
			t.Errorf("Locate(Check):\n got %v\nwant %s", got, want)
		}
	}
	// A word of a run's error that only looks like a key path passes
	// unchanged.
	path := filepath.Join(t.TempDir(), "c.yaml")
	if err := os.WriteFile(path, []byte("rl:\n  env: CartPole-v1\n  algo: stac\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := LoadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	e := errors.New("summary.json: cannot write")
	if cfg.Locate(e) != e {
		t.Errorf("Locate(%q) = %q, want it unchanged", e, cfg.Locate(e))
	}
}

// TestFormulaErrorLine: a formula's error, which the game's builder
// reports as "game: f2: …", is given the line of f2, not of game.
func TestFormulaErrorLine(t *testing.T) {
	const src = "name: f\ngame:\n  sense: cost\n  f1: \"x[0]*x[0] + x[0]*y[0]\"\n  f2: \"y[0]^2 - x[0]*y[0]\"\ndynamics: {kind: sga}\niterations: 10\n"
	path, cfg := loadConfigText(t, src)
	want := path + `: config: line 5: game: f2: unsupported operator "^" in "y[0]^2" (use pow(a, b)) at 1:5`
	if got := cfg.Locate(Check(cfg)); got == nil || got.Error() != want {
		t.Errorf("Locate(Check):\n got %v\nwant %s", got, want)
	}
}

// TestBuiltinParamValueErrorLine: a built-in game's error about the value
// of one of its parameters is reported at the parameter's line; it named
// the line of game.
func TestBuiltinParamValueErrorLine(t *testing.T) {
	const src = "name: d\ngame:\n  builtin: duopoly\n  params:\n    c1: 5\n    A: -100\ndynamics: {kind: sga}\niterations: 10\n"
	path, cfg := loadConfigText(t, src)
	got := cfg.Locate(Check(cfg))
	if got == nil || !strings.HasPrefix(got.Error(), path+": config: line 6: game: duopoly: param A = -100 must be positive") {
		t.Errorf("Locate(Check): %v, want the error at line 6 (A's)", got)
	}
	for text, want := range map[string]string{
		"game: duopoly: param A = -100": "A", "game: g: param c_1 is missing": "c_1",
		"game: random: param d1 = 0.5 must": "d1", "game: f1: x": "",
	} {
		if got := paramNamed(text); got != want {
			t.Errorf("paramNamed(%q) = %q, want %q", text, got, want)
		}
	}
}

// loadConfigText writes src to c.yaml in a temporary directory and loads
// it (LoadConfig, so that errors can be located at their lines).
func loadConfigText(t *testing.T, src string) (string, *Config) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "c.yaml")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := LoadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	return path, cfg
}
