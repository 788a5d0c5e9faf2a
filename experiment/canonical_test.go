package experiment

import (
	"math"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestCanonicalNumbers checks the one spelling of each number kind: whole
// floats and numeric text within ±2^53 become int64, values JSON writes as
// an exponent without a dot that text, other finite values float64, and
// integers, words, booleans and non-finite values stay.
func TestCanonicalNumbers(t *testing.T) {
	cases := []struct {
		in      any
		want    any
		changed bool
	}{
		{float64(100), int64(100), true},
		{"1e2", int64(100), true},
		{" 1e2 ", int64(100), true},
		{"1e-3", 0.001, true},
		{"-2.5E0", -2.5, true},
		{0.001, 0.001, false},
		{float64(1 << 53), int64(1 << 53), true},
		{float64(1<<53) * 2, float64(1<<53) * 2, false}, // beyond 2^53: stays a float
		{"1e20", 1e20, true},
		// JSON writes these as an exponent without a dot, which the YAML
		// decoder reads as text: that text is their canonical form.
		{"1e-7", "1e-7", false},
		{1e-7, "1e-7", true},
		{"1.0e-7", "1e-7", true},
		{"1e-07", "1e-7", true},
		{"2.5e-8", 2.5e-8, true}, // JSON: 2.5e-8, with a dot: a float
		{3e-5, 3e-5, false},      // JSON: 0.00003
		{"3e-5", 3e-5, true},
		{math.Copysign(0, -1), math.Copysign(0, -1), false}, // −0 keeps its sign
		{"-0e0", math.Copysign(0, -1), true},
		{float64(0), int64(0), true},
		{uint64(100), uint64(100), false},
		{int64(-3), int64(-3), false},
		{"adam", "adam", false},
		{"1e400", "1e400", false}, // not finite: the run refuses it as written
		{math.Inf(1), math.Inf(1), false},
		{true, true, false},
		{[]any{uint64(1), 2.0, "3e0", 0.5}, []any{uint64(1), int64(2), int64(3), 0.5}, true},
		{[]any{uint64(1), 0.5}, []any{uint64(1), 0.5}, false},
		{map[string]any{"m": []any{[]any{1.0, "x"}}}, map[string]any{"m": []any{[]any{int64(1), "x"}}}, true},
	}
	for _, c := range cases {
		got, changed := canonicalNumbers(c.in)
		if !reflect.DeepEqual(got, c.want) || changed != c.changed {
			t.Errorf("canonicalNumbers(%#v) = %#v, %v; want %#v, %v", c.in, got, changed, c.want, c.changed)
		}
	}
	// The input is not modified in place.
	in := map[string]any{"a": []any{2.0}, "b": "1e-3"}
	canonicalNumbers(in)
	if !reflect.DeepEqual(in, map[string]any{"a": []any{2.0}, "b": "1e-3"}) {
		t.Errorf("the input changed: %#v", in)
	}
}

// TestJobIDCanonicalNumbers checks that spellings of the same numbers in
// rl.options and game.params give one job ID and the same run, that other
// values give other IDs, that configurations already in canonical form
// keep the ID of their text (as every earlier stackel computed it), and
// that jobs made before the numbers were canonical still check.
func TestJobIDCanonicalNumbers(t *testing.T) {
	rlJob := func(opts string) Job {
		t.Helper()
		return mustJob(t, "name: r\nrl: {env: Pendulum-v1, algo: ddpg, steps: 400, options: {"+opts+"}}\n", 3, "run")
	}
	same := [][]string{
		{"actor_lr: 0.001, batch_size: 100", "actor_lr: 1e-3, batch_size: 100.0", "actor_lr: 1.0e-3, batch_size: 1e2", "batch_size: 1E2, actor_lr: 0.0010"},
		{"gamma: 0.99", "gamma: 9.9e-1", "gamma: 99e-2"},
		{"cg_tol: 1e-7", "cg_tol: 0.0000001", "cg_tol: 1.0e-7", "cg_tol: 10e-8"},
	}
	var ids []string
	for _, group := range same {
		first := rlJob(group[0])
		if want := JobID([]byte(first.Config), 3); first.ID != want {
			t.Errorf("%s: ID %s, want JobID of the text, %s (a canonical config keeps its ID)", group[0], first.ID, want)
		}
		for _, o := range group[1:] {
			j := rlJob(o)
			if j.ID != first.ID {
				t.Errorf("{%s}: ID %s, want %s, that of {%s}", o, j.ID, first.ID, group[0])
			}
			if !sameRun(j, first) {
				t.Errorf("{%s} is not the same run as {%s}", o, group[0])
			}
			if err := j.CheckID(); err != nil {
				t.Errorf("{%s}: CheckID: %v", o, err)
			}
			// A job made by a stackel that hashed the numbers as spelt.
			old := j
			old.ID = JobID([]byte(j.Config), 3)
			if err := old.CheckID(); err != nil {
				t.Errorf("{%s} with its earlier ID: CheckID: %v", o, err)
			}
		}
		ids = append(ids, first.ID)
	}
	for _, o := range []string{"actor_lr: 0.002, batch_size: 100", "actor_lr: 0.001, batch_size: 101"} {
		if j := rlJob(o); j.ID == ids[0] || sameRun(j, rlJob(same[0][0])) {
			t.Errorf("{%s} has the ID of, or is the same run as, {%s}", o, same[0][0])
		}
	}
	// An edited job still fails, however its numbers are spelt.
	edited := rlJob("actor_lr: 1e-3")
	edited.Config = strings.Replace(edited.Config, "1e-3", "2e-3", 1)
	if err := edited.CheckID(); err == nil || !strings.Contains(err.Error(), "does not match") {
		t.Errorf("edited job: CheckID error %v, want a mismatch", err)
	}
	// A job made with rl.threads in its ID and the numbers as spelt
	// (sessions before rl.threads was left out), and one with rl.threads
	// left out but the numbers as spelt.
	threaded := mustJob(t, "name: r\nrl: {env: Pendulum-v1, algo: ddpg, steps: 400, threads: 2, options: {actor_lr: 1e-3}}\n", 3, "run")
	if threaded.ID != rlJob("actor_lr: 0.001").ID {
		t.Errorf("rl.threads 2 and 1e-3: ID %s, want that of the canonical config", threaded.ID)
	}
	withThreads := threaded
	withThreads.ID = JobID([]byte(threaded.Config), 3)
	cfg, err := ParseConfig([]byte(threaded.Config))
	if err != nil {
		t.Fatal(err)
	}
	legacy, err := legacyIDTexts([]byte(threaded.Config), cfg)
	if err != nil || len(legacy) != 2 || strings.Contains(string(legacy[1]), "threads:") || !strings.Contains(string(legacy[1]), "1e-3") {
		t.Fatalf("legacy texts %q, %v: want the text, then without rl.threads with 1e-3 as spelt", legacy, err)
	}
	noThreads := threaded
	noThreads.ID = JobID(legacy[1], 3)
	for _, j := range []Job{withThreads, noThreads} {
		if err := j.CheckID(); err != nil {
			t.Errorf("earlier ID %s: CheckID: %v", j.ID, err)
		}
	}

	// game.params: numbers, vectors and matrices.
	game := func(params string) Job {
		t.Helper()
		return mustJob(t, strings.Replace(jobTestConfig, "params: {A: 100, c1: 5, c2: 2}", "params: {"+params+"}", 1), 1, "g")
	}
	base := game("A: 100, c1: 5, c2: 2")
	for _, p := range []string{"A: 100.0, c1: 5e0, c2: 2", "A: 1e2, c1: 5.0, c2: 2.0"} {
		if j := game(p); j.ID != base.ID {
			t.Errorf("params {%s}: ID %s, want %s", p, j.ID, base.ID)
		}
	}
	if j := game("A: 100, c1: 5, c2: 2.5"); j.ID == base.ID {
		t.Error("params c2 2.5 has the ID of c2 2")
	}
	bimatrix := func(params string) Job {
		t.Helper()
		return mustJob(t, "name: b\ngame: {builtin: bimatrix, params: {"+params+"}}\n", 1, "b")
	}
	if a, b := bimatrix("A: [[1, 0], [0, 2.5]], B: [[0, 1], [2, 0]]"), bimatrix("A: [[1.0, 0e0], [0, 25e-1]], B: [[0, 1], [2.0, 0]]"); a.ID != b.ID {
		t.Errorf("matrix params: IDs %s and %s, want one", a.ID, b.ID)
	}

	// Values of Go types the YAML text does not keep ([][]float64,
	// float32) give the ID of what the text reads as, which CheckID
	// computes again.
	cfg, err = ParseConfig([]byte("name: b\ngame: {builtin: bimatrix, params: {A: [[1, 0], [0, 2]], B: [[0, 1], [2, 0]]}}\n"))
	if err != nil {
		t.Fatal(err)
	}
	cfg.Game.Params["A"] = [][]float64{{2, 1}, {0, 2}}
	cfg.Game.Params["B"] = []any{[]any{0.0, float32(1)}, []any{2, 0.5}}
	typed, err := NewJob(cfg, 1, "b")
	if err != nil {
		t.Fatal(err)
	}
	if err := typed.CheckID(); err != nil {
		t.Errorf("a job made from Go-typed params: %v", err)
	}
	if spelt := bimatrix("A: [[2, 1], [0, 2]], B: [[0, 1], [2, 0.5]]"); spelt.ID != typed.ID {
		t.Errorf("Go-typed params: ID %s, want %s, that of the same values in YAML", typed.ID, spelt.ID)
	}

	// A directory a job of an earlier stackel ran into, under that job's ID
	// (the numbers hashed as spelt), is the run of the same job respelt,
	// whose ID is the canonical one: JobState finds it finished.
	dir := filepath.Join(t.TempDir(), "run")
	// Small networks (ddpg's default is two layers of 256): the run only
	// needs to finish.
	earlier := mustJob(t, "name: r\nrl: {env: Pendulum-v1, algo: ddpg, steps: 400, steps_per_epoch: 200, hidden: [8], options: {start_steps: 1e2, update_after: 100.0, batch_size: 16, actor_lr: 1e-3}}\n", 3, "run")
	earlier.ID = JobID([]byte(earlier.Config), 3)
	if rec, err := RunJob(t.Context(), earlier, dir, nil); err != nil || rec.Status != JobDone {
		t.Fatalf("RunJob: %+v, %v", rec, err)
	}
	again := mustJob(t, "name: r\nrl: {env: Pendulum-v1, algo: ddpg, steps: 400, steps_per_epoch: 200, hidden: [8], options: {start_steps: 100, update_after: 100, batch_size: 16, actor_lr: 0.001}}\n", 3, "run")
	if again.ID == earlier.ID {
		t.Fatalf("the earlier ID %s is the canonical one: the test needs two", earlier.ID)
	}
	if rec, finished, err := JobState(dir, again); err != nil || !finished || rec.ID != earlier.ID {
		t.Errorf("the run respelt: %+v, finished %v, %v; want the earlier job's finished run", rec, finished, err)
	}
}
