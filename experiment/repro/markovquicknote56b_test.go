package repro

import (
	"strings"
	"testing"

	"github.com/stackel/stackel/experiment"
)

// flatConfig56b flattens the JSON of a job's parsed configuration into
// paths ("Game.MarkovBuiltin") and their values' JSON text
// (flatSettings56).
func flatConfig56b(t *testing.T, job experiment.Job) map[string]string {
	t.Helper()
	cfg, err := experiment.ParseConfig([]byte(job.Config))
	if err != nil {
		t.Fatal(err)
	}
	return flatSettings56(t, cfg)
}

// TestMarkovQuickNoteFieldByField56b: the Markov reproductions' --quick
// note states every setting in which a quick run's configuration differs
// from its full run's, compared field by field over the jobs' parsed
// configurations: the iterations (5000 instead of 50 000) and the
// recording period (a row every 10 iterations instead of every 100),
// which it left out; a field that no quick run changes has no phrase.
// The whole note is checked too.
func TestMarkovQuickNoteFieldByField56b(t *testing.T) {
	t.Parallel()
	phrase := func(path, q, f string) (string, bool) {
		switch path {
		case "Iterations":
			return q + " iterations instead of " + f, true
		case "RecordEvery":
			return "a row every " + q + " iterations instead of every " + f, true
		}
		return "", false
	}
	for _, name := range []string{"patrol", "epidemic"} {
		r, err := Lookup("markov-" + name)
		if err != nil {
			t.Fatal(err)
		}
		note := r.QuickSettings(Options{Quick: true})
		full, err := markovJobs(name, Options{})
		if err != nil {
			t.Fatal(err)
		}
		quick, err := markovJobs(name, Options{Quick: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(full) != 2 || len(quick) != 2 {
			t.Fatalf("%s: %d full and %d quick jobs, want 2 each", name, len(full), len(quick))
		}
		differs := map[string]bool{}
		for i := range full {
			f, q := flatConfig56b(t, full[i]), flatConfig56b(t, quick[i])
			for path, fv := range f {
				if q[path] == fv {
					continue
				}
				differs[path] = true
				p, ok := phrase(path, q[path], fv)
				if !ok {
					t.Errorf("%s %s: --quick changes %s (%s instead of %s), which this test has no phrase for", name, full[i].Out, path, q[path], fv)
					continue
				}
				if !strings.Contains(note, p) {
					t.Errorf("markov-%s: the quick note %q lacks %q", name, note, p)
				}
			}
		}
		for _, path := range []string{"Iterations", "RecordEvery"} {
			if !differs[path] {
				t.Errorf("markov-%s: --quick no longer changes %s; update this test", name, path)
			}
		}
		if want := "5000 iterations instead of 50000, a row every 10 iterations instead of every 100"; note != want {
			t.Errorf("markov-%s: quick note %q, want %q", name, note, want)
		}
	}
}
