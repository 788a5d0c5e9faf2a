package experiment

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const duopolyYAML = `
name: duopoly-stackelberg
seed: 7
game:
  builtin: duopoly
  params: {A: 100, c1: 5, c2: 2}
dynamics:
  kind: stackelberg
  leader_lr:   {power: {a: 1, b: 1, p: 1}}
  follower_lr: {power: {a: 1, b: 1, p: 0.6667}}
  noise: {leader: 3.1623, follower: 3.1623}
  solver: {kind: exact, lambda: 0}
  unroll: 1
iterations: 2000
record_every: 100
init: {x: [10], y: [10]}
`

// formulaDuopolyYAML is the same game written as formulas.
const formulaDuopolyYAML = `
name: duopoly-formula
seed: 7
game:
  sense: payoff
  dims: [1, 1]
  f1: "x[0]*(A - x[0] - y[0]) - c1*x[0]"
  f2: "y[0]*(A - x[0] - y[0]) - c2*y[0]"
  params: {A: 100, c1: 5, c2: 2}
  domain: {x: {box: [[0, 100]]}, y: {box: [[0, 100]]}}
dynamics:
  kind: stackelberg
  leader_lr:   {power: {a: 1, b: 1, p: 1}}
  follower_lr: {power: {a: 1, b: 1, p: 0.6667}}
  noise: {leader: 3.1623, follower: 3.1623}
  solver: {kind: exact, lambda: 0}
  unroll: 1
iterations: 2000
record_every: 100
init: {x: [10], y: [10]}
`

func runYAML(t *testing.T, src string) (string, error) {
	t.Helper()
	cfg, err := ParseConfig([]byte(src))
	if err != nil {
		return "", err
	}
	dir := t.TempDir()
	_, err = Run(context.Background(), cfg, RunOptions{Out: dir})
	return dir, err
}

// TestFormulaMatchesBuiltin checks that the formula duopoly and the built-in
// give the same trajectory for the same seed (every recorded row equal to
// 1e-9 relative).
func TestFormulaMatchesBuiltin(t *testing.T) {
	d1, err := runYAML(t, duopolyYAML)
	if err != nil {
		t.Fatal(err)
	}
	d2, err := runYAML(t, formulaDuopolyYAML)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := os.ReadFile(filepath.Join(d1, "metrics.csv"))
	b, _ := os.ReadFile(filepath.Join(d2, "metrics.csv"))
	ra, rb := strings.Split(strings.TrimSpace(string(a)), "\n"), strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(ra) != 22 || len(ra) != len(rb) {
		t.Fatalf("rows: builtin %d, formula %d; want 22 (header, iteration 0, 20 records)", len(ra), len(rb))
	}
	if ra[0] != "iter,x0,y0,f1,f2" {
		t.Errorf("header %q, want iter,x0,y0,f1,f2", ra[0])
	}
	for i := 1; i < len(ra); i++ {
		fa, fb := strings.Split(ra[i], ","), strings.Split(rb[i], ",")
		for j := range fa {
			x, y := parseF(t, fa[j]), parseF(t, fb[j])
			if math.Abs(x-y) > 1e-9*(1+math.Abs(x)) {
				t.Fatalf("row %d col %d: builtin %g, formula %g", i, j, x, y)
			}
		}
	}
	var sum struct {
		Final struct {
			X, Y   []float64
			F1, F2 float64
		}
		Iterations  int     `json:"iterations"`
		WallSeconds float64 `json:"wall_seconds"`
	}
	b, _ = os.ReadFile(filepath.Join(d1, "summary.json"))
	if err := json.Unmarshal(b, &sum); err != nil {
		t.Fatal(err)
	}
	if sum.Iterations != 2000 || len(sum.Final.X) != 1 || math.Abs(sum.Final.X[0]-46) > 1 || math.Abs(sum.Final.Y[0]-26) > 1 {
		t.Errorf("summary %+v: want 2000 iterations ending within 1 of (46, 26)", sum)
	}
}

func parseF(t *testing.T, s string) float64 {
	var v float64
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("bad number %q", s)
	}
	return v
}

