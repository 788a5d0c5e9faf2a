package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/experiment/runeval"
)

// TestEvalCommand52: stackel eval DIR prints a row per run with the
// return that runeval.Evaluate computes for it (to the two decimals
// printed) and a row per series; --json prints runeval's result itself;
// --stochastic plays another policy; a damaged checkpoint is listed as
// failed with its error and the command exits with an error counting it;
// --episodes 0 is refused.
func TestEvalCommand52(t *testing.T) {
	root := t.TempDir()
	runs := filepath.Join(root, "runs")
	runSeeds(t, ddpgConfig(t, root, 400), runs, 1, 2)
	want, err := runeval.Evaluate(context.Background(), runeval.Options{Dirs: []string{runs}, Episodes: 2, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	out, err := execute(t, "eval", runs, "--episodes", "2", "--seed", "3", "--quiet")
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	lines := strings.Split(out, "\n")
	if lines[0] != "2 episodes per run, deterministic policy, evaluation seed 3" {
		t.Errorf("first line %q", lines[0])
	}
	for _, r := range want.Runs {
		row := fmt.Sprintf("%s  Pendulum-v1  ddpg  %d     400/400  %.2f ± %.2f", r.Dir, r.Seed, r.Return.Mean, r.Return.SD)
		if !strings.Contains(out, row) {
			t.Errorf("no row %q in\n%s", row, out)
		}
	}
	s := want.Series[0]
	if row := fmt.Sprintf("pend    2     %.2f ± %.2f\n", s.Return.Mean, s.Return.SD); !strings.Contains(out, row) {
		t.Errorf("no series row %q in\n%s", row, out)
	}

	out, err = execute(t, "eval", runs, "--episodes", "2", "--seed", "3", "--quiet", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var got runeval.Result
	if err := json.Unmarshal([]byte(out), &got); err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("--json: %v\n%+v\nwant %+v", err, got, want)
	}
	out, err = execute(t, "eval", runs, "--episodes", "2", "--seed", "3", "--quiet", "--stochastic")
	if err != nil || !strings.HasPrefix(out, "2 episodes per run, stochastic policy") || strings.Contains(out, fmt.Sprintf("%.2f ± %.2f", want.Runs[0].Return.Mean, want.Runs[0].Return.SD)) {
		t.Errorf("--stochastic: %v\n%s", err, out)
	}

	ckpt := filepath.Join(runs, "seed2", experiment.CheckpointFile)
	if err := os.WriteFile(ckpt, []byte("stackel checkpoint v3\nshort"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err = execute(t, "eval", runs, "--episodes", "2", "--quiet")
	if err == nil || err.Error() != "1 of 2 runs not evaluated (see their errors above)" ||
		!strings.Contains(out, filepath.Join(runs, "seed2")+"  —            —     —     —        failed (below)") ||
		!strings.Contains(out, "failed: "+filepath.Join(runs, "seed2")+": "+ckpt+": corrupt checkpoint") ||
		!strings.Contains(out, "pend    1 (1 failed, left out)  ") {
		t.Errorf("damaged checkpoint: %v\n%s", err, out)
	}
	if _, err := execute(t, "eval", runs, "--episodes", "0"); err == nil || err.Error() != "--episodes 0: need at least 1" {
		t.Errorf("--episodes 0: %v", err)
	}
}

// ddpgConfig writes root/ddpg.yaml, a DDPG run named pend of steps steps
// on Pendulum-v1 with small networks, and returns its path.
func ddpgConfig(t *testing.T, root string, steps int) string {
	t.Helper()
	return writeFile(t, root, "ddpg.yaml", fmt.Sprintf(`name: pend
rl:
  env: Pendulum-v1
  algo: ddpg
  steps: %d
  steps_per_epoch: 200
  hidden: [8]
  options: {start_steps: 100, update_after: 100, update_every: 50, batch_size: 16, replay_size: 1000, test_episodes: 1}
`, steps))
}

// runSeeds runs the config cfg with each of seeds into runs/seed<k>.
func runSeeds(t *testing.T, cfg, runs string, seeds ...int) {
	t.Helper()
	for _, s := range seeds {
		if _, err := execute(t, "run", cfg, "--seed", fmt.Sprint(s), "--out", filepath.Join(runs, fmt.Sprintf("seed%d", s)), "--quiet"); err != nil {
			t.Fatal(err)
		}
	}
}
