package sweep

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stackel/stackel/experiment"
)

// TestReportOverTheRunRowMean: "over the run" is the mean of a run's
// metrics.csv rows, each of equal weight, and the note says so. Rows at
// meta-intervals 7, 14 and 16 (record_every 7 over 16 meta-intervals,
// the last a short step) with f1 = 1, 4 and 10 give (1 + 4 + 10)/3 = 5
// (the area under the curve weighting each row by its step would give
// (7·1 + 7·4 + 2·10)/16 = 3.44); the note called it the area under the
// curve over its length.
func TestReportOverTheRunRowMean(t *testing.T) {
	spec := `name: rows
config: {name: c, game: {builtin: duopoly}, dynamics: {kind: sga}, iterations: 10}
grid: {dynamics.leader_lr.constant: [0.1]}
seeds: [1]
`
	jobs := expandSpec(t, spec)
	dir := t.TempDir()
	d := jobs[0].OutDir(dir)
	os.MkdirAll(d, 0o755)
	os.WriteFile(filepath.Join(d, experiment.MetricsFile), []byte("meta_interval,f1\n7,1\n14,4\n16,10\n"), 0o644)
	os.WriteFile(filepath.Join(d, experiment.SummaryFile), []byte(`{"final": {"f1": 10}}`), 0o644)
	experiment.WriteJSON(d, experiment.JobFile, experiment.JobRecord{Job: jobs[0].Job, Status: "done"})
	experiment.WriteJSON(d, AttemptFile, Attempt{Worker: "w", Attempts: 1, WallSeconds: 1})
	var log strings.Builder
	if err := WriteReport(dir, "rows", jobs, DiskRecords(dir, jobs), &log); err != nil {
		t.Fatal(err)
	}
	md, _ := os.ReadFile(filepath.Join(dir, "report.md"))
	for _, want := range []string{
		"| dynamics.leader_lr.constant=0.1 | 1/1 | 10 | 5 |",
		"over the run: each run's metrics.csv column averaged over its rows, each of equal weight (the area under its curve with every row of equal width: a last row nearer the one before it, as a run recording every few iterations ends with, counts in full;",
	} {
		if !strings.Contains(string(md), want) {
			t.Errorf("report.md lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(string(md), "over its length") {
		t.Errorf("report.md calls the row mean the area under the curve over its length:\n%s", md)
	}
}
