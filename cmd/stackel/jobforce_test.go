package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stackel/stackel/experiment"
)

// TestJobForceRefused: run --job FILE --force was accepted and did
// nothing of what --force promises: the job finished in DIR was skipped
// ("job … done"), its files kept. It is refused, naming the flag, with
// the directory unchanged.
func TestJobForceRefused(t *testing.T) {
	dir := t.TempDir()
	cfg := "name: d\nseed: 1\ngame: {builtin: duopoly}\ndynamics: {kind: sga}\niterations: 20\n"
	b, err := json.Marshal(experiment.Job{ID: experiment.JobID([]byte(cfg), 1), Config: cfg, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	file := writeFile(t, dir, "j.json", string(b))
	out := filepath.Join(dir, "o")
	if _, err := execute(t, "run", "--job", file, "--out", out, "--quiet"); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(filepath.Join(out, experiment.JobFile))
	if err != nil {
		t.Fatal(err)
	}
	_, err = execute(t, "run", "--job", file, "--out", out, "--quiet", "--force")
	const want = "--force: no effect with --job, which skips a job finished in its directory and resumes an unfinished one; to run it again from the start, delete the directory or give another --out"
	if err == nil || err.Error() != want {
		t.Errorf("run --job --force: %v, want %q", err, want)
	}
	after, err := os.ReadFile(filepath.Join(out, experiment.JobFile))
	if err != nil || string(after) != string(before) {
		t.Errorf("job.json changed (%v)", err)
	}
}
