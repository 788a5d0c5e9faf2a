package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stackel/stackel/experiment"
)

// TestEvalDamagedCheckpointAdvice53: stackel eval on a run whose
// checkpoint was changed after it was written lists the run as failed
// with the damage named, and does not advise deleting the checkpoint to
// restart the run (a resume's advice: the run's last state, lost to an
// evaluation); the other run is evaluated.
func TestEvalDamagedCheckpointAdvice53(t *testing.T) {
	root := t.TempDir()
	runs := filepath.Join(root, "runs")
	runSeeds(t, ddpgConfig(t, root, 400), runs, 1, 2)
	ckpt := filepath.Join(runs, "seed2", experiment.CheckpointFile)
	data, err := os.ReadFile(ckpt)
	if err != nil {
		t.Fatal(err)
	}
	data[len(data)-20] ^= 0x10
	if err := os.WriteFile(ckpt, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := execute(t, "eval", runs, "--episodes", "1", "--quiet")
	want := "\nfailed: " + filepath.Join(runs, "seed2") + ": " + ckpt + ": corrupt checkpoint: SHA-256 mismatch (the file was changed after it was written)\n"
	if err == nil || err.Error() != "1 of 2 runs not evaluated (see their errors above)" || !strings.Contains(out, want) || strings.Contains(out, "delete") {
		t.Errorf("error %v, output\n%s\nwant the line%s", err, out, want)
	}
}
