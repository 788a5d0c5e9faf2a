package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stackel/stackel/experiment"
)

// TestReproduceStepsRefusedNamesFlag: `reproduce NAME --steps 3`, a length
// the runs' config refuses (less than one epoch), is an error naming
// --steps, before anything is written; it named only the config key
// rl.steps, in each job's failure, after the jobs' directories were made.
func TestReproduceStepsRefusedNamesFlag(t *testing.T) {
	out := filepath.Join(t.TempDir(), "r")
	_, err := execute(t, "reproduce", "stac-cartpole", "--steps", "3", "--seeds", "1", "--quiet", "--out", out)
	if err == nil || !strings.HasPrefix(err.Error(), "--steps 3: ") || !strings.Contains(err.Error(), "rl.steps: 3 is less than one epoch") {
		t.Fatalf("error %v; want one beginning --steps 3: and saying why", err)
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("the refused reproduction left %s", out)
	}
}

// TestRunRefusesReproductionDir: `run CONFIG --out DIR` (and run --job)
// into a reproduction's directory is refused naming DIR and what it holds,
// and `reproduce --out DIR` into a run's directory likewise; both were
// accepted, mixing a run's config.yaml, metrics.csv and summary.json with
// a reproduction's report.
func TestRunRefusesReproductionDir(t *testing.T) {
	dir := t.TempDir()
	cfg := writeFile(t, dir, "d.yaml", "name: d\ngame: {builtin: duopoly}\ndynamics: {kind: sga}\niterations: 20\n")
	rp := filepath.Join(dir, "rp")
	if err := os.MkdirAll(rp, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, rp, "reproduction.json", `{"reproduction": "fiez-duopoly"}`)
	want := "output directory " + rp + " holds the reproduction fiez-duopoly (reproduction.json), not a run"
	for _, force := range []bool{false, true} {
		args := []string{"run", cfg, "--out", rp, "--quiet"}
		if force {
			args = append(args, "--force")
		}
		if _, err := execute(t, args...); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%v: error %v; want %q", args, err, want)
		}
	}
	jobFile, _ := writeJobFile(t, dir, "j.json", "game: {builtin: duopoly}\ndynamics: {kind: sga}\niterations: 20\n", 1)
	if _, err := execute(t, "run", "--job", jobFile, "--out", rp, "--quiet"); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("run --job: error %v; want %q", err, want)
	}
	if _, err := os.Stat(filepath.Join(rp, experiment.ConfigFile)); err == nil {
		t.Errorf("a refused run wrote config.yaml into the reproduction's directory")
	}

	run := filepath.Join(dir, "run")
	if _, err := execute(t, "run", cfg, "--out", run, "--quiet"); err != nil {
		t.Fatal(err)
	}
	_, err := execute(t, "reproduce", "fiez-duopoly", "--quick", "--quiet", "--out", run)
	if want := "fiez-duopoly: " + run + " holds a run (config.yaml, metrics.csv, summary.json), not a reproduction"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("reproduce into a run's directory: error %v; want %q", err, want)
	}
	if _, err := os.Stat(filepath.Join(run, "reproduction.json")); err == nil {
		t.Errorf("the refused reproduction wrote reproduction.json into the run's directory")
	}
}

// TestResumeLengthensJobRecord: `run --resume DIR longer.yaml` in a job's
// directory lengthens the job, and job.json then describes the longer run
// (its config and ID, done), as the README says of a lengthening; it kept
// the shorter job's record, "done", beside the longer config.yaml.
func TestResumeLengthensJobRecord(t *testing.T) {
	dir := t.TempDir()
	short := strings.Replace(faultRL, "steps: 800", "steps: 400", 1)
	shortJob, _ := writeJobFile(t, dir, "short.json", short, 5)
	j := filepath.Join(dir, "j")
	if _, err := execute(t, "run", "--job", shortJob, "--out", j, "--quiet"); err != nil {
		t.Fatal(err)
	}
	long := writeFile(t, dir, "long.yaml", faultRL)
	if _, err := execute(t, "run", "--resume", j, long, "--quiet"); err != nil {
		t.Fatal(err)
	}
	rec, ok, err := experiment.ReadJobRecord(j)
	if err != nil || !ok {
		t.Fatalf("job.json: %v %v", ok, err)
	}
	saved, err := os.ReadFile(filepath.Join(j, experiment.ConfigFile))
	if err != nil {
		t.Fatal(err)
	}
	if rec.Config != string(saved) || rec.Status != experiment.JobDone {
		t.Errorf("job.json after the lengthening: status %s, config\n%s\nconfig.yaml\n%s", rec.Status, rec.Config, saved)
	}
	if b, _ := os.ReadFile(filepath.Join(j, experiment.SummaryFile)); !strings.Contains(string(b), `"extended_from_steps": 400`) || !strings.Contains(string(b), `"steps": 800`) {
		t.Errorf("summary.json of the lengthened job:\n%s", b)
	}
	// The same lengthening by the job's own command is the same run.
	whole := filepath.Join(dir, "whole")
	longJob, _ := writeJobFile(t, dir, "long.json", faultRL, 5)
	if _, err := execute(t, "run", "--job", longJob, "--out", whole, "--quiet"); err != nil {
		t.Fatal(err)
	}
	if got, want := metricsSansTime(t, j), metricsSansTime(t, whole); got != want {
		t.Errorf("the lengthened job's metrics differ from the 800-step job's:\n%s\nwant\n%s", got, want)
	}
	if w, _, _ := experiment.ReadJobRecord(whole); w.ID != rec.ID {
		t.Errorf("job.json ID %s after the lengthening; the 800-step job's is %s", rec.ID, w.ID)
	}
}