// TestBadConfigs checks that bad configurations fail with errors naming the
// problem.
func TestBadConfigs(t *testing.T) {
	cases := []struct {
		name, src, want string
	}{
		{"unknown top-level key", duopolyYAML + "iteratons: 5\n", `unknown field "iteratons"`},
		{"unknown key line", "name: a\ngame:\n  builtin: duopoly\n  parms: {A: 1}\n", "[4:3] unknown field \"parms\""},
		{"unknown dynamics kind", strings.Replace(duopolyYAML, "kind: stackelberg", "kind: stackleberg", 1), `dynamics.kind = "stackleberg"`},
		{"key of another kind", strings.Replace(duopolyYAML, "kind: stackelberg", "kind: sga", 1), "dynamics.solver is not used by kind sga"},
		{"bad formula", strings.Replace(formulaDuopolyYAML, "c1*x[0]", "c1*z[0]", 1), `unknown identifier "z"`},
		{"formula index out of range", strings.Replace(formulaDuopolyYAML, "c1*x[0]", "c1*x[3]", 1), `index 3 out of range for "x" (length 1) at 1:31`},
		{"wrong init dimension", strings.Replace(duopolyYAML, "x: [10]", "x: [10, 2]", 1), "init.x has 2 values"},
		{"two schedules", strings.Replace(duopolyYAML, "{power: {a: 1, b: 1, p: 1}}", "{power: {a: 1, b: 1, p: 1}, constant: 1}", 1), "exactly one of constant, power"},
		{"bad solver", strings.Replace(duopolyYAML, "kind: exact", "kind: lu", 1), `solver.kind: unknown solver "lu"`},
		{"unknown builtin", strings.Replace(duopolyYAML, "builtin: duopoly", "builtin: triopoly", 1), "triopoly"},
		{"unknown param", strings.Replace(duopolyYAML, "c2: 2", "c3: 2", 1), "c3"},
		{"formula without sense", strings.Replace(formulaDuopolyYAML, "sense: payoff", "sense: profit", 1), `game.sense = "profit"`},
		{"empty", "", "empty configuration"},
		{"stages on gradient dynamics", duopolyYAML + "stages: 10\n", "only hic dynamics play stages"},
		{"name with spaces", strings.Replace(duopolyYAML, "name: duopoly-stackelberg", `name: " x"`, 1), "may not begin or end with spaces"},
		{"name with a newline", strings.Replace(duopolyYAML, "name: duopoly-stackelberg", `name: "a\nb"`, 1), "control characters"},
		{"empty dims", strings.Replace(formulaDuopolyYAML, "dims: [1, 1]", "dims: []", 1), "game.dims = []"},
		{"init outside the box", strings.Replace(duopolyYAML, "init: {x: [10], y: [10]}", "init: {x: [-1000], y: [10]}", 1), "init.x[0] = -1000 is outside the domain's [0, 100]"},
		{"init range outside the box", strings.Replace(duopolyYAML, "init: {x: [10], y: [10]}", "init: {uniform: {x: [[0, 50]], y: [[50, 150]]}}", 1), "init.uniform.y[0] = [50 150] reaches outside the domain's [0, 100]"},
		{"negative iterations", strings.Replace(duopolyYAML, "iterations: 2000", "iterations: -5", 1), "config: iterations: -5 is not a valid count; give a positive number or leave the key out for the default"},
		{"negative record_every", strings.Replace(duopolyYAML, "record_every: 100", "record_every: -1", 1), "config: record_every: -1 is not a valid count; give a positive number or leave the key out for the default"},
		// Keys the run would ignore.
		{"iterations on rl", "name: r\nrl: {env: Pendulum-v1, algo: ddpg}\niterations: 5\n", "config: iterations: not used by an rl run: an rl run's length is rl.steps"},
		{"init on rl", "name: r\nrl: {env: Pendulum-v1, algo: ddpg}\ninit: {x: [1]}\n", "config: init: not used by an rl run"},
		{"record_every on rl", "name: r\nrl: {env: Pendulum-v1, algo: ddpg}\nrecord_every: 5\n", "config: record_every: not used by an rl run"},
		// An rl run writes tb/ whatever record says (before, tensorboard:
		// false was ignored and tb/ written all the same).
		{"record tensorboard false on rl", "name: r\nrl: {env: Pendulum-v1, algo: ddpg}\nrecord: {tensorboard: false}\n", "config: record: not used by an rl run: an rl run always writes TensorBoard event files"},
		{"init on markov", "name: m\ngame: {markov_builtin: patrol}\ndynamics: {kind: stackelberg-pg}\ninit: {x: [1], y: [1]}\n", "config: init: not used by a Markov game's run"},
		{"quoted number in a kind's own key", "name: m\ngame: {markov_builtin: patrol}\ndynamics: {kind: stackelberg-pg, reg: \"0.5\"}\n", `dynamics.reg: "0.5" is quoted text where a number is expected`},
		{"quoted number in a solver key", strings.Replace(duopolyYAML, "solver: {kind: exact, lambda: 0}", `solver: {kind: cg, iters: "3"}`, 1), `dynamics.solver.iters: "3" is quoted text`},
		{"quoted number in game.params", strings.Replace(duopolyYAML, "c2: 2", `c2: "2"`, 1), `game.params.c2: "2" is quoted text where a number is expected`},
		{"quoted number in rl.options", "name: r\nrl: {env: Pendulum-v1, algo: ddpg, options: {gamma: '0.9'}}\n", `rl.options.gamma: "0.9" is quoted text where a number is expected`},
		{"quoted number in JSON rl.options", `{"name": "r", "rl": {"env": "Pendulum-v1", "algo": "ddpg", "options": {"batch_size": "64"}}}`, `rl.options.batch_size: "64" is quoted text`},
		{"batch with the exact estimator", "name: m\ngame: {markov_builtin: patrol}\ndynamics: {kind: stackelberg-pg, estimator: exact, batch: 10}\n", "config: dynamics.batch: not used by the exact estimator"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := runYAML(t, c.src)
			if err == nil {
				t.Fatalf("no error; want one containing %q", c.want)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q does not contain %q", err, c.want)
			}
		})
	}
}

