package experiment

import (
	"context"
	"path/filepath"
	"testing"
)

// runTinyRL runs the RL job of rc (tinyRL's, say) for seed in root/rl to
// its end and returns the job and its directory; a run that does not end
// done fails the test. It sets up the session-51 tests of finished runs'
// checks (metrics rows, settings, RunJob's reuse).
func runTinyRL(t *testing.T, root string, rc RLConfig, seed uint64) (Job, string) {
	t.Helper()
	j, err := NewJob(&Config{Name: "tiny", RL: &rc}, seed, "rl")
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, j.Out)
	if rec, err := RunJob(context.Background(), j, dir, nil); err != nil || rec.Status != JobDone {
		t.Fatalf("RunJob: %s, %v", rec.Status, err)
	}
	return j, dir
}
