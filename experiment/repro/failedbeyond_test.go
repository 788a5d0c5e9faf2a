package repro

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// --report-only with an unfinished run in seed 1 and a failed run in seed
// 2 reports seed 0 alone; the failed run lies after the seeds reported,
// so no seed is left out for it. Before, report.md said "1 of the
// reproduction's 6 runs failed, and their seeds () are left out" and
// "covers the other 1 seed(s)", as if the failed run had cost a seed.
func TestReportOnlyFailedRunAfterUnfinishedSeed(t *testing.T) {
	t.Parallel()
	rep, err := Lookup("fiez-duopoly")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	opt := Options{Quick: true, Seeds: 3, Workers: 2, Out: dir}
	if err := rep.Execute(context.Background(), opt); err != nil {
		t.Fatal(err)
	}
	jobs, _ := rep.Jobs(opt)
	var log strings.Builder
	for _, j := range jobs {
		switch j.Out {
		case "stackelberg/seed1":
			if err := os.RemoveAll(filepath.Join(dir, j.Out)); err != nil {
				t.Fatal(err)
			}
		case "sga/seed2":
			failJob(t, dir, j, "boom")
		}
	}
	again := opt
	again.ReportOnly, again.Log = true, &log
	if err := rep.Execute(context.Background(), again); err != nil {
		t.Fatal(err)
	}
	md, _ := os.ReadFile(filepath.Join(dir, "report.md"))
	for _, bad := range []string{"seeds ()", "seeds  left"} {
		if strings.Contains(string(md), bad) || strings.Contains(log.String(), bad) {
			t.Errorf("report.md or the log says %q:\n%s\n%s", bad, md, log.String())
		}
	}
	want := "1 of the reproduction's 6 runs failed, in seeds after those reported: sga/seed2 (boom)."
	if !strings.Contains(string(md), want) {
		t.Errorf("report.md lacks %q:\n%s", want, md)
	}
	if !strings.Contains(string(md), "final iterate over 1 seeds") && !strings.Contains(string(md), "over 1 seed") {
		t.Errorf("report.md does not report seed 0 alone:\n%s", md)
	}
}
