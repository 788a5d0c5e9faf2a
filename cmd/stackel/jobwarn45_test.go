package main

import (
	"path/filepath"
	"testing"
)

// `stackel run --job FILE` says on stderr, after the run, that the
// leader's CG solves stopped at their cap (cappedCGConfig), as `stackel
// run CONFIG` does; stdout keeps the summary alone.
func TestRunJobWarnsCapped(t *testing.T) {
	root := t.TempDir()
	path, _ := writeJobFile(t, root, "j.json", cappedCGConfig, 1)
	executeWarned(t, cappedCGWarning, "run", "--job", path, "--out", filepath.Join(root, "o"), "--quiet")
}
