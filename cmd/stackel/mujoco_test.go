//go:build mujoco

package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

const mujocoLinked = true

// TestRunHopperSAC: `stackel run` with rl: {env: Hopper-v4, algo: sac}
// trains (a shortened run: two epochs of 500 steps, small networks) and
// writes its outputs.
func TestRunHopperSAC(t *testing.T) {
	dir := t.TempDir()
	cfg := writeFile(t, dir, "hopper.yaml", `name: hopper-sac
seed: 1
rl:
  env: Hopper-v4
  algo: sac
  steps: 1000
  steps_per_epoch: 500
  hidden: [16, 16]
  options: {start_steps: 300, update_after: 300, update_every: 50, batch_size: 32, test_episodes: 1, lanczos_iters: 0}
`)
	out := filepath.Join(dir, "out")
	if _, err := execute(t, "run", cfg, "--out", out, "--quiet"); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(out, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	var sum struct {
		Steps int    `json:"steps"`
		Env   string `json:"env"`
		Final struct {
			Test float64 `json:"test_return"`
		} `json:"final"`
	}
	if err := json.Unmarshal(b, &sum); err != nil {
		t.Fatal(err)
	}
	if sum.Steps != 1000 || sum.Env != "Hopper-v4" || sum.Final.Test == 0 {
		t.Errorf("summary %s", b)
	}
}
