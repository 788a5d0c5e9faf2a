package experiment

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// A job refused for a config error (here: no game section) leaves no
// directory behind, neither its own nor a parent (a reproduction's
// VARIANT/ of VARIANT/seedN): the config is checked before any directory
// is made (review 41 reported empty VARIANT/seedN directories after such
// jobs; this pins the order that prevents them).
func TestRunJobConfigErrorLeavesNoEmptyDirs(t *testing.T) {
	root := t.TempDir()
	text := "name: x\nseed: 1\n"
	job := Job{ID: JobID([]byte(text), 1), Config: text, Seed: 1, Out: "v/seed1"}
	_, err := RunJob(context.Background(), job, filepath.Join(root, "v", "seed1"), nil)
	if err == nil {
		t.Fatal("no error")
	}
	if _, serr := os.Stat(filepath.Join(root, "v")); serr == nil {
		t.Errorf("error %v, and %s left behind", err, filepath.Join(root, "v"))
	}
}
