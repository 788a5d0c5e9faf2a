package sweep

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stackel/stackel/experiment"
)

// A job the records call done whose outputs are not on disk (done on a
// NATS server after the sweep stopped waiting, not downloaded) keeps the
// report: its final values (from its record's summary) are averaged, it
// is left out of the over-the-run means and curves, and a note says so.
// Before, WriteReport failed on its missing metrics.csv and no report
// was written at all.
func TestReportDoneJobNotDownloaded(t *testing.T) {
	jobs := expandSpec(t, `name: rep
config: {name: c, game: {builtin: duopoly}, dynamics: {kind: sga}, iterations: 10}
seeds: [1, 2]
`)
	dir := t.TempDir()
	d := jobs[0].OutDir(dir)
	os.MkdirAll(d, 0o755)
	os.WriteFile(filepath.Join(d, experiment.MetricsFile), []byte("iter,f1\n1,0\n2,2\n"), 0o644)
	os.WriteFile(filepath.Join(d, experiment.SummaryFile), []byte(`{"final": {"f1": 1}}`), 0o644)
	experiment.WriteJSON(d, experiment.JobFile, experiment.JobRecord{Job: jobs[0].Job, Status: "done"})
	recs := DiskRecords(dir, jobs)
	// Job 1: done on the server, with its summary there.
	recs[1].Status, recs[1].Summary = StatusDone, map[string]any{"final": map[string]any{"f1": 4.0}}
	if err := WriteReport(dir, "rep", jobs, recs, nil); err != nil {
		t.Fatal(err)
	}
	md, _ := os.ReadFile(filepath.Join(dir, "report.md"))
	for _, want := range []string{
		// f1 finals 1 and 4: mean 2.5, sd 3/√2 = 2.12; over the run
		// (0+2)/2 = 1 from job 0 alone.
		"| base | 2/2 | 2.5 ± 2.12 | 1 (1 of 2) |",
		"base seed 2 (" + jobs[1].ID + ") is done but runs/" + jobs[1].ID + "/metrics.csv is not on disk (on NATS, outputs not downloaded yet: stackel sweep collect fetches them): left out of the over-the-run means and the curves.",
		"Jobs: 2 done.",
	} {
		if !strings.Contains(string(md), want) {
			t.Errorf("report.md lacks %q:\n%s", want, md)
		}
	}
}
