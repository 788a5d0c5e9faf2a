package sweep

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReportCountsEveryStatus: the report's "Jobs:" note counts every
// job, one whose status stackel does not write (another version's, a
// state edited by hand) among them, as NotDone does. Such jobs were left
// out: "Jobs: 1 missing." for three jobs.
func TestReportCountsEveryStatus(t *testing.T) {
	spec := `name: rep
config: {name: c, game: {builtin: duopoly}, dynamics: {kind: sga}, iterations: 10}
grid: {dynamics.leader_lr.constant: [0.1, 0.2, 0.3]}
`
	jobs := expandSpec(t, spec)
	dir := t.TempDir()
	recs := DiskRecords(dir, jobs)
	recs[1].Status, recs[2].Status = "paused", ""
	if err := WriteReport(dir, "rep", jobs, recs, nil); err != nil {
		t.Fatal(err)
	}
	md, _ := os.ReadFile(filepath.Join(dir, "report.md"))
	if want := `Jobs: 1 missing, 1 "", 1 paused.`; !strings.Contains(string(md), want) {
		t.Errorf("report.md lacks %q:\n%s", want, md)
	}
	if err := NotDone("rep", dir, recs); err == nil || !strings.Contains(err.Error(), `3 of 3 jobs not done: 1 missing, 1 "", 1 paused (see`) {
		t.Errorf("NotDone = %v", err)
	}
}
