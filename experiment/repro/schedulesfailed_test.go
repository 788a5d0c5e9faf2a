package repro

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// negotiation-schedules with a single schedule (--variants) one of whose
// runs failed (seed 1 of cournot) reports it as with several schedules:
// only cournot's row leaves seed 1 out and names it, the other games'
// rows count both seeds, the same as in the complete report. Before, its
// runs being listed seed after seed, seed 1 was left out of all three
// games ("their seeds (1) are left out").
func TestSchedulesOneVariantFailedRun(t *testing.T) {
	t.Parallel()
	base := Options{Quick: true, Workers: 1, Seeds: 2, Variants: []string{"beta1-meta200"}}
	r, full := executeOnce(t, "negotiation-schedules", base)
	jobs, err := r.Jobs(full)
	if err != nil {
		t.Fatal(err)
	}
	if jobs[3].Out != "beta1-meta200/cournot/seed1" {
		t.Fatalf("job 3 is %s", jobs[3].Out)
	}
	opt := full
	opt.Out = copyDir(t, full.Out)
	failJob(t, opt.Out, jobs[3], "boom")
	if err := r.Execute(context.Background(), opt); err == nil || !strings.Contains(err.Error(), "beta1-meta200/cournot/seed1") {
		t.Fatalf("Execute: %v; want the error naming the failed run", err)
	}
	for _, g := range []string{"cooperative", "same-leader"} {
		key := "beta1-meta200 | 1 | 4 | " + g
		want, _ := reportRow(t, full.Out, key)
		if got, _ := reportRow(t, opt.Out, key); got != want || got == "" {
			t.Errorf("%s row %q, want that of the complete report %q", g, got, want)
		}
	}
	_, row := reportRow(t, opt.Out, "beta1-meta200 | 1 | 4 | cournot")
	if len(row) < 7 || !strings.HasSuffix(row[5], "/1 (lead/lead)") || !strings.HasSuffix(row[6], "; failed: seed 1 (boom)") {
		t.Errorf("cournot row %q: want seed 0 alone, seed 1 named failed", row)
	}
	report, _ := os.ReadFile(filepath.Join(opt.Out, "report.md"))
	if strings.Contains(string(report), "are left out") || !strings.Contains(string(report), "2 seeds") {
		t.Errorf("report.md leaves a whole seed out:\n%s", report)
	}
	ro := opt
	ro.ReportOnly, ro.Out = true, copyDir(t, opt.Out)
	if err := r.Execute(context.Background(), ro); err != nil {
		t.Fatalf("report-only: %v", err)
	}
	if again, _ := os.ReadFile(filepath.Join(ro.Out, "report.md")); string(again) != string(report) {
		t.Errorf("report-only report.md:\n%s\nwant:\n%s", again, report)
	}
}
