package repro

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stackel/stackel/experiment"
)

// TestAppendBuildsNamesNotChecked54d: Hi-C and Markov runs whose
// summary.json records no metrics digest (written by a stackel before
// 2026-12-07), reused without a check of their metrics.csv, get a line of
// their own in report.md's Provenance, after the smooth runs checked by
// their last row only; with no build recorded and no other line, that
// line alone under the section's title.
func TestAppendBuildsNamesNotChecked54d(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		p    experiment.Provenance
		want string
	}{
		{"alone", experiment.Provenance{Runs: 2, MetricsNotChecked: []string{"hic/seed1"}},
			"### Provenance\n\n- metrics.csv not checked (a Hi-C or Markov run's summary.json without metrics_sha256, written by a stackel before 2026-12-07): 1 of 2 runs: hic/seed1\n\n"},
		{"after the unchecked smooth runs", experiment.Provenance{Runs: 3, MetricsUnchecked: []string{"sga/seed1"}, MetricsNotChecked: []string{"markov/seed1", "markov/seed2"}},
			"### Provenance\n\n- metrics.csv checked by its last row only, not whole (summary.json without metrics_sha256, written by a stackel before 2026-12-07): 1 of 3 runs: sga/seed1\n" +
				"- metrics.csv not checked (a Hi-C or Markov run's summary.json without metrics_sha256, written by a stackel before 2026-12-07): 2 of 3 runs: markov/seed1, markov/seed2\n\n"},
	} {
		dir := t.TempDir()
		if err := appendBuilds(dir, c.p); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		b, err := os.ReadFile(filepath.Join(dir, "report.md"))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if string(b) != c.want {
			t.Errorf("%s: report.md\n%q\nwant\n%q", c.name, b, c.want)
		}
	}
}
