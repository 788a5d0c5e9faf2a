package experiment

import (
	"os"
	"path/filepath"
	"testing"
)

// TestProvenanceFailedRLWithoutDigest56: an RL run recorded failed (a
// diverged seed), which a report averages up to its failure, whose
// summary.json has no metrics_sha256 (an older stackel's) has its
// metrics.csv not checked at all (checkFailedRLRows), and the Provenance
// names it (metrics_failed_not_checked), as it names a done RL run without
// the digest (metrics_rows_counted), in neither of the other lists. A
// failed run without a summary.json is not checked either, and is named
// too. A failed run with the digest, and one without a metrics.csv
// (failed before its first epoch: no row is reported), are not named.
func TestProvenanceFailedRLWithoutDigest56(t *testing.T) {
	for _, tc := range []struct {
		name      string
		digest    bool
		noMetrics bool
		wantNamed bool
	}{
		{"no digest", false, false, true},
		{"digest", true, false, false},
		{"no digest, no metrics.csv", false, true, false},
		{"no summary.json", true, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			j, dir := runTinyRL(t, root, tinyRL(), 3)
			failRLRun55r2(t, dir, tc.digest)
			if tc.name == "no summary.json" {
				if err := os.Remove(filepath.Join(dir, SummaryFile)); err != nil {
					t.Fatal(err)
				}
			}
			if tc.noMetrics {
				if err := os.Remove(filepath.Join(dir, MetricsFile)); err != nil {
					t.Fatal(err)
				}
			}
			p := JobProvenance(root, []Job{j})
			var want []string
			if tc.wantNamed {
				want = []string{filepath.ToSlash(j.Out)}
			}
			if len(p.MetricsFailedNotChecked) != len(want) || (len(want) == 1 && p.MetricsFailedNotChecked[0] != want[0]) ||
				len(p.MetricsRowsCounted) != 0 || len(p.MetricsNotChecked) != 0 || len(p.MetricsUnchecked) != 0 {
				t.Errorf("provenance: failed not checked %v, rows counted %v, not checked %v, unchecked %v; want %v and none",
					p.MetricsFailedNotChecked, p.MetricsRowsCounted, p.MetricsNotChecked, p.MetricsUnchecked, want)
			}
		})
	}
}
