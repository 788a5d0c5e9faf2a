package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stackel/stackel/experiment"
)

// `stackel run --job FILE --out DIR` runs a job from its JSON into DIR with
// the same metrics as `stackel run CONFIG --seed N`, and a second call
// skips the finished job.
func TestRunJobCommand(t *testing.T) {
	dir := t.TempDir()
	const text = "name: duo\ngame: {builtin: duopoly}\ndynamics: {kind: sga}\niterations: 200\nrecord_every: 20\n"
	jobFile, job := writeJobFile(t, dir, "job.json", text, 5)
	out, err := execute(t, "run", "--job", jobFile, "--out", filepath.Join(dir, "j"), "--quiet")
	if err != nil || !strings.Contains(out, "job "+job.ID+" done") {
		t.Fatalf("run --job: %v\n%s", err, out)
	}
	cfgFile := writeFile(t, dir, "c.yaml", text)
	if _, err := execute(t, "run", cfgFile, "--seed", "5", "--out", filepath.Join(dir, "c"), "--quiet"); err != nil {
		t.Fatal(err)
	}
	a, _ := os.ReadFile(filepath.Join(dir, "j", "metrics.csv"))
	c, _ := os.ReadFile(filepath.Join(dir, "c", "metrics.csv"))
	if len(a) == 0 || string(a) != string(c) {
		t.Errorf("job metrics differ from the config run's:\n%s\n%s", a, c)
	}
	if out, err := execute(t, "run", "--job", jobFile, "--out", filepath.Join(dir, "j"), "--quiet"); err != nil || !strings.Contains(out, "done") {
		t.Errorf("second run --job: %v %s", err, out)
	}
	if _, err := execute(t, "run", "--job", jobFile, "--seed", "3"); err == nil {
		t.Error("--job with --seed accepted")
	}
}

// A reproduction made of task jobs (runs with no config form) goes through
// the Slurm path: --emit slurm writes a manifest whose jobs, each run with
// `run --manifest M --index I` as an array task would, and `sweep collect`
// give the in-process reproduction's results.json byte for byte.
func TestTaskReproductionThroughManifest(t *testing.T) {
	dir := t.TempDir()
	slurm, local := filepath.Join(dir, "slurm"), filepath.Join(dir, "local")
	if out, err := execute(t, "reproduce", "stackelberg-oligopoly", "--quick", "--seeds", "2", "--emit", "slurm", "--out", slurm); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	b, err := os.ReadFile(filepath.Join(slurm, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var probe any
	if err := json.Unmarshal(b, &probe); err != nil {
		t.Fatal(err)
	}
	n := strings.Count(string(b), `"kind": "repro/stackelberg-oligopoly"`)
	if n != 4 {
		t.Fatalf("manifest holds %d oligopoly tasks; want 2 seeds × 2 hierarchies", n)
	}
	for i := 0; i < n; i++ {
		if out, err := execute(t, "run", "--manifest", filepath.Join(slurm, "manifest.json"), "--index", fmt.Sprint(i), "--quiet"); err != nil {
			t.Fatalf("index %d: %v\n%s", i, err, out)
		}
	}
	if out, err := execute(t, "sweep", "collect", slurm); err != nil {
		t.Fatalf("collect: %v\n%s", err, out)
	}
	if out, err := execute(t, "reproduce", "stackelberg-oligopoly", "--quick", "--seeds", "2", "--out", local, "--quiet"); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	a, _ := os.ReadFile(filepath.Join(slurm, "results.json"))
	c, _ := os.ReadFile(filepath.Join(local, "results.json"))
	if len(a) == 0 || string(a) != string(c) {
		t.Errorf("results.json through the manifest differs from the in-process one:\n%s\n%s", a, c)
	}
}

// writeJobFile writes the job of config text and seed, as JSON, to
// dir/name and returns its path and the job.
func writeJobFile(t *testing.T, dir, name, text string, seed uint64) (string, experiment.Job) {
	t.Helper()
	cfg, err := experiment.ParseConfig([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	job, err := experiment.NewJob(cfg, seed, "ignored")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(job)
	return writeFile(t, dir, name, string(b)), job
}
