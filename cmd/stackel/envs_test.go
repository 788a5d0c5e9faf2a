package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stackel/stackel/rl/env"
)

// TestEnvs: `stackel envs --json` lists all thirteen environments, the eight
// MuJoCo ones marked as needing the tag (and available exactly when this
// test binary was built with it); an RL run on a MuJoCo task from a build
// without the tag fails with an error naming the tag.
func TestEnvs(t *testing.T) {
	out, err := execute(t, "envs", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var rows []envInfo
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("%v in %s", err, out)
	}
	if len(rows) != 13 {
		t.Fatalf("%d environments, want 13: %s", len(rows), out)
	}
	byName := map[string]envInfo{}
	for _, r := range rows {
		byName[r.Name] = r
	}
	for _, task := range env.MuJoCoTasks {
		r, ok := byName[task.ID]
		if !ok {
			t.Fatalf("%s missing", task.ID)
		}
		if r.Tag != "mujoco" || r.Available != mujocoLinked || r.TimeLimit != task.MaxEpisodeSteps {
			t.Errorf("%s: %+v (mujoco linked: %v)", task.ID, r, mujocoLinked)
		}
	}
	if r := byName["Hopper-v4"]; r.Observation != "Box(-∞, ∞, (11,))" || r.Action != "Box(-1, 1, (3,))" || *r.RewardThreshold != 3800 {
		t.Errorf("Hopper-v4: %+v", r)
	}
	if r := byName["Walker2d-v4"]; r.RewardThreshold != nil {
		t.Errorf("Walker2d-v4 has no reward threshold, got %v", *r.RewardThreshold)
	}
	if r := byName["CartPole-v1"]; r.Tag != "" || !r.Available || r.Action != "Discrete(2)" {
		t.Errorf("CartPole-v1: %+v", r)
	}
	text, err := execute(t, "envs")
	if err != nil || !strings.Contains(text, "InvertedDoublePendulum-v4") || strings.Contains(text, "apt-get install libmujoco-dev") == mujocoLinked {
		t.Errorf("envs table: %v\n%s", err, text)
	}

	if !mujocoLinked {
		dir := t.TempDir()
		cfg := writeFile(t, dir, "hopper.yaml", "name: hopper\nrl: {env: Hopper-v4, algo: sac, steps: 2000}\n")
		_, err := execute(t, "run", cfg, "--out", filepath.Join(dir, "out"), "--quiet")
		if err == nil || !strings.Contains(err.Error(), "-tags mujoco") || !strings.Contains(err.Error(), "libmujoco-dev") {
			t.Errorf("Hopper-v4 run without the tag: error %v; want how to build with -tags mujoco", err)
		}
	}
}
