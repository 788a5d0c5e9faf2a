package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestReportOnlyRefusesWorkers: reproduce --report-only --workers N ran
// nothing, so N was ignored without a word (the report is written from
// the runs on disk). It is refused, naming --workers, and the report on
// disk is left as it was.
func TestReportOnlyRefusesWorkers(t *testing.T) {
	out := filepath.Join(t.TempDir(), "d")
	if _, err := execute(t, "reproduce", "fiez-duopoly", "--quick", "--seeds", "1", "--quiet", "--out", out); err != nil {
		t.Fatal(err)
	}
	before := dirContents(t, out)
	_, err := execute(t, "reproduce", "fiez-duopoly", "--quick", "--seeds", "1", "--quiet", "--out", out, "--report-only", "--workers", "2")
	const want = "--workers: no effect with --report-only, which runs nothing (it writes the report from the runs on disk)"
	if err == nil || err.Error() != want {
		t.Errorf("--report-only --workers 2: %v, want %q", err, want)
	}
	after := dirContents(t, out)
	if len(after) != len(before) {
		t.Errorf("%d files in %s, was %d", len(after), out, len(before))
	}
	for name, b := range before {
		if after[name] != b {
			t.Errorf("%s changed", name)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "report.md")); err != nil {
		t.Error(err)
	}
}
