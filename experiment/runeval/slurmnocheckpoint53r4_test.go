package runeval

import (
	"context"
	"testing"
)

// A Slurm array's task (stackel run --manifest) writes an attempt.json
// naming its worker (host:pid) as a NATS worker does, so a copy of its
// run without checkpoint.gob is not told that a NATS worker ran it and
// that a Slurm array would keep its checkpoint: eval's error names both
// kinds of sweep job (it said "a NATS worker keeps no checkpoint.gob ...;
// to play a sweep's policies, run it as a Slurm array", whichever ran it).
func TestSlurmTaskRunWithoutCheckpoint53r4(t *testing.T) {
	root := t.TempDir()
	a := tinyRun(t, root, "ddpg", 1)
	workerRun(t, a) // attempt.json {"worker": "vm:17052"}: a Slurm task's looks the same
	want := "the run " + a + " has no checkpoint.gob to evaluate: it was run by a sweep's job (attempt.json names the worker): a NATS worker keeps no checkpoint.gob once a job ends (the outputs it stores leave it out), a Slurm array's task keeps its own in the run's directory (a copy may leave it out); to play a sweep's policies, run it as a Slurm array (stackel sweep SPEC --emit slurm), which keeps them, or its configurations with stackel run"
	_, err := Evaluate(context.Background(), Options{Dirs: []string{a}, Episodes: 1})
	if err == nil || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
}
