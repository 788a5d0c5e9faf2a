package repro

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRLRunRecordedFailedIsReportedFailed51: an RL run whose job.json
// records a failure while its summary.json has no error (the failure came
// after the summary was written, or the record was copied) is reported
// failed — its seed cell "failed at 1000", the error in a note — as the
// exit status and Execute's error ("1 of 4 runs failed …; the report
// covers the others") say. Before, the report averaged it as a finished
// run and its seed cell said "—", the error appearing nowhere in it.
func TestRLRunRecordedFailedIsReportedFailed51(t *testing.T) {
	t.Parallel()
	r, full := executeOnce(t, "stac-cartpole", Options{Quick: true, Workers: 1, Seeds: 2, Variants: []string{"stac-m1", "ac-m80"}})
	jobs, err := r.Jobs(full)
	if err != nil {
		t.Fatal(err)
	}
	opt := full
	opt.Out = copyDir(t, full.Out)
	const msg = "epoch 2: actor loss is NaN"
	failJob(t, opt.Out, jobs[0], msg) // STAC (m = 1), seed 1
	err = r.Execute(context.Background(), opt)
	if err == nil || !strings.Contains(err.Error(), "1 of 4 runs failed (stac-m1/seed1; the first: "+msg+")") {
		t.Fatalf("Execute: %v; want the error naming the failed run", err)
	}
	_, cells := reportRow(t, opt.Out, "STAC (m = 1)")
	if len(cells) < 3 || cells[1] != "failed at 1000" {
		t.Errorf("STAC (m = 1)'s row %q: want seed 1's cell \"failed at 1000\"", cells)
	}
	md, _ := os.ReadFile(filepath.Join(opt.Out, "report.md"))
	if !strings.Contains(string(md), "STAC (m = 1) seed 1: "+msg) {
		t.Errorf("report.md does not note %q:\n%s", "STAC (m = 1) seed 1: "+msg, md)
	}
}
