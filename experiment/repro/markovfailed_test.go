package repro

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stackel/stackel/experiment"
)

// A markov-* reproduction whose two runs both failed writes a report
// saying so — both rows "failed: <error>", a note that nothing can be
// compared, results.json naming both under "failed" with no result, no
// figure — and Execute returns the error naming both runs (exit 1), as
// with one run failed; --report-only writes the same report and returns
// nil. Before, it wrote no report ("both runs failed …: nothing to
// report"), and a previous report's figures stayed.
func TestMarkovBothRunsFailedReport(t *testing.T) {
	ctx := context.Background()
	r, full := executeOnce(t, "markov-patrol", Options{Quick: true, Workers: 1})
	jobs, err := r.Jobs(full)
	if err != nil {
		t.Fatal(err)
	}
	opt := full
	opt.Out = copyDir(t, full.Out)
	failJob(t, opt.Out, jobs[0], "bang")
	failJob(t, opt.Out, jobs[1], "boom")
	err = r.Execute(ctx, opt)
	if err == nil || !strings.Contains(err.Error(), "2 of 2 runs failed") || !strings.Contains(err.Error(), "stackelberg-pg") ||
		!strings.Contains(err.Error(), "simultaneous-pg") {
		t.Fatalf("Execute: %v; want the error naming both failed runs", err)
	}
	if row, _ := reportRow(t, opt.Out, "Stackelberg policy gradient"); row != "| Stackelberg policy gradient | failed: bang | — | — | — |" {
		t.Errorf("stackelberg-pg row %q", row)
	}
	if row, _ := reportRow(t, opt.Out, "simultaneous policy gradient (Nash)"); row != "| simultaneous policy gradient (Nash) | failed: boom | — | — | — |" {
		t.Errorf("simultaneous-pg row %q", row)
	}
	report, _ := os.ReadFile(filepath.Join(opt.Out, "report.md"))
	for _, want := range []string{
		"Both runs failed: neither the Stackelberg PG result, its gain over simultaneous PG, nor the acceptance can be said.",
		"**Failed runs**: 2 of the reproduction's 2 runs failed: stackelberg-pg (bang); simultaneous-pg (boom).",
	} {
		if !strings.Contains(string(report), want) {
			t.Errorf("report.md lacks %q:\n%s", want, report)
		}
	}
	res := resultsMap(t, opt.Out)
	if f, _ := res["failed"].(map[string]any); len(f) != 2 || f["stackelberg-pg"] != "bang" || f["simultaneous-pg"] != "boom" {
		t.Errorf("results.json failed = %v", res["failed"])
	}
	if final, _ := res["final"].(map[string]any); len(final) != 1 || final["game"] == nil {
		t.Errorf("results.json final = %v, want the game alone", res["final"])
	}
	if figs := figuresIn(t, opt.Out); len(figs) != 0 {
		t.Errorf("figures %v stay beside a report of no finished run", figs)
	}
	ro := opt
	ro.ReportOnly, ro.Out = true, copyDir(t, opt.Out)
	if err := r.Execute(ctx, ro); err != nil {
		t.Fatalf("report-only: %v", err)
	}
	if again, _ := os.ReadFile(filepath.Join(ro.Out, "report.md")); string(again) != string(report) {
		t.Errorf("report-only report.md:\n%s\nwant:\n%s", again, report)
	}
}

// A finished markov-* run whose metrics.csv holds its header alone (a
// copy cut short) is an error naming the file, not a panic in the
// figures (index out of range on the empty curve). Its summary.json
// without metrics_rows and metrics_sha256 (an older stackel's), so that
// the done-check, which compares them, does not refuse the run first.
func TestMarkovEmptyMetricsIsError(t *testing.T) {
	r, opt := executeOnce(t, "markov-patrol", Options{Quick: true, Workers: 1})
	sumDir := filepath.Join(opt.Out, "simultaneous-pg")
	sb, err := os.ReadFile(filepath.Join(sumDir, experiment.SummaryFile))
	if err != nil {
		t.Fatal(err)
	}
	var sum map[string]any
	if err := json.Unmarshal(sb, &sum); err != nil {
		t.Fatal(err)
	}
	delete(sum, "metrics_rows")
	delete(sum, "metrics_sha256")
	if err := experiment.WriteJSON(sumDir, experiment.SummaryFile, sum); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(opt.Out, "simultaneous-pg", "metrics.csv")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	header, _, _ := strings.Cut(string(b), "\n")
	if err := os.WriteFile(p, []byte(header+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	opt.ReportOnly = true
	err = r.Execute(context.Background(), opt)
	if err == nil || !strings.Contains(err.Error(), p+": no rows") {
		t.Fatalf("Execute: %v; want the error naming %s", err, p)
	}
}
