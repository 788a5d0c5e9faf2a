package repro

import (
	"context"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stackel/stackel/experiment"
)

// TestReportRLReadsRunsOnce54: the report of an RL comparison reads each
// finished run's metrics.csv and summary.json once: the done-check
// (experiment.JobStateRead) reads them, and the report reads the run from
// those bytes, not from the files again (readRunFile: no read at all for
// the 15 finished runs of the committed stsac-pendulum set; 15 of each
// before). The report is the committed one, byte for byte. Not parallel:
// it replaces readRunFile, which the parallel tests use, and top-level
// tests without t.Parallel end before those start.
func TestReportRLReadsRunsOnce54(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join("..", "..", "results", "stsac-pendulum")
	if err := copyTree(src, dir); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	reads := map[string]int{}
	orig := readRunFile
	readRunFile = func(path string) ([]byte, error) {
		mu.Lock()
		reads[filepath.Base(path)]++
		mu.Unlock()
		return orig(path)
	}
	defer func() { readRunFile = orig }()
	r, err := Lookup("stsac-pendulum")
	if err != nil {
		t.Fatal(err)
	}
	opt := Options{Seeds: 5, Out: dir, ReportOnly: true}
	jobs, err := r.Jobs(opt)
	if err != nil {
		t.Fatal(err)
	}
	done := 0
	for _, j := range jobs {
		if rec, ok, err := experiment.ReadJobRecord(filepath.Join(dir, j.Out)); err == nil && ok && rec.Status == experiment.JobDone {
			done++
		}
	}
	if done != 15 {
		t.Fatalf("%d runs recorded done; want the set's 15", done)
	}
	if err := r.Execute(context.Background(), opt); err != nil {
		t.Fatal(err)
	}
	if reads[experiment.MetricsFile] != 0 || reads[experiment.SummaryFile] != 0 {
		t.Errorf("the report read metrics.csv %d times and summary.json %d times after the done-check had read them; want 0 and 0", reads[experiment.MetricsFile], reads[experiment.SummaryFile])
	}
	sameAsCommitted(t, src, dir, []string{"report.md", "curves.csv"})
}
