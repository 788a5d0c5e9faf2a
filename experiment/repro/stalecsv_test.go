package repro

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stackel/stackel/experiment"
)

// A rewritten report removes the metrics CSVs an earlier report wrote and
// this one does not, as it removes such figures: hic-cournot's
// metrics_hic_previous.csv (written by a full run, not by --quick), and
// negotiation's metrics_<game>.csv when the rewritten report stops on a
// run it cannot read (the figures are gone, and the CSVs must not stay
// beside them as if current). A file of the user's (metrics_mine.csv) is
// left alone. Before, resetReport removed figures only, and the CSVs
// stayed.
func TestRewrittenReportDropsStaleCSVs(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	t.Run("hic-cournot", func(t *testing.T) {
		r, opt := executeOnce(t, "hic-cournot", Options{Quick: true, Workers: 1, Seeds: 1})
		stale := filepath.Join(opt.Out, "metrics_hic_previous.csv")
		user := filepath.Join(opt.Out, "metrics_mine.csv")
		for _, p := range []string{stale, user} {
			if err := os.WriteFile(p, []byte("stage,mean\n1,2\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if err := r.Execute(ctx, opt); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(stale); err == nil {
			t.Error("metrics_hic_previous.csv, which the quick report does not write, stays beside it")
		}
		if _, err := os.Stat(user); err != nil {
			t.Errorf("the user's metrics_mine.csv was removed: %v", err)
		}
		for _, name := range []string{"metrics_hic.csv", "metrics_sga.csv"} {
			if _, err := os.Stat(filepath.Join(opt.Out, name)); err != nil {
				t.Errorf("%s not written: %v", name, err)
			}
		}
	})
	t.Run("negotiation", func(t *testing.T) {
		r, opt := executeOnce(t, "negotiation", Options{Quick: true, Workers: 1, Seeds: 1})
		jobs, err := r.Jobs(opt)
		if err != nil {
			t.Fatal(err)
		}
		for _, ng := range negotiationGames() {
			if _, err := os.Stat(filepath.Join(opt.Out, "metrics_"+ng.name+".csv")); err != nil {
				t.Fatalf("complete report: %v", err)
			}
		}
		// The last game's summary is cut: the report stops on it.
		last := filepath.Join(opt.Out, jobs[len(jobs)-1].Out, experiment.SummaryFile)
		if err := os.WriteFile(last, []byte("{"), 0o644); err != nil {
			t.Fatal(err)
		}
		ro := opt
		ro.ReportOnly = true
		if err := r.Execute(ctx, ro); err == nil {
			t.Fatal("report of a cut summary.json: no error")
		}
		for _, ng := range negotiationGames() {
			if _, err := os.Stat(filepath.Join(opt.Out, "metrics_"+ng.name+".csv")); err == nil {
				t.Errorf("metrics_%s.csv of the earlier report stays beside no report", ng.name)
			}
		}
	})
}
