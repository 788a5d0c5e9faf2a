package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// `stackel run --manifest M --index I` (a Slurm array task) says on
// stderr, after the run, that the leader's CG solves stopped at their cap
// (cappedCGConfig), as `stackel run --job` does; stdout keeps the job's
// line alone. The warning was dropped.
func TestRunManifestWarnsCapped(t *testing.T) {
	dir := t.TempDir()
	config := "  " + strings.ReplaceAll(strings.TrimSuffix(cappedCGConfig, "\n"), "\n", "\n  ") + "\n"
	spec := writeFile(t, dir, "s.yaml", "name: cap\nconfig:\n"+config)
	sw := filepath.Join(dir, "sw")
	if _, err := execute(t, "sweep", spec, "--emit", "slurm", "--out", sw); err != nil {
		t.Fatal(err)
	}
	out := executeWarned(t, cappedCGWarning, "run", "--manifest", filepath.Join(sw, "manifest.json"), "--index", "0", "--quiet")
	if !strings.HasPrefix(out, "job 0 (") {
		t.Errorf("stdout %q, want the job's line alone", out)
	}
}
