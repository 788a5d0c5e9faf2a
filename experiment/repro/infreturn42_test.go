package repro

import (
	"context"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stackel/stackel/experiment"
)

// TestRLReportInfiniteReturnNamesRun42: a run whose metrics.csv records
// an infinite return (a diverged run) cannot be averaged into the curves;
// the report stopped with "Hopper-v4: plot: MeanBand "STSAC-AL":
// runs[0][1] = -Inf is not finite", which names neither the seed nor the
// file (runs[0] counts finished runs only). The error now names the
// seed, the file and its row.
func TestRLReportInfiniteReturnNamesRun42(t *testing.T) {
	r, opt, jobs := hostileSet(t)
	run := filepath.Join(opt.Out, jobs[0].Out)
	writeRunEnding(t, run, jobs[0], math.Inf(-1))
	err := r.Execute(context.Background(), opt)
	want := filepath.Join(run, experiment.MetricsFile) + ": row 2: test_return -Inf is not finite"
	if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "seed 1") {
		t.Fatalf("Execute: %v; want an error naming seed 1 and %q", err, want)
	}
}
