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
	// the missing runs, nothing written.
	empty := Options{Quick: true, ReportOnly: true, Out: t.TempDir()}
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
	}
}
