package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stackel/stackel/experiment"
)

// `stackel run --job FILE --out DIR` given a job already done in DIR runs
// nothing and writes nothing, and says so: before, it printed "job ID
// done; wrote DIR" as for a run, though nothing was written.
func TestRunJobAlreadyDoneSaysNothingRun(t *testing.T) {
	dir := t.TempDir()
	const text = "name: duo\ngame: {builtin: duopoly}\ndynamics: {kind: sga}\niterations: 200\nrecord_every: 20\n"
	jobFile, job := writeJobFile(t, dir, "job.json", text, 5)
	out := filepath.Join(dir, "j")
	first, err := execute(t, "run", "--job", jobFile, "--out", out, "--quiet")
	if err != nil || !strings.Contains(first, "job "+job.ID+" done; wrote "+out+"\n") {
		t.Fatalf("first run --job: %v\n%s", err, first)
	}
	metrics := filepath.Join(out, experiment.MetricsFile)
	before, _ := os.Stat(metrics)
	second, err := execute(t, "run", "--job", jobFile, "--out", out, "--quiet")
	if err != nil {
		t.Fatalf("second run --job: %v\n%s", err, second)
	}
	want := "job " + job.ID + " already done in " + out + "; nothing run\n"
	// Only that line: not the summary recorded by the first run, which
	// read as a run of this command (review 41).
	if second != want {
		t.Errorf("second run --job printed %q; want %q", second, want)
	}
	if after, _ := os.Stat(metrics); before == nil || after == nil || !after.ModTime().Equal(before.ModTime()) {
		t.Errorf("metrics.csv changed by the skip")
	}
}

// A job recorded as failed in DIR is not run again either: `run --job`
// exits 1 saying that it already failed there (with the recorded error)
// and that nothing was run, as `run --manifest` does for a failed job.
// Before, it exited 0 printing "job ID failed; wrote DIR".
func TestRunJobAlreadyFailedSaysNothingRun(t *testing.T) {
	dir := t.TempDir()
	const text = "name: duo\ngame: {builtin: duopoly}\ndynamics: {kind: sga}\niterations: 200\nrecord_every: 20\n"
	jobFile, job := writeJobFile(t, dir, "job.json", text, 5)
	out := filepath.Join(dir, "j")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	rec := experiment.JobRecord{Job: job, Status: experiment.JobFailed, Error: "the recorded failure"}
	if err := experiment.WriteJSON(out, experiment.JobFile, rec); err != nil {
		t.Fatal(err)
	}
	got, err := execute(t, "run", "--job", jobFile, "--out", out, "--quiet")
	want := "job " + job.ID + " already failed in " + out + " (the recorded failure); nothing run"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("run --job of a failed job: err %v, out %q; want an error containing %q", err, got, want)
	}
	if _, err := os.Stat(filepath.Join(out, experiment.MetricsFile)); err == nil {
		t.Errorf("the failed job ran again")
	}
}

// `stackel run --manifest M --index I` of a job already finished in its
// directory says so and that nothing was run (a requeued array task):
// before, "job I (…) done: DIR" for a skip, and for a job recorded as
// failed "job I (…) failed: ERR (what was recorded is in DIR)", as if it
// had just run and failed.
func TestRunManifestAlreadyFinishedSaysNothingRun(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "sl")
	if _, err := execute(t, "reproduce", "fiez-duopoly", "--quick", "--emit", "slurm", "--out", dir); err != nil {
		t.Fatal(err)
	}
	man := filepath.Join(dir, "manifest.json")
	first, err := execute(t, "run", "--manifest", man, "--index", "0", "--quiet")
	if err != nil || strings.Contains(first, "already") {
		t.Fatalf("first run --manifest: %v\n%s", err, first)
	}
	jobDir := strings.TrimSpace(first[strings.LastIndex(first, ": ")+2:])
	second, err := execute(t, "run", "--manifest", man, "--index", "0", "--quiet")
	if err != nil || !strings.HasSuffix(second, " already done in "+jobDir+"; nothing run\n") {
		t.Errorf("second run --manifest: %v\n%q; want it to end \"already done in %s; nothing run\"", err, second, jobDir)
	}
	rec, ok, err := experiment.ReadJobRecord(jobDir)
	if err != nil || !ok {
		t.Fatalf("job.json of %s: %v %v", jobDir, ok, err)
	}
	rec.Status, rec.Error = experiment.JobFailed, "the recorded failure"
	if err := experiment.WriteJSON(jobDir, experiment.JobFile, rec); err != nil {
		t.Fatal(err)
	}
	_, err = execute(t, "run", "--manifest", man, "--index", "0", "--quiet")
	if want := " already failed in " + jobDir + " (the recorded failure); nothing run"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("run --manifest of a failed job: %v; want an error containing %q", err, want)
	}
}

// `run --job` into a directory holding another job's outputs is refused
// with nothing recorded, and does not say "(what was recorded is in
// DIR)", which read as though this job had run and recorded something.
func TestRunJobOtherJobsDirNothingRecorded(t *testing.T) {
	dir := t.TempDir()
	const text = "name: duo\ngame: {builtin: duopoly}\ndynamics: {kind: sga}\niterations: 200\nrecord_every: 20\n"
	jobA, _ := writeJobFile(t, dir, "a.json", text, 5)
	jobB, b := writeJobFile(t, dir, "b.json", text, 6)
	out := filepath.Join(dir, "j")
	if _, err := execute(t, "run", "--job", jobA, "--out", out, "--quiet"); err != nil {
		t.Fatal(err)
	}
	_, err := execute(t, "run", "--job", jobB, "--out", out, "--quiet")
	if err == nil || !strings.Contains(err.Error(), "not of job "+b.ID) || strings.Contains(err.Error(), "what was recorded") {
		t.Errorf("run --job into another job's directory: %v; want the refusal without \"what was recorded\"", err)
	}
}