// TestSingularFollowerHessian runs a game whose follower cost is linear in
// y (∇yy f2 = 0): with λ = 0 the run stops naming the Hessian and keeps the
// starting record; with λ = 1 it runs.
func TestSingularFollowerHessian(t *testing.T) {
	src := `
name: singular
game:
  sense: cost
  dims: [1, 1]
  f1: "x[0]*x[0] + x[0]*y[0]"
  f2: "x[0]*y[0]"
dynamics:
  kind: stackelberg
  leader_lr: {constant: 0.1}
  follower_lr: {constant: 0.1}
  solver: {kind: exact, lambda: 0}
iterations: 10
init: {x: [1], y: [1]}
`
	dir, err := runYAML(t, src)
	if err == nil || !strings.Contains(err.Error(), "singular") || !strings.Contains(err.Error(), "iteration 1") {
		t.Fatalf("error %v; want one naming iteration 1 and the singular Hessian", err)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "metrics.csv"))
	if rows := strings.Count(string(b), "\n"); rows != 2 {
		t.Errorf("metrics.csv has %d lines after the failure; want the header and the start", rows)
	}
	var sum map[string]any
	b, _ = os.ReadFile(filepath.Join(dir, "summary.json"))
	if err := json.Unmarshal(b, &sum); err != nil || !strings.Contains(sum["error"].(string), "singular") {
		t.Errorf("summary.json %s: want the error recorded", b)
	}
	if _, err := runYAML(t, strings.Replace(src, "lambda: 0", "lambda: 1", 1)); err != nil {
		t.Errorf("λ = 1: %v", err)
	}
}

