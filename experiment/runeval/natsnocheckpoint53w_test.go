package runeval

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/experiment/sweep"
)

// workerRun makes dir look as a NATS worker's job directory after the
// sweep downloaded it: no checkpoint.gob (a worker's stored outputs leave
// it out) and an attempt.json naming the worker.
func workerRun(t *testing.T, dir string) {
	t.Helper()
	if err := os.Remove(filepath.Join(dir, experiment.CheckpointFile)); err != nil {
		t.Fatal(err)
	}
	if err := experiment.WriteJSON(dir, sweep.AttemptFile, sweep.Attempt{Worker: "vm:17052", Attempts: 1, WallSeconds: 0.5}); err != nil {
		t.Fatal(err)
	}
}

// TestNATSRunsHaveNoCheckpoint53w: the RL runs of a sweep run on NATS
// workers come without checkpoint.gob (the outputs a worker stores leave
// it out, and the server's copy is deleted when the job ends). eval's
// error and note say so, with what keeps one, instead of calling them
// "not an RL run, or a copy without its checkpoint (as committed result
// sets are)", which fits neither (seen on a 4-job Hopper-v4 sweep).
func TestNATSRunsHaveNoCheckpoint53w(t *testing.T) {
	root := t.TempDir()
	a := tinyRun(t, root, "ddpg", 1)
	b := tinyRun(t, root, "ddpg", 2)
	workerRun(t, a)
	workerRun(t, b)
	const why = "(attempt.json names the worker): a NATS worker keeps no checkpoint.gob once a job ends (the outputs it stores leave it out), a Slurm array's task keeps its own in the run's directory (a copy may leave it out); to play a sweep's policies, run it as a Slurm array (stackel sweep SPEC --emit slurm), which keeps them, or its configurations with stackel run"
	for _, c := range []struct {
		name string
		dirs []string
		want string
	}{
		{"two", []string{root}, "none of the 2 runs below " + root + " has a checkpoint.gob to evaluate: they were run by sweeps' jobs " + why},
		{"one", []string{a}, "the run " + a + " has no checkpoint.gob to evaluate: it was run by a sweep's job " + why},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Evaluate(context.Background(), Options{Dirs: c.dirs, Episodes: 1})
			if err == nil || err.Error() != c.want {
				t.Errorf("got  %v\nwant %s", err, c.want)
			}
		})
	}
	// A third run with its checkpoint is played; the note names the two
	// left out and why.
	tinyRun(t, root, "ddpg", 3)
	res, err := Evaluate(context.Background(), Options{Dirs: []string{root}, Episodes: 1})
	if err != nil {
		t.Fatal(err)
	}
	want := "2 of the 3 runs found have no checkpoint.gob (2 of them run by sweeps' jobs (attempt.json names the worker): a NATS worker keeps none once a job ends, a Slurm array's task keeps its own (a copy may leave it out)), left out: " + a + ", " + b
	if len(res.Runs) != 1 || len(res.Notes) != 1 || res.Notes[0] != want {
		t.Errorf("runs %d, notes %q\nwant the note %q", len(res.Runs), res.Notes, want)
	}
}
