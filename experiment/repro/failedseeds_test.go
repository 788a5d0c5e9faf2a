package repro

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stackel/stackel/experiment"
)

// failJob records the run of job under root as failed with msg, as a run
// that stopped with that error leaves it.
func failJob(t *testing.T, root string, job experiment.Job, msg string) {
	t.Helper()
	dir := filepath.Join(root, job.Out)
	rec, ok, err := experiment.ReadJobRecord(dir)
	if err != nil || !ok {
		t.Fatalf("%s: job.json %v %v", dir, ok, err)
	}
	rec.Status, rec.Error = experiment.JobFailed, msg
	if err := experiment.WriteJSON(dir, experiment.JobFile, rec); err != nil {
		t.Fatal(err)
	}
}

// A seed-major reproduction (every smooth one but negotiation-schedules)
// one of whose runs failed (seed 1 of 2) writes its report from the other
// seed — results.json the same as a run with seed 0 alone — names the
// failed run in report.md, and Execute returns the error naming it (exit
// 1); --report-only writes the same report and returns nil, as for the RL
// comparisons. One without seeds (markov-*, stac-toy) or not seed-major
// (negotiation-schedules) reports every run, the failed one marked
// (TestReproductionMarksFailedRuns), names it in report.md and the log,
// and returns the error naming it. Before, every one stopped with "seed
// 1, sga: sga/seed1: boom" and wrote no report.
func TestReproductionReportsSeedsWithoutFailedRun(t *testing.T) {
	t.Parallel()
	seeded := map[string]bool{"fiez-duopoly": true, "fiez-torus": true, "hic-cournot": true, "negotiation": true, "stackelberg-oligopoly": true}
	for _, r := range All() {
		if r.Resumable {
			continue
		}
		t.Run(r.Name, func(t *testing.T) {
			t.Parallel()
			opt := Options{Quick: true, Seeds: 2, Workers: 1}
			if !seeded[r.Name] {
				opt.Seeds = 0
			}
			_, opt = executeShared(t, r.Name, opt)
			jobs, err := r.Jobs(opt)
			if err != nil {
				t.Fatal(err)
			}
			bad := jobs[len(jobs)-1]
			failJob(t, opt.Out, bad, "boom")
			var log bytes.Buffer
			opt.Log = &log
			err = r.Execute(context.Background(), opt)
			if !seeded[r.Name] {
				if err == nil || !strings.Contains(err.Error(), "1 of ") || !strings.Contains(err.Error(), bad.Out) || !strings.Contains(err.Error(), "boom") {
					t.Fatalf("Execute: %v; want the error naming the failed run %s", err, bad.Out)
				}
				report, err := os.ReadFile(filepath.Join(opt.Out, "report.md"))
				if err != nil || !strings.Contains(string(report), fmt.Sprintf("**Failed runs**: 1 of the reproduction's %d runs failed: %s (boom). The report covers the runs that finished", len(jobs), bad.Out)) {
					t.Errorf("report.md (%v) does not name the failed run:\n%s", err, report)
				}
				if !strings.Contains(log.String(), bad.Out+" (boom)") {
					t.Errorf("log does not name the failed run:\n%s", log.String())
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), "1 of ") || !strings.Contains(err.Error(), bad.Out) || !strings.Contains(err.Error(), "boom") {
				t.Fatalf("Execute: %v; want the error naming the failed run %s", err, bad.Out)
			}
			report, err := os.ReadFile(filepath.Join(opt.Out, "report.md"))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(report), "their seeds (1) are left out: "+bad.Out+" (boom). The report covers the other 1 seed(s) (0)") {
				t.Errorf("report.md does not name the failed run:\n%s", report)
			}
			got, err := os.ReadFile(filepath.Join(opt.Out, "results.json"))
			if err != nil {
				t.Fatal(err)
			}
			one := opt
			one.Seeds, one.Log = 1, nil
			_, one = executeShared(t, r.Name, one)
			want, err := os.ReadFile(filepath.Join(one.Out, "results.json"))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("results.json without the failed seed:\n%s\nwant seed 0's alone:\n%s", got, want)
			}
			os.Remove(filepath.Join(opt.Out, "report.md"))
			ro := opt
			ro.ReportOnly = true
			if err := r.Execute(context.Background(), ro); err != nil {
				t.Fatalf("report-only: %v", err)
			}
			report, err = os.ReadFile(filepath.Join(opt.Out, "report.md"))
			if err != nil || !strings.Contains(string(report), bad.Out+" (boom)") {
				t.Errorf("report-only report.md (%v) does not name the failed run:\n%s", err, report)
			}
		})
	}
}

// --report-only of fiez-duopoly with seed 0 failed and seed 2 not run
// reports seed 1 alone (the seeds before the first unfinished one,
// without the failed one), says that its figures of one seed are of seed
// 1, and names
// both the failed and the unfinished runs.
func TestReportOnlyFailedAndUnfinished(t *testing.T) {
	t.Parallel()
	r, err := Lookup("fiez-duopoly")
	if err != nil {
		t.Fatal(err)
	}
	opt := Options{Out: t.TempDir(), Quick: true, Seeds: 3, Workers: 1}
	if err := r.Execute(context.Background(), opt); err != nil {
		t.Fatal(err)
	}
	jobs, _ := r.Jobs(opt)
	failJob(t, opt.Out, jobs[0], "diverged")
	if err := os.RemoveAll(filepath.Join(opt.Out, jobs[5].Out)); err != nil {
		t.Fatal(err)
	}
	opt.ReportOnly = true
	if err := r.Execute(context.Background(), opt); err != nil {
		t.Fatal(err)
	}
	report, _ := os.ReadFile(filepath.Join(opt.Out, "report.md"))
	for _, want := range []string{"over 1 seed,", "their seeds (0) are left out: stackelberg/seed0 (diverged). The report covers the other 1 seed(s) (1)",
		"the figures of a single seed show the first seed reported, seed 1, and say so",
		"covering seeds before 2 only; 1 of the reproduction's 6 runs are not finished and are left out: sga/seed2"} {
		if !strings.Contains(string(report), want) {
			t.Errorf("report.md lacks %q:\n%s", want, report)
		}
	}
}
