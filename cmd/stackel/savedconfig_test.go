package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// savedConfigKinds are configs of every kind of run.
var savedConfigKinds = map[string]string{
	"smooth-stackelberg": "name: a\nseed: 7\ngame: {builtin: duopoly, params: {A: 100, c1: 5, c2: 2}}\ndynamics:\n  kind: stackelberg\n  leader_lr: {power: {a: 1, b: 1, p: 1}}\n  follower_lr: {power: {a: 1, b: 1, p: 0.6667}}\n  noise: {leader: 3.1623, follower: 3.1623}\n  solver: {kind: cg, lambda: 0.001, iters: 3, tol: 1e-12}\niterations: 400\nrecord_every: 7\ninit: {uniform: {x: [[0, 50]], y: [[0, 50]]}}\n",
	"formula-lola":       "name: f\nseed: 3\ngame:\n  sense: payoff\n  dims: [1, 2]\n  f1: \"x[0]*(A - x[0] - y[0]) - c1*x[0] - 0.1*quad(y, M, y)\"\n  f2: \"y[0]*(A - x[0] - y[0]) - c2*y[0] - norm2(y)\"\n  params: {A: 100, c1: 5, c2: 2, M: [[1, 0.5], [0.5, 1]]}\n  domain: {x: {box: [[0, 100]]}}\ndynamics: {kind: lola, leader_lr: {constant: 0.01}, follower_lr: {list: [0.02, 0.01]}, lookahead: 0.05}\niterations: 300\ninit: {x: [10], y: [10, 1]}\n",
	"formula-torus-sga":  "name: t\ngame:\n  sense: cost\n  dims: [1, 1]\n  f1: \"-cos(x[0] - 0.3) + sin(y[0])*0.5\"\n  f2: \"-cos(y[0] + 0.2) + 0.1*x[0]*y[0]\"\n  domain: {torus: true}\ndynamics: {kind: sga, leader_lr: {log: {a: 0, b: 0.1}}}\ninit: {x: [1], y: [-1]}\n",
	"hic":                "name: h\nseed: 3\ngame: {builtin: cournot}\ndynamics:\n  kind: hic\n  alpha: {power: {a: 0.001, b: 0, p: 0.1}}\n  delta: {power: {a: 1, b: 0, p: 0.6}}\n  commitment: {eq19: {beta: 0.1, mu: 2, B: 100, p: 0.5}}\n  baseline: previous\n  follower: {kind: gradient, lr: 0.1}\nstages: 20000\ninit: {uniform: {x: [[0, 50]], y: [[0, 50]]}}\n",
	"hic-ema":            "name: h2\nseed: 4\ngame: {builtin: cournot}\ndynamics:\n  kind: hic\n  alpha: {constant: 0.001}\n  delta: {constant: 0.5}\n  commitment: {constant: 20}\n  baseline: {ema: 0.9}\n  follower: {kind: noisy-gradient, lr: 0.1, noise: 0.5}\nstages: 5000\n",
	"markov-builtin":     "name: m\ngame: {markov_builtin: random, params: {states: 3, actions1: 2, actions2: 2, seed: 5}}\ndynamics: {kind: stackelberg-pg, leader_lr: {constant: 0.5}, follower_lr: {constant: 2}, reg: 0.001}\niterations: 50\n",
	"markov-spec":        "name: ms\ngame: {markov: spec.yaml}\ndynamics: {kind: simultaneous-pg, estimator: sampled, batch: 4, horizon: 6}\nseed: 9\niterations: 20\n",
	"rl":                 "name: r\nseed: 2\nrl: {env: CartPole-v1, algo: stac, steps: 400, steps_per_epoch: 200, hidden: [8], cg: {iters: 3, lambda: 0}, options: {actor_lr: 3e-2}}\n",
}

const savedConfigSpec = "gamma: 0.9\nlambda: 0.2\nstates: 2\nactions: [2, 2]\nrho: [0.5, 0.5]\nP: [[[[1, 0], [0, 1]], [[0.5, 0.5], [1, 0]]], [[[0, 1], [1, 0]], [[0.5, 0.5], [0, 1]]]]\nR1: [[[1, 0], [0, 1]], [[0, 1], [1, 0]]]\nR2: [[[0, 1], [1, 0]], [[1, 0], [0, 1]]]\n"

// TestSavedConfigReproducesRun runs a config of every kind, then runs the
// DIR/config.yaml it saved from another working directory, and checks
// that the second run gives the same metrics bit for bit (RL: every column
// but the wall-clock ones) and the same final point.
func TestSavedConfigReproducesRun(t *testing.T) {
	for kind, body := range savedConfigKinds {
		t.Run(kind, func(t *testing.T) {
			dir := t.TempDir()
			cfg := writeFile(t, dir, "c.yaml", body)
			writeFile(t, dir, "spec.yaml", savedConfigSpec)
			first := filepath.Join(dir, "first")
			if _, err := execute(t, "run", cfg, "--out", first, "--quiet"); err != nil {
				t.Fatal(err)
			}
			saved, _ := os.ReadFile(filepath.Join(first, "config.yaml"))
			// Copy the saved config elsewhere, so that relative paths in
			// it cannot resolve against the original directory.
			other := t.TempDir()
			again := writeFile(t, other, "again.yaml", string(saved))
			second := filepath.Join(other, "second")
			if _, err := execute(t, "run", again, "--out", second, "--quiet"); err != nil {
				t.Fatalf("the saved config does not run again: %v\n%s", err, saved)
			}
			m1, m2 := readMetrics(t, first), readMetrics(t, second)
			if len(m1) < 2 || len(m1) != len(m2) {
				t.Fatalf("metrics rows: %d vs %d", len(m1), len(m2))
			}
			for i := range m1 {
				for j := range m1[i] {
					if strings.Contains(m1[0][j], "second") || m1[0][j] == "steps_per_second" {
						continue // wall clock
					}
					if m1[i][j] != m2[i][j] {
						t.Fatalf("row %d column %s: %s vs %s", i, m1[0][j], m1[i][j], m2[i][j])
					}
				}
			}
			var s1, s2 map[string]any
			readJSON(t, filepath.Join(first, "summary.json"), &s1)
			readJSON(t, filepath.Join(second, "summary.json"), &s2)
			f1, _ := json.Marshal(s1["final"])
			f2, _ := json.Marshal(s2["final"])
			if string(f1) != string(f2) || s1["error"] != nil {
				t.Errorf("final %s vs %s (error %v)", f1, f2, s1["error"])
			}
		})
	}
}

func readMetrics(t *testing.T, dir string) [][]string {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "metrics.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}
