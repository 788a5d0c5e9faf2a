package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stackel/stackel/experiment"
)

// duoJobText is a smooth duopoly configuration of a hand-written job whose
// text sets seed 7.
const duoJobText = "name: duo\nseed: 7\ngame: {builtin: duopoly}\ndynamics: {kind: sga}\niterations: 50\nrecord_every: 10\n"

// writeRawJob writes a job of text and seed with a valid ID (the text as
// written, not made by NewJob, which writes the job's seed into it).
func writeRawJob(t *testing.T, dir, text string, seed uint64) (string, experiment.Job) {
	t.Helper()
	job := experiment.Job{ID: experiment.JobID([]byte(text), seed), Config: text, Seed: seed}
	b, err := json.Marshal(job)
	if err != nil {
		t.Fatal(err)
	}
	return writeFile(t, dir, "job.json", string(b)), job
}

// TestJobConfigSeedDiffersRefused: a --job file whose config sets another
// seed than the job's (seed 7 in the text, 3 in the job; or none, read as
// 0) is refused before anything runs. It ran with seed 3 but recorded the
// text's seed 7 in config.yaml, so that the same job given again was
// refused as "another run written over the job's outputs", and a directory
// holding the seed-7 run of `stackel run` was taken for the job's and
// written over without --force.
func TestJobConfigSeedDiffersRefused(t *testing.T) {
	dir := t.TempDir()
	cfg := writeFile(t, dir, "c.yaml", duoJobText)
	other := filepath.Join(dir, "o")
	if _, err := execute(t, "run", cfg, "--out", other, "--quiet"); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(filepath.Join(other, experiment.SummaryFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ text, seed string }{
		{duoJobText, "7"},
		{strings.Replace(duoJobText, "seed: 7\n", "", 1), "0"},
	} {
		path, job := writeRawJob(t, dir, c.text, 3)
		_, err := execute(t, "run", "--job", path, "--out", other, "--quiet")
		want := path + ": job " + job.ID + ": its config's seed is " + c.seed + " but the job's seed is 3: write seed: 3 in the config," +
			" as the jobs stackel makes have it (the run takes the job's seed, and its config.yaml would say " + c.seed + ")"
		if err == nil || err.Error() != want {
			t.Errorf("run --job with config seed %s, job seed 3:\n got %v\nwant %s", c.seed, err, want)
		}
	}
	after, err := os.ReadFile(filepath.Join(other, experiment.SummaryFile))
	if err != nil || !bytes.Equal(after, before) {
		t.Errorf("the other run's summary.json changed (%v)", err)
	}
	if _, err := os.Stat(filepath.Join(other, experiment.JobFile)); !os.IsNotExist(err) {
		t.Errorf("a job.json was written into the other run's directory (%v)", err)
	}
}

// TestJobFileErrorsNamedOnce: a --job file's errors name the file and the
// job once. An edited job said "job x: job x: the ID does not match …",
// and an empty file said only "EOF".
func TestJobFileErrorsNamedOnce(t *testing.T) {
	dir := t.TempDir()
	b, err := json.Marshal(experiment.Job{ID: "x", Config: duoJobText, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	edited := writeFile(t, dir, "edited.json", string(b))
	empty := writeFile(t, dir, "empty.json", " \n")
	for _, c := range []struct{ path, want string }{
		{edited, edited + ": job x: the ID does not match its config and seed (want " + experiment.JobID([]byte(duoJobText), 7) + "); was the job edited?"},
		{empty, empty + `: empty job file (a job is JSON: {"id": …, "config": …, "seed": …})`},
	} {
		_, err := execute(t, "run", "--job", c.path, "--out", filepath.Join(dir, "out"), "--quiet")
		if err == nil || err.Error() != c.want {
			t.Errorf("run --job %s:\n got %v\nwant %s", filepath.Base(c.path), err, c.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "out")); !os.IsNotExist(err) {
		t.Errorf("a refused job made its output directory (%v)", err)
	}
}