// TestJSONConfig checks that a JSON configuration is accepted.
func TestJSONConfig(t *testing.T) {
	src := `{"name": "j", "seed": 1, "game": {"builtin": "duopoly"},
	 "dynamics": {"kind": "sga", "leader_lr": {"constant": 0.1}, "follower_lr": {"constant": 0.1}},
	 "iterations": 500, "init": {"x": [10], "y": [10]}}`
	dir, err := runYAML(t, src)
	if err != nil {
		t.Fatal(err)
	}
	var sum SmoothSummary
	b, _ := os.ReadFile(filepath.Join(dir, "summary.json"))
	if err := json.Unmarshal(b, &sum); err != nil {
		t.Fatal(err)
	}
	// Nash equilibrium of the duopoly: q = (A + c_−i − 2c_i)/3.
	if math.Abs(sum.Final.X[0]-92.0/3) > 1e-6 || math.Abs(sum.Final.Y[0]-101.0/3) > 1e-6 {
		t.Errorf("SGA ended at %v, %v; want (30.6667, 33.6667)", sum.Final.X, sum.Final.Y)
	}
}

// TestConfigErrorLines checks that errors naming a key of a config file
// give the file and the key's line: those LoadConfig finds, and those
// found when the run is built (Check), through Locate; that a JSON
// config's quoted keys are checked like YAML's plain ones; and that other
// errors pass unchanged.
func TestConfigErrorLines(t *testing.T) {
	rl := func(extra string) string {
		return "name: r\nseed: 1\nrl:\n  env: Pendulum-v1\n  algo: stddpg\n" + extra // extra starts on line 6
	}
	cases := []struct {
		name, src, want string
	}{
		{"explicit zero (parse)", rl("  steps: 0\n"), "config: line 6: rl.steps: 0 is not a valid count"},
		// A null decodes as 0; the message said "0" for it.
		{"explicit null (parse)", rl("  steps: ~\n"), "config: line 6: rl.steps: null is not a valid count"},
		{"empty value (parse)", rl("  steps_per_epoch:\n"), "config: line 6: rl.steps_per_epoch: null is not a valid count"},
		{"JSON null", `{"name": "j", "iterations": null, "game": {"builtin": "duopoly"}}`, "config: line 1: iterations: null is not a valid count"},
		{"negative threads (build)", rl("  steps: 1000\n  threads: -1\n"), "config: line 7: rl.threads: -1 must not be negative"},
		{"option", rl("  options:\n    gamma: 2\n"), "config: line 7: rl.options.gamma: 2 outside [0, 1]"},
		{"list element", rl("  hidden:\n    - 64\n    - 0\n"), "config: line 8: rl.hidden[1]: 0 must be positive"},
		{"cg option", rl("  options:\n    cg_tol: .nan\n"), "config: line 7: rl.options.cg_tol: NaN"},
		{"cg_tol 0 (read as 1e-10 by CG)", rl("  options:\n    cg_tol: 0\n"), "config: line 7: rl.options.cg_tol: 0 must be positive"},
		{"lambda option", rl("  options:\n    lambda_decay: 2\n"), "config: line 7: rl.options.lambda_decay: 2 outside [0, 1]"},
		{"formula dims", strings.Replace(formulaDuopolyYAML, "dims: [1, 1]", "dims: [1, 0]", 1), "config: line 6: game.dims = [1 0]"},
		// An indexed path the walk did not record falls back to its
		// list's line (duopolyYAML's init is on line 16).
		{"flow list element", strings.Replace(duopolyYAML, "init: {x: [10], y: [10]}", "init: {x: [-1000], y: [10]}", 1),
			"config: line 16: init.x[0] = -1000 is outside the domain's [0, 100]"},
		{"nested flow list element", strings.Replace(duopolyYAML, "init: {x: [10], y: [10]}", "init: {uniform: {x: [[0, 50]], y: [[50, 150]]}}", 1),
			"config: line 16: init.uniform.y[0] = [50 150] reaches outside the domain's [0, 100]"},
		// Schedules and noise checked by the builders: the key and its
		// line, not "dynamics: leader step size" at the block's line
		// (smooth), "markov: config: leader_lr" without file or line
		// (Markov), or "dynamics: hic.delta" at the block's line (Hi-C).
		{"smooth step size", "game: {builtin: duopoly}\ndynamics:\n  kind: sga\n  follower_lr: {constant: 1}\n  leader_lr: {constant: -1}\n",
			"config: line 5: dynamics.leader_lr: value -1 at iteration 1 is not a finite non-negative number"},
		{"smooth noise", "game: {builtin: duopoly}\ndynamics:\n  kind: sga\n  noise:\n    follower: 0\n    leader: .nan\n",
			"config: line 6: dynamics.noise.leader = NaN: need a finite standard deviation ≥ 0"},
		{"markov step size", "game: {markov_builtin: patrol}\ndynamics:\n  kind: stackelberg-pg\n  leader_lr: {constant: 0.5}\n  follower_lr: {constant: 0}\n",
			"config: line 5: dynamics.follower_lr: value 0 at iteration 1 is not a finite positive number"},
		{"hic schedule", "game: {builtin: cournot}\ndynamics:\n  kind: hic\n  alpha: {constant: 0.01}\n  delta: {constant: -0.5}\n  commitment: {constant: 3}\n  follower: {kind: gradient, lr: 0.1}\nstages: 100\n",
			"config: line 5: dynamics.delta: value -0.5 at interval n = 1 is not a finite positive number"},
		{"kind's own key (build)", "game: {builtin: duopoly}\ndynamics:\n  kind: consensus\n  follower_lr: {constant: 0.1}\n  gamma: -1\n",
			"config: line 5: dynamics.gamma: -1 is not a finite non-negative number"},
		{"JSON: quoted key present", `{"name": "j", "seed": 1, "rl": {"env": "CartPole-v1", "algo": "stac", "steps": 0}}`,
			"config: line 1: rl.steps: 0 is not a valid count"},
		{"JSON: quoted int field", `{"name": "j", "rl": {"env": "CartPole-v1", "algo": "stac", "steps": 1000.7}}`,
			"config: line 1: rl.steps: 1000.7 is not an integer"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "c.yaml")
			if err := os.WriteFile(path, []byte(c.src), 0o644); err != nil {
				t.Fatal(err)
			}
			cfg, err := LoadConfig(path)
			if err == nil {
				err = cfg.Locate(Check(cfg))
			}
			if err == nil || !strings.Contains(err.Error(), path+": "+c.want) {
				t.Errorf("error %v; want one containing %q", err, path+": "+c.want)
			}
		})
	}
	// Configs parsed from text (sweeps, jobs) give no line: no user wrote
	// the text.
	if _, err := ParseConfig([]byte(rl("  steps: 0\n"))); err == nil || strings.Contains(err.Error(), "line") {
		t.Errorf("ParseConfig: %v; want the error without a line", err)
	}

	path := filepath.Join(t.TempDir(), "c.yaml")
	if err := os.WriteFile(path, []byte(rl("  threads: -1\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := LoadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	orig := Check(cfg)
	got := cfg.Locate(orig)
	if want := path + ": config: line 6: rl.threads: -1 must not be negative"; got == nil || got.Error() != want {
		t.Errorf("LoadConfig's config: %v, want %q", got, want)
	}
	if !errors.Is(got, orig) {
		t.Error("the located error does not wrap the original")
	}
	if e := errors.New("stddpg epoch 2: actor gradient norm is NaN"); cfg.Locate(e) != e {
		t.Errorf("Locate(%q) = %q: a run's error must pass unchanged", e, cfg.Locate(e))
	}
	// A config error naming a key the file lacks (a required one) gets
	// the file, with no line.
	missing := errors.New("config: rl.nothing: no such key")
	if got := cfg.Locate(missing); got == nil || got.Error() != path+": config: rl.nothing: no such key" || !errors.Is(got, missing) {
		t.Errorf("Locate(%q) = %v, want the file's name before it", missing, got)
	}
	if cfg.Locate(nil) != nil {
		t.Error("Locate(nil) is not nil")
	}
}

// TestFormulaDimsDefault: a formula game without dims has one dimension
// per player, as the README says: the run equals the one with
// dims: [1, 1], row for row.
func TestFormulaDimsDefault(t *testing.T) {
	metrics := func(src string) string {
		dir, err := runYAML(t, src)
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(dir, MetricsFile))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	with := metrics(formulaDuopolyYAML)
	without := metrics(strings.Replace(formulaDuopolyYAML, "  dims: [1, 1]\n", "", 1))
	if with != without || strings.Count(with, "\n") < 10 {
		t.Errorf("without dims the run differs (or is empty):\n%.300s\n---\n%.300s", with, without)
	}
}

// dynamics.step_tol is checked when the config is read (and so by Check,
// which a sweep runs before any job starts), not first by the run after
// its outputs were started: a negative or non-finite tolerance is an error
// naming the key.
func TestStepTolCheckedOnParse(t *testing.T) {
	for _, v := range []string{"-1", ".nan", ".inf"} {
		_, err := ParseConfig([]byte("game: {builtin: duopoly}\ndynamics: {kind: sga, step_tol: " + v + "}\niterations: 5\n"))
		if err == nil || !strings.Contains(err.Error(), "config: dynamics.step_tol") {
			t.Errorf("step_tol: %s: error %v; want one naming dynamics.step_tol", v, err)
		}
	}
	if _, err := ParseConfig([]byte("game: {builtin: duopoly}\ndynamics: {kind: sga, step_tol: 1e-9}\n")); err != nil {
		t.Errorf("step_tol: 1e-9: %v", err)
	}
}

// game.params.seed, the seed of a generated game, reaches the generator as
// a float64: 9007199254740993 (2^53 + 1) ran the game of 2^53, and a
// negative or huge seed of a Markov built-in was converted to uint64
// however the platform does it (18446744073709551614 and
// 18446744073709551615 ran the same game). A seed a float64 cannot hold
// exactly as a non-negative integer is an error naming the key.
func TestGameSeedParamExact(t *testing.T) {
	for _, game := range []string{"markov_builtin: random", "builtin: quadratic, params: {d1: 2, d2: 2"} {
		for _, seed := range []string{"9007199254740993", "18446744073709551615", "-1", "1e20"} {
			src := "game: {markov_builtin: random, params: {seed: " + seed + "}}\ndynamics: {kind: stackelberg-pg}\n"
			if !strings.HasPrefix(game, "markov") {
				src = "game: {builtin: quadratic, params: {d1: 2, d2: 2, seed: " + seed + "}}\ndynamics: {kind: sga}\n"
			}
			_, err := ParseConfig([]byte(src))
			if err == nil || !strings.Contains(err.Error(), "config: game.params.seed = "+seed) {
				t.Errorf("%s seed %s: error %v; want one naming game.params.seed = %s", game, seed, err, seed)
			}
		}
		src := "game: {markov_builtin: random, params: {seed: 9007199254740992}}\ndynamics: {kind: stackelberg-pg}\n"
		if _, err := ParseConfig([]byte(src)); err != nil {
			t.Errorf("seed 2^53: %v", err)
		}
	}
}

// A number written with a leading zero is read by the YAML decoder as
// octal (YAML 1.1): seed: 010 ran seed 8, as did seed: 008 (not octal, so
// decimal), and constant: 010 was 8 where constant: 010.5 is 10.5. YAML
// 1.2 and every reader of the file see 10. Such a number is an error
// naming the key.
func TestLeadingZeroNumbers(t *testing.T) {
	for _, c := range []struct{ src, key string }{
		{"seed: 010\n", "seed"},
		{"seed: 008\n", "seed"},
		{"seed: 07\n", "seed"}, // the shortest forms: two digits
		{"seed: 09\n", "seed"},
		{"iterations: 0010\n", "iterations"},
		{"dynamics: {kind: sga, leader_lr: {constant: 010}}\n", "dynamics.leader_lr.constant"},
		{"dynamics: {kind: sga, leader_lr: {list: [0.5, -010]}}\n", "dynamics.leader_lr.list[1]"},
		{"name: 010\n", "name"},
		{"init: {x: [010], y: [1]}\n", "init.x[0]"},
	} {
		src := "game: {builtin: duopoly}\n"
		if !strings.HasPrefix(c.src, "dynamics") {
			src += "dynamics: {kind: sga}\n"
		}
		_, err := ParseConfig([]byte(src + c.src))
		if err == nil || !strings.Contains(err.Error(), c.key+": ") || !strings.Contains(err.Error(), "leading zero") {
			t.Errorf("%s: error %v; want one naming %s and the leading zero", strings.TrimSpace(c.src), err, c.key)
		}
	}
	_, err := ParseConfig([]byte("game: {builtin: duopoly, params: {A: 010}}\ndynamics: {kind: sga}\n"))
	if err == nil || !strings.Contains(err.Error(), "game.params.A: ") || !strings.Contains(err.Error(), "leading zero") {
		t.Errorf("params A: 010: error %v", err)
	}
	// Zero itself, 0.5, 0o10 (explicit octal) and 0x10 are numbers as
	// written.
	cfg, err := ParseConfig([]byte("game: {builtin: duopoly}\ndynamics: {kind: sga, leader_lr: {list: [0, 0.5, 0o10, 0x10, 00.25]}}\nseed: 0\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := cfg.Dynamics.LeaderLR.List; len(got) != 5 || got[2] != 8 || got[3] != 16 || got[4] != 0.25 {
		t.Errorf("list %v, want [0 0.5 8 16 0.25]", got)
	}
}

// A YAML merge key (<<) hid its keys from the input checks, which look for
// the keys as written: `<<: {iterations: 0}` ran the default 1000
// iterations where `iterations: 0` is an error, `<<: {iterations: 100.7}`
// ran 100 and `<<: {iterations: "100"}` took quoted text for a number. A
// merge key is an error naming its line, as a tag or a complex key is.
func TestMergeKeyRefused(t *testing.T) {
	for _, c := range []string{
		"<<: {iterations: 0}\n",
		"<<: {iterations: 100.7}\n",
		"<<: {iterations: \"100\"}\n",
		"init: {<<: {x: [1]}, y: [1]}\n",
	} {
		cfg, err := ParseConfig([]byte("game: {builtin: duopoly}\ndynamics: {kind: sga}\n" + c))
		if err == nil || !strings.Contains(err.Error(), "merge key") || !strings.Contains(err.Error(), "line 3") {
			it := -1
			if cfg != nil {
				it = cfg.Iterations
			}
			t.Errorf("%s: error %v (iterations %d); want one refusing the merge key at line 3", strings.TrimSpace(c), err, it)
		}
	}
}

// An alias gets the checks of the place it is used, not only of the place
// its anchor is: `step_tol: &f 100.7` then `iterations: *f` ran 100
// iterations, and a quoted "100" anchored on name and used as iterations,
// or a quoted "0.5" used as a game parameter, was taken for a number.
func TestAliasCheckedWhereUsed(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"game: {builtin: duopoly}\ndynamics: {kind: sga, step_tol: &f 100.7}\niterations: *f\n", "iterations: 100.7 is not an integer"},
		{"name: &n \"100\"\ngame: {builtin: duopoly}\ndynamics: {kind: sga}\niterations: *n\n", `iterations: "100" is quoted text where a number is expected`},
		{"name: &n \"0.5\"\ngame: {builtin: duopoly, params: {A: *n}}\ndynamics: {kind: sga}\n", `game.params.A: "0.5" is quoted text where a number is expected`},
		// Within the dynamics block, decoded key by key.
		{"game: {markov_builtin: patrol}\ndynamics: {kind: stackelberg-pg, leader_lr: {constant: &h 100.7}, estimator: sampled, batch: *h}\n", "dynamics.batch: 100.7 is not an integer"},
	} {
		_, err := ParseConfig([]byte(c.src))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: error %v; want one containing %q", c.src, err, c.want)
		}
	}
	// An alias of a value that is valid where it is used still works.
	cfg, err := ParseConfig([]byte("game: {builtin: duopoly}\ndynamics: {kind: sga, leader_lr: {constant: &lr 0.25}, follower_lr: {constant: *lr}}\niterations: &n 40\nrecord_every: *n\n"))
	if err != nil || *cfg.Dynamics.FollowerLR.Constant != 0.25 || cfg.RecordEvery != 40 {
		t.Errorf("valid aliases: %v", err)
	}
}
