package repro

import (
	"context"
	"path/filepath"
	"testing"
)

// --report-only of a reproduction with one run (stddpg-pendulum --quick
// --seeds 1 --variants ddpg) over a directory without it names "the only
// run" and its directory, not "none of the 1 runs … seed1, …"; with more
// runs the count and the first directory with "…" stay.
func TestReportOnlyNoRunOnDiskWords54p(t *testing.T) {
	rep, err := Lookup("stddpg-pendulum")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		variants []string
		want     func(out string) string
	}{
		{[]string{"ddpg"}, func(out string) string {
			return "report-only: the only run of stddpg-pendulum is not on disk in " + out + " (no job.json or metrics.csv in " + filepath.Join(out, "ddpg", "seed1") +
				"): nothing to report, and nothing was written; give the --out that holds the runs, or run the reproduction without --report-only"
		}},
		{[]string{"ddpg", "stddpg-al"}, func(out string) string {
			return "report-only: none of the 2 runs of stddpg-pendulum is on disk in " + out + " (no job.json or metrics.csv in " + filepath.Join(out, "stddpg-al", "seed1") +
				", …): nothing to report, and nothing was written; give the --out that holds the runs, or run the reproduction without --report-only"
		}},
	} {
		out := t.TempDir()
		err := rep.Execute(context.Background(), Options{Out: out, Quick: true, Seeds: 1, Variants: c.variants, ReportOnly: true})
		if want := c.want(out); err == nil || err.Error() != want {
			t.Errorf("%v: error\n%v\nwant\n%s", c.variants, err, want)
		}
	}
}
