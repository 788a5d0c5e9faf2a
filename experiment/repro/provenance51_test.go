package repro

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stackel/stackel/experiment"
)

// TestReportNamesMixedBuildsRuns51: a set whose runs were made by more
// than one build (a committed set extended with more seeds by a newer
// stackel) says in report.md which runs each build made, and counts the
// runs whose job.json records no build (made before session 33) on a
// line of their own. Before, the report said "stackel …: 2 of 4 runs"
// and "…: 1 of 4 runs" without naming them, and left the run without a
// recorded build out, so that a reader could not tell which seeds came
// from which binary, nor that one came from none recorded.
func TestReportNamesMixedBuildsRuns51(t *testing.T) {
	t.Parallel()
	rep, err := Lookup("fiez-duopoly")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	opt := Options{Quick: true, Seeds: 2, Workers: 2, Out: dir}
	if err := rep.Execute(context.Background(), opt); err != nil {
		t.Fatal(err)
	}
	jobs, err := rep.Jobs(opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(jobs) != 4 {
		t.Fatalf("%d jobs, want 4", len(jobs))
	}
	cur := experiment.CurrentBuild()
	other := cur
	other.Version = "v0.0.1"
	set := func(j experiment.Job, builds []experiment.Build) {
		d := filepath.Join(dir, j.Out)
		rec, _, err := experiment.ReadJobRecord(d)
		if err != nil {
			t.Fatal(err)
		}
		rec.Builds = builds
		if err := experiment.WriteJSON(d, experiment.JobFile, rec); err != nil {
			t.Fatal(err)
		}
	}
	set(jobs[0], nil)
	set(jobs[2], []experiment.Build{other})
	again := opt
	again.ReportOnly = true
	if err := rep.Execute(context.Background(), again); err != nil {
		t.Fatal(err)
	}
	md, _ := os.ReadFile(filepath.Join(dir, "report.md"))
	slash := func(j experiment.Job) string { return filepath.ToSlash(j.Out) }
	want := fmt.Sprintf("### Provenance\n\nThe runs were made by (job.json's \"builds\"; a run resumed by another build or machine counts for each):\n\n"+
		"- %s: 2 of 4 runs: %s, %s\n- %s: 1 of 4 runs: %s\n- no build recorded (job.json written by a stackel before 2026-12-05): 1 of 4 runs: %s\n",
		cur, slash(jobs[1]), slash(jobs[3]), other, slash(jobs[2]), slash(jobs[0]))
	if !strings.HasSuffix(string(md), want+"\n") {
		t.Errorf("report.md does not end with the builds:\n%s\nwant the end\n%s", md, want)
	}
}
