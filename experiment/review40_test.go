package experiment

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAnalyzePartialUniformRefused: an init.uniform that gives only x's
// ranges is refused by analyze, naming init.uniform's y and its line, as
// every run of the config refuses it (a run draws both players' starts
// from init.uniform); analyze used to search y's default box instead.
func TestAnalyzePartialUniformRefused(t *testing.T) {
	for _, c := range []struct{ name, text, want string }{
		{"y left out", "game: {builtin: duopoly}\ndynamics: {kind: sga}\ninit:\n  uniform: {x: [[0, 50]]}\n",
			"config: line 4: init.uniform: y: missing"},
		{"x left out", "game: {f1: 'x*x', f2: 'y*y', sense: cost}\ndynamics: {kind: sga}\ninit:\n  uniform: {y: [[0, 1]]}\n",
			"config: line 4: init.uniform: x: missing"},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "c.yaml")
			if err := os.WriteFile(path, []byte(c.text), 0o644); err != nil {
				t.Fatal(err)
			}
			cfg, err := LoadConfig(path)
			if err != nil {
				t.Fatal(err)
			}
			_, aErr := Analyze(context.Background(), cfg, AnalyzeOptions{Starts: 2})
			if aErr == nil || !strings.Contains(cfg.Locate(aErr).Error(), c.want) {
				t.Errorf("Analyze: %v; want an error containing %q", aErr, c.want)
			}
			// The run refuses it with the same words.
			_, rErr := Run(context.Background(), cfg, RunOptions{Out: t.TempDir()})
			if rErr == nil || !strings.Contains(cfg.Locate(rErr).Error(), c.want) {
				t.Errorf("Run: %v; want an error containing %q", rErr, c.want)
			}
		})
	}
}

// TestAnalyzeUniformOutsideBoxRefused: on a box domain analyze ignored
// init.uniform, accepting a range outside the box that a run refuses.
func TestAnalyzeUniformOutsideBoxRefused(t *testing.T) {
	cfg, err := ParseConfig([]byte("game: {f1: 'x*x', f2: 'y*y', sense: cost, domain: {x: {box: [[0, 1]]}, y: {box: [[0, 1]]}}}\ndynamics: {kind: sga}\ninit: {uniform: {x: [[0, 5]], y: [[0, 1]]}}\n"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = Analyze(context.Background(), cfg, AnalyzeOptions{Starts: 2})
	if want := "init.uniform.x[0] = [0 5] reaches outside the domain's [0, 1]"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("Analyze: %v; want %q", err, want)
	}
}

// TestEigsNoNegativeZero: a complex eigenvalue with real part −0 prints
// as 0+1i, not -0+1i, and a real −0 as 0.
func TestEigsNoNegativeZero(t *testing.T) {
	negZero := 0.0
	negZero = -negZero
	if got, want := eigs([][2]float64{{negZero, 1}, {negZero, -1}, {negZero, 0}, {-0.5, 2}}), "0+1i 0-1i 0 -0.5+2i"; got != want {
		t.Errorf("eigs = %q, want %q", got, want)
	}
}

// TestRangeCountPlural: one range, one dimension, in the singular.
func TestRangeCountPlural(t *testing.T) {
	cfg, err := ParseConfig([]byte("game: {f1: 'sum(x*x)', f2: 'y*y', sense: cost, dims: [2, 1]}\ndynamics: {kind: sga}\ninit: {uniform: {x: [[0, 1], [0, 1], [0, 1]], y: [[0, 1]]}}\n"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = Run(context.Background(), cfg, RunOptions{Out: t.TempDir()})
	if want := "config: init.uniform.x has 3 ranges for 2 dimensions"; err == nil || err.Error() != want {
		t.Errorf("Run: %v; want %q", err, want)
	}
	cfg.Init.Uniform.X = [][]float64{{0, 1}, {0, 1}}
	cfg.Init.Uniform.Y = [][]float64{{0, 1}, {0, 1}}
	_, err = Run(context.Background(), cfg, RunOptions{Out: t.TempDir()})
	if want := "config: init.uniform.y has 2 ranges for 1 dimension"; err == nil || err.Error() != want {
		t.Errorf("Run: %v; want %q", err, want)
	}
}

// TestHiCFollowerLRMissingNamesKeyAndLine: a Hi-C follower without lr is
// "dynamics.follower: lr: missing" at the follower's line (it said
// "dynamics.follower.lr = 0", a value the file does not hold, with no
// line); lr: 0 written out is still "= 0" at its own line.
func TestHiCFollowerLRMissingNamesKeyAndLine(t *testing.T) {
	head := "game: {builtin: cournot}\ndynamics:\n  kind: hic\n  alpha: {constant: 0.01}\n  delta: {constant: 0.5}\n  commitment: {constant: 100}\n"
	for _, c := range []struct{ name, follower, want string }{
		{"block", "  follower:\n    kind: gradient\n", "config: line 7: dynamics.follower: lr: missing (the follower's gradient step, > 0, e.g. lr: 0.1)"},
		{"flow", "  follower: {kind: noisy-gradient, noise: 1}\n", "config: line 7: dynamics.follower: lr: missing"},
		{"written 0", "  follower:\n    kind: gradient\n    lr: 0\n", "config: line 9: dynamics.follower.lr = 0: need > 0"},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "c.yaml")
			if err := os.WriteFile(path, []byte(head+c.follower+"stages: 100\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			cfg, err := LoadConfig(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := cfg.Locate(Check(cfg)); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("Check: %v; want %q", err, c.want)
			}
		})
	}
}

// TestRLSummaryRecordsDType: an RL run's summary.json says which element
// type its networks computed in, beside its other settings.
func TestRLSummaryRecordsDType(t *testing.T) {
	for _, dt := range []string{"float32", "float64"} {
		rc := tinyRL()
		rc.Steps = 200
		rc.DType = dt
		dir := t.TempDir()
		if _, err := RunRL(context.Background(), rc, 1, dir, false, nil); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(dir, SummaryFile))
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		if m["dtype"] != dt {
			t.Errorf("rl.dtype %s: summary.json dtype = %v, want %q\n%s", dt, m["dtype"], dt, b)
		}
	}
}
