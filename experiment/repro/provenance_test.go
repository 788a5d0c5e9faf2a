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

// TestReportNamesBuilds: a reproduction's report.md ends with the build
// and machine that made its runs (job.json's "builds"), counted over the
// runs; written again with --report-only from records without builds
// (runs made before session 33, as every committed set's are), it has no
// such section, so committed reports are written again unchanged.
func TestReportNamesBuilds(t *testing.T) {
	t.Parallel()
	rep, err := Lookup("fiez-duopoly")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	opt := Options{Quick: true, Seeds: 1, Workers: 2, Out: dir}
	if err := rep.Execute(context.Background(), opt); err != nil {
		t.Fatal(err)
	}
	jobs, err := rep.Jobs(opt)
	if err != nil {
		t.Fatal(err)
	}
	md, _ := os.ReadFile(filepath.Join(dir, "report.md"))
	want := fmt.Sprintf("### Provenance\n\nThe runs were made by (job.json's \"builds\"; a run resumed by another build or machine counts for each):\n\n- %s: %d of %d runs\n",
		experiment.CurrentBuild(), len(jobs), len(jobs))
	if !strings.HasSuffix(string(md), want+"\n") {
		t.Errorf("report.md does not end with the builds:\n%s\nwant the end\n%s", md, want)
	}

	for _, j := range jobs {
		d := filepath.Join(dir, j.Out)
		rec, _, err := experiment.ReadJobRecord(d)
		if err != nil {
			t.Fatal(err)
		}
		rec.Builds = nil
		if err := experiment.WriteJSON(d, experiment.JobFile, rec); err != nil {
			t.Fatal(err)
		}
	}
	again := opt
	again.ReportOnly = true
	if err := rep.Execute(context.Background(), again); err != nil {
		t.Fatal(err)
	}
	md2, _ := os.ReadFile(filepath.Join(dir, "report.md"))
	if strings.Contains(string(md2), "Provenance") || string(md2)+want+"\n" != string(md) {
		t.Errorf("report of runs without builds:\n%s\nwant the first report without its builds", md2)
	}
}
