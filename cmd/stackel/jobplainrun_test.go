package main

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stackel/stackel/experiment"
)

// TestJobKeepsPlainRun: `stackel run a.yaml --out d` and then `stackel run
// --job job.json --out d` (another config) exited 0, and d/summary.json
// was the job's: the plain run had been deleted without --force (which
// --job refuses). The job is refused, naming d and what to do, and d
// holds run "a" as it was, with no job.json.
func TestJobKeepsPlainRun(t *testing.T) {
	dir := t.TempDir()
	a := writeFile(t, dir, "a.yaml", "name: a\nseed: 1\ngame: {builtin: duopoly}\ndynamics: {kind: sga}\niterations: 20\n")
	d := filepath.Join(dir, "d")
	if _, err := execute(t, "run", a, "--out", d, "--quiet"); err != nil {
		t.Fatal(err)
	}
	files := []string{experiment.ConfigFile, experiment.MetricsFile, experiment.SummaryFile}
	before := map[string]string{}
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join(d, f))
		if err != nil {
			t.Fatal(err)
		}
		before[f] = string(b)
	}
	jobFile, job := writeJobFile(t, dir, "job.json", "name: j\ngame: {builtin: duopoly}\ndynamics: {kind: sga}\niterations: 20\n", 2)
	_, err := execute(t, "run", "--job", jobFile, "--out", d, "--quiet")
	want := fmt.Sprintf("job %s: the output directory holds another run: %s has config.yaml, metrics.csv, summary.json (a run of \"a\" with seed 1, not the job's configuration and seed) and no job.json, so it is not job %s's and is kept (a job does not delete a run it did not make): move or delete those files to run the job in %s, or give the job another output directory", job.ID, d, job.ID, d)
	if err == nil || err.Error() != want {
		t.Errorf("run --job over a plain run: %v\nwant %s", err, want)
	}
	for _, f := range files {
		if b, _ := os.ReadFile(filepath.Join(d, f)); string(b) != before[f] {
			t.Errorf("%s of run a changed by the refused job", f)
		}
	}
	if _, err := os.Stat(filepath.Join(d, experiment.JobFile)); !os.IsNotExist(err) {
		t.Errorf("job.json written by the refused job (%v)", err)
	}
}
