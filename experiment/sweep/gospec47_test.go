package sweep

import (
	"math"
	"testing"
)

// goSpecBase is a smooth configuration as a Go tree, the Config of a Spec
// built in Go (no ParseSpec).
func goSpecBase() map[string]any {
	return map[string]any{"name": "g", "seed": 1, "game": map[string]any{"builtin": "duopoly"},
		"dynamics": map[string]any{"kind": "stackelberg"}, "iterations": 50,
		"init": map[string]any{"x": []any{10}, "y": []any{10}}}
}

// TestGoSpecChecked: a Spec built in Go (the exported fields, no
// ParseSpec) is refused by Expand for what ParseSpec refuses in a file, with
// the same errors less the lines it does not have. Before session 47
// Expand ran such a spec: an empty name or one with a slash or a space
// (written into NATS subjects and sweep.sbatch), a grid key given twice
// (one job, the second value's), seed in the grid, a key within another
// and an empty exclude entry were accepted; a key with no values said
// "every grid point is excluded"; and every error said "(line 0)".
func TestGoSpecChecked(t *testing.T) {
	grid := func(kv ...any) []GridKey {
		var g []GridKey
		for i := 0; i < len(kv); i += 2 {
			vals, _ := kv[i+1].([]any)
			g = append(g, GridKey{Key: kv[i].(string), Values: vals})
		}
		return g
	}
	nanCfg := goSpecBase()
	nanCfg["dynamics"].(map[string]any)["step_tol"] = math.NaN()
	cases := []struct {
		name string
		spec Spec
		want string
	}{
		{"no name", Spec{Config: goSpecBase(), Grid: grid("iterations", []any{10, 20})},
			"sweep: name: missing (it names the sweep on the server and in outputs)"},
		{"bad name", Spec{Name: "a b/c", Config: goSpecBase(), Grid: grid("iterations", []any{10, 20})},
			`sweep: name "a b/c": use letters, digits, - and _ only, at most 128 of them (it names NATS subjects and the Slurm job, and is written into sweep.sbatch)`},
		{"no config", Spec{Name: "g"}, "sweep: missing base (a config file) or config (an inline config)"},
		{"NaN in config", Spec{Name: "g", Config: nanCfg}, "sweep: config: dynamics.step_tol = NaN: " + nonFiniteWhy},
		{"twice", Spec{Name: "g", Config: goSpecBase(), Grid: grid("iterations", []any{10}, "iterations", []any{20})},
			"sweep: grid.iterations: given twice"},
		{"empty part", Spec{Name: "g", Config: goSpecBase(), Grid: grid("dynamics..kind", []any{"sga"})},
			"sweep: grid.dynamics..kind: an empty part in the dotted key; write e.g. rl.options.actor_lr"},
		{"no values", Spec{Name: "g", Config: goSpecBase(), Grid: grid("iterations", nil)},
			"sweep: grid.iterations: need a non-empty list of values"},
		{"seed", Spec{Name: "g", Config: goSpecBase(), Grid: grid("seed", []any{1, 2})},
			"sweep: grid.seed: give seeds under seeds:, not in the grid"},
		{"NaN value", Spec{Name: "g", Config: goSpecBase(), Grid: grid("dynamics.step_tol", []any{0.1, math.NaN()})},
			"sweep: grid.dynamics.step_tol[1] = NaN: " + nonFiniteWhy},
		{"within", Spec{Name: "g", Config: goSpecBase(), Grid: grid("init", []any{map[string]any{"x": []any{1}, "y": []any{1}}}, "init.x", []any{[]any{2}})},
			"sweep: grid.init and grid.init.x: one key is within the other; sweep one of them"},
		{"exclude empty", Spec{Name: "g", Config: goSpecBase(), Grid: grid("iterations", []any{10, 20}), Exclude: []map[string]any{{}}},
			"sweep: exclude[0]: empty"},
		{"exclude key", Spec{Name: "g", Config: goSpecBase(), Grid: grid("iterations", []any{10, 20}), Exclude: []map[string]any{{"nope": 1}}},
			"sweep: exclude[0]: nope is not a grid key"},
		{"unknown key", Spec{Name: "g", Config: goSpecBase(), Grid: grid("nope", []any{1})},
			`sweep: grid.nope: unknown config key "nope": the configuration has name, seed, game, dynamics, iterations, stages, record_every, init, rl, record`},
	}
	for _, c := range cases {
		jobs, err := c.spec.Expand()
		if err == nil || err.Error() != c.want {
			t.Errorf("%s: %d jobs, error %v\nwant %q", c.name, len(jobs), err, c.want)
		}
	}
	ok := Spec{Name: "g", Config: goSpecBase(), Grid: grid("iterations", []any{10, 20}), Seeds: []uint64{1, 2}}
	if jobs, err := ok.Expand(); err != nil || len(jobs) != 4 {
		t.Errorf("a valid Go spec: %d jobs, error %v; want 4 and none", len(jobs), err)
	}
}
