package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stackel/stackel/experiment"
)

// A plain `run CONFIG --out DIR` into the directory of a finished RL run
// of the same config and seed said the directory "holds another run"
// (and to continue it with --resume DIR, which has nothing left to run);
// it now says it holds this config's run, finished, and that it is
// lengthened with --resume and a larger rl.steps or rerun with --force.
// A run of this config that stopped before its end (a running summary: the
// process was killed) keeps the occupied directory's hint, --resume DIR;
// a run of another seed there is still "another run".
func TestRunSameRLConfigAgainSaysSo(t *testing.T) {
	dir := t.TempDir()
	cfg := writeFile(t, dir, "r.yaml", "name: r\nseed: 5\nrl: {env: CartPole-v1, algo: ac, steps: 400, steps_per_epoch: 200, hidden: [8], options: {test_episodes: 1}}\n")
	out := filepath.Join(dir, "d 1") // a space: the suggested command quotes it
	if _, err := execute(t, "run", cfg, "--out", out, "--quiet"); err != nil {
		t.Fatal(err)
	}
	_, err := execute(t, "run", cfg, "--out", out, "--quiet")
	want := "the output directory " + out + " holds a run of this config (seed 5) already, finished (400 steps): to lengthen it, raise rl.steps in CONFIG and run stackel run --resume " + shellWord(out) + " CONFIG; or rerun it with --force (which deletes that run first), or choose another --out"
	if err == nil || err.Error() != want {
		t.Errorf("same config again: error %v\nwant %s", err, want)
	}
	if _, err := execute(t, "run", cfg, "--out", out, "--quiet", "--seed", "4"); err == nil || !strings.Contains(err.Error(), "holds another run") {
		t.Errorf("another seed: error %v; want \"holds another run\"", err)
	}
	if err := os.WriteFile(filepath.Join(out, experiment.SummaryFile), []byte(`{"running": true, "env": "CartPole-v1"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = execute(t, "run", cfg, "--out", out, "--quiet")
	if err == nil || !strings.HasSuffix(err.Error(), "; continue it with stackel run --resume "+shellWord(out)+", delete it with --force, or choose another --out") {
		t.Errorf("same config, unfinished: error %v; want the occupied directory's hint, --resume DIR", err)
	}
}
