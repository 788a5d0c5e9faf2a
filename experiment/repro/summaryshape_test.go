package repro

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stackel/stackel/experiment"
)

// A finished run whose summary.json holds fewer records than the run
// makes (a copy edited or cut to valid JSON: negotiation's steps, one per
// meta-interval; Hi-C's recorded stages; an oligopoly's final profile; a
// smooth game's final point) is an error naming the file when the report
// is written, not a panic (index out of range) in the tables or figures.
func TestShortSummaryIsError(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, want, edit string
		opt              Options
	}{
		{"negotiation", "meta-intervals recorded", `{"Steps":[],"Stages":0}`, Options{Quick: true, Workers: 1, Seeds: 1}},
		{"negotiation-schedules", "meta-intervals recorded", `{"Steps":[],"Stages":0}`, Options{Quick: true, Workers: 1, Seeds: 1, Variants: []string{"beta10-meta200"}}},
		{"stackelberg-oligopoly", "final profile of 0 firms", `{"X":[],"F":[],"Trace":[]}`, Options{Quick: true, Workers: 1, Seeds: 1}},
		// iterations: the quick run's last recorded row, which a finished
		// smooth run's summary.json must name since session 51
		// (TestPendingRefusesDoneSmoothRunWithCutMetrics51).
		{"fiez-duopoly", "final point with 0 leader", `{"final":{"X":[],"Y":[1]},"iterations":5000}`, Options{Quick: true, Workers: 1, Seeds: 1}},
		{"hic-cournot", "no stages recorded", `{"Stages":[],"X":[],"Y":[],"F1":[],"F2":[]}`, Options{Quick: true, Workers: 1, Seeds: 1}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			r, opt := executeOnce(t, c.name, c.opt)
			jobs, err := r.Jobs(opt)
			if err != nil {
				t.Fatal(err)
			}
			p := filepath.Join(opt.Out, jobs[0].Out, experiment.SummaryFile)
			if err := os.WriteFile(p, []byte(c.edit), 0o644); err != nil {
				t.Fatal(err)
			}
			opt.ReportOnly = true
			err = r.Execute(context.Background(), opt)
			if err == nil || !strings.Contains(err.Error(), p) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("Execute: %v; want the error naming %s (%q)", err, p, c.want)
			}
		})
	}
}
