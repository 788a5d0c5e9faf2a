package repro

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stackel/stackel/internal/fault"
)

// A report killed between two of its files (here in the middle of
// results.json's write, after report.md's table) leaves a set that says it
// is incomplete: report.md begins with reportIncomplete, and no
// results.json or figure of the earlier report is left beside the new
// table. Before, report.md held the new table alone, without a word, and
// read as a whole report whose results.json was missing. Written again
// (--report-only), the report is the earlier one byte for byte, without
// the note.
func TestReportKilledBetweenFilesSaysIncomplete(t *testing.T) {
	opt := Options{Quick: true, Workers: 1, Seeds: 1}
	if dir := os.Getenv("REPRO_REPORTSET_CHILD"); dir != "" {
		r, _ := Lookup("fiez-duopoly")
		opt.Out, opt.ReportOnly = dir, true
		r.Execute(context.Background(), opt)
		os.Exit(0)
	}
	r, opt := executeOnce(t, "fiez-duopoly", opt)
	read := func(name string) string {
		b, _ := os.ReadFile(filepath.Join(opt.Out, name))
		return string(b)
	}
	wantMD, wantJSON := read("report.md"), read("results.json")
	if strings.Contains(wantMD, "Incomplete report") || wantJSON == "" {
		t.Fatalf("the finished report is marked incomplete or lacks results.json:\n%s", wantMD)
	}
	cmd := exec.Command(os.Args[0], "-test.run", "^TestReportKilledBetweenFilesSaysIncomplete$")
	cmd.Env = append(os.Environ(), "REPRO_REPORTSET_CHILD="+opt.Out, fault.Env+"=write-results.json")
	out, err := cmd.CombinedOutput()
	if err == nil || cmd.ProcessState.ExitCode() != -1 {
		t.Fatalf("child not killed in the middle of results.json's write (%v): %s", err, out)
	}
	md := read("report.md")
	if !strings.HasPrefix(md, reportIncomplete) || !strings.Contains(md, "| simultaneous gradient (Nash) | π1 |") {
		t.Errorf("report.md after a kill between its files does not begin with the incomplete note (or lacks the new table):\n%s", md)
	}
	for _, name := range []string{"results.json", "fig1a_production.png", "fig1b_profit.svg"} {
		if _, err := os.Stat(filepath.Join(opt.Out, name)); err == nil {
			t.Errorf("%s of the earlier report left beside the new report.md", name)
		}
	}
	opt.ReportOnly = true
	if err := r.Execute(context.Background(), opt); err != nil {
		t.Fatal(err)
	}
	if got := read("report.md"); got != wantMD {
		t.Errorf("report.md written again:\n%s\nwant the earlier one:\n%s", got, wantMD)
	}
	if got := read("results.json"); got != wantJSON {
		t.Errorf("results.json written again differs from the earlier one")
	}
}
