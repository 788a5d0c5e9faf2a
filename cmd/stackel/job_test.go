package main

import (
	"encoding/json"
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
	cfg, err := experiment.ParseConfig([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	job, err := experiment.NewJob(cfg, 5, "ignored")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(job)
	jobFile := writeFile(t, dir, "job.json", string(b))
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
