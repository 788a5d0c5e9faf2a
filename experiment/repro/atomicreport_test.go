package repro

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stackel/stackel/internal/fault"
)

// A kill in the middle of a write to report.md (a table appended, the
// failed-runs note, a --quick report's note put at its top) leaves the
// report as it was before that write, whole, never cut in the middle of
// the text being written: report.md is written atomically (a temporary
// file synced and renamed over it). The child process reaches the fault
// point halfway through the write and is killed there. Before, report.md
// was appended to in place (os.OpenFile with O_APPEND, os.WriteFile), no
// fault point was reached, and a kill mid-write left a cut table.
func TestReportWriteIsAtomic(t *testing.T) {
	if dir := os.Getenv("REPRO_ATOMIC_CHILD"); dir != "" {
		tab := Table{Title: "T", Header: []string{"a", "b"}}
		tab.Add(1.0, 2.0)
		switch os.Getenv("REPRO_ATOMIC_WRITE") {
		case "table":
			tab.Write(nil, dir)
		case "note":
			appendFile(filepath.Join(dir, "report.md"), "\n> note\n")
		case "quick":
			markQuickReport(dir, nil, quickNoteFor(""))
		}
		os.Exit(0)
	}
	for _, write := range []string{"table", "note", "quick"} {
		t.Run(write, func(t *testing.T) {
			dir := t.TempDir()
			earlier := "### Earlier\n\n| x |\n|---|\n| 1 |\n"
			path := filepath.Join(dir, "report.md")
			if err := os.WriteFile(path, []byte(earlier), 0o644); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(os.Args[0], "-test.run", "^TestReportWriteIsAtomic$")
			cmd.Env = append(os.Environ(), "REPRO_ATOMIC_CHILD="+dir, "REPRO_ATOMIC_WRITE="+write, fault.Env+"=write-report.md")
			out, err := cmd.CombinedOutput()
			if err == nil || cmd.ProcessState.ExitCode() != -1 {
				t.Errorf("child not killed in the middle of the report write (%v): %s", err, out)
			}
			if got, _ := os.ReadFile(path); string(got) != earlier {
				t.Errorf("report.md after a kill mid-write:\n%q\nwant the earlier report whole:\n%q", got, earlier)
			}
		})
	}
}
