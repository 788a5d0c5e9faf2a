package repro

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/stackel/stackel/experiment"
)

// --report-only on a reproduction that is not made of resumable runs: with
// every run finished it writes the same results as the run itself and
// runs nothing; with a seed's runs missing it reports the seeds whose runs
// have all finished — the same results.json as a run with that many seeds
// — and report.md and the log name the missing runs; with no complete
// seed, or on a reproduction without seeds, it is an error naming them.
func TestReportOnlyFromDisk(t *testing.T) {
	t.Parallel()
	rep, err := Lookup("fiez-duopoly")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	two := Options{Quick: true, Seeds: 2, Workers: 2, Out: dir}
	if err := rep.Execute(context.Background(), two); err != nil {
		t.Fatal(err)
	}
	ran := resultsWithoutTiming(t, dir)
	jobs, _ := rep.Jobs(two)
	records := map[string][]byte{}
	for _, j := range jobs {
		records[j.ID], _ = os.ReadFile(filepath.Join(dir, j.Out, experiment.JobFile))
	}
	os.Remove(filepath.Join(dir, "results.json"))

	// Everything finished: the same results, nothing run again.
	var log bytes.Buffer
	again := two
	again.ReportOnly, again.Log = true, &log
	again.Progress = func(done, total int) { t.Errorf("report-only ran jobs (%d of %d)", done, total) }
	if err := rep.Execute(context.Background(), again); err != nil {
		t.Fatal(err)
	}
	if got := resultsWithoutTiming(t, dir); !reflect.DeepEqual(got, ran) {
		t.Errorf("report-only results differ from the run's:\n%v\n%v", got, ran)
	}
	for _, j := range jobs {
		if now, _ := os.ReadFile(filepath.Join(dir, j.Out, experiment.JobFile)); !bytes.Equal(now, records[j.ID]) {
			t.Errorf("job %s was touched", j.Out)
		}
	}

	// Three seeds asked for, two on disk: a partial report of two.
	log.Reset()
	three := again
	three.Seeds = 3
	if err := rep.Execute(context.Background(), three); err != nil {
		t.Fatal(err)
	}
	if got := resultsWithoutTiming(t, dir); !reflect.DeepEqual(got, ran) {
		t.Errorf("partial report's results differ from a two-seed run's:\n%v\n%v", got, ran)
	}
	md, _ := os.ReadFile(filepath.Join(dir, "report.md"))
	for _, w := range []string{"Partial report", "first 2 seed(s)", "stackelberg/seed2", "sga/seed2"} {
		if !strings.Contains(string(md), w) {
			t.Errorf("report.md lacks %q:\n%s", w, md)
		}
	}
	if !strings.Contains(log.String(), "2 of 6 runs are not finished") || !strings.Contains(log.String(), "sga/seed2") {
		t.Errorf("the log does not name the missing runs:\n%s", log.String())
	}

	// Nothing on disk, and a reproduction without seeds: an error naming
	// the missing runs, nothing written, and nothing logged beside the
	// error (which says it all).
	var emptyLog strings.Builder
	empty := Options{Quick: true, ReportOnly: true, Out: t.TempDir(), Log: &emptyLog}
	for _, c := range []struct{ name, want string }{
		{"fiez-duopoly", "sga/seed0"},
		{"markov-patrol", "stackelberg-pg, simultaneous-pg"},
	} {
		r, err := Lookup(c.name)
		if err != nil {
			t.Fatal(err)
		}
		err = r.Execute(context.Background(), empty)
		if err == nil || !strings.Contains(err.Error(), "no complete seed") || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s on an empty directory: %v", c.name, err)
		}
		if _, err := os.Stat(filepath.Join(empty.Out, "results.json")); err == nil {
			t.Errorf("%s: results.json written", c.name)
		}
		if strings.Contains(emptyLog.String(), "not finished") {
			t.Errorf("%s: the log repeats the error: %q", c.name, emptyLog.String())
		}
	}
}

// TestAnotherReproductionRefused: a reproduction refuses an output
// directory another one wrote (its reproduction.json), before running
// anything, leaving that one's report and results as they were; without
// the record, hic-cournot's jobs (hic/…, sga/…) beside fiez-duopoly's
// (sga/… under other IDs, refused one by one) or stac-toy's (its own
// directories) would have replaced report.md and results.json. The same
// reproduction again, or with --report-only, is accepted, as is a
// directory without the record (written before it existed); a record
// that names nothing is an error.
func TestAnotherReproductionRefused(t *testing.T) {
	t.Parallel()
	duopoly, err := Lookup("fiez-duopoly")
	if err != nil {
		t.Fatal(err)
	}
	toy, err := Lookup("stac-toy")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	opt := Options{Quick: true, Seeds: 1, Workers: 1, Out: dir}
	if err := duopoly.Execute(context.Background(), opt); err != nil {
		t.Fatal(err)
	}
	rec, err := os.ReadFile(filepath.Join(dir, ReproductionFile))
	if err != nil || !strings.Contains(string(rec), `"reproduction": "fiez-duopoly"`) {
		t.Fatalf("%s: %q, %v", ReproductionFile, rec, err)
	}
	files := map[string][]byte{}
	entries, _ := os.ReadDir(dir)
	for _, name := range []string{"report.md", "results.json"} {
		files[name], _ = os.ReadFile(filepath.Join(dir, name))
	}
	for _, report := range []bool{false, true} {
		o := opt
		o.ReportOnly = report
		err := toy.Execute(context.Background(), o)
		if err == nil || !strings.Contains(err.Error(), dir+" holds the reproduction fiez-duopoly ("+ReproductionFile+")") {
			t.Errorf("stac-toy (report-only %v) into fiez-duopoly's directory: %v; want it refused", report, err)
		}
	}
	for name, b := range files {
		if now, _ := os.ReadFile(filepath.Join(dir, name)); !bytes.Equal(now, b) {
			t.Errorf("%s changed", name)
		}
	}
	if now, _ := os.ReadDir(dir); len(now) != len(entries) {
		t.Errorf("%d entries in the directory after the refusals, %d before", len(now), len(entries))
	}
	// The same reproduction again (every run reused), and report-only.
	for _, report := range []bool{false, true} {
		o := opt
		o.ReportOnly = report
		if err := duopoly.Execute(context.Background(), o); err != nil {
			t.Errorf("fiez-duopoly again (report-only %v): %v", report, err)
		}
	}
	// A directory without the record is any reproduction's, and gets one.
	os.Remove(filepath.Join(dir, ReproductionFile))
	if err := duopoly.Execute(context.Background(), opt); err != nil {
		t.Errorf("without %s: %v", ReproductionFile, err)
	}
	if _, err := os.Stat(filepath.Join(dir, ReproductionFile)); err != nil {
		t.Errorf("the record was not written again: %v", err)
	}
	os.WriteFile(filepath.Join(dir, ReproductionFile), []byte("{}\n"), 0o644)
	if err := duopoly.Execute(context.Background(), opt); err == nil || !strings.Contains(err.Error(), "does not name a reproduction") {
		t.Errorf("an empty record: %v", err)
	}
}
