package repro

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stackel/stackel/experiment"
)

// hostileSet writes finished runs of stsac-mujoco on Hopper-v4 (3 seeds,
// 20k steps, writeFinishedRuns: no run reaches Hopper's 3800) under a
// fresh directory and returns it with the options and jobs.
func hostileSet(t *testing.T) (Reproduction, Options, []experiment.Job) {
	t.Helper()
	r, err := Lookup("stsac-mujoco")
	if err != nil {
		t.Fatal(err)
	}
	opt := Options{Out: t.TempDir(), Seeds: 3, Steps: 20000, Envs: []string{"Hopper-v4"}, ReportOnly: true}
	jobs, err := r.Jobs(opt)
	if err != nil {
		t.Fatal(err)
	}
	writeFinishedRuns(t, opt.Out, jobs)
	return r, opt, jobs
}

// results reads the variant's entry of dir/Hopper-v4/results.json.
func hopperResults(t *testing.T, dir, slug string) map[string]json.RawMessage {
	t.Helper()
	var res map[string]json.RawMessage
	b, err := os.ReadFile(filepath.Join(dir, "Hopper-v4", "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &res); err != nil {
		t.Fatal(err)
	}
	var v map[string]json.RawMessage
	if err := json.Unmarshal(res[slug], &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// A seed with no run on disk, or whose run failed before its first epoch
// (job.json failed, no metrics.csv), has no steps to the threshold:
// results.json says null for it, not 0 ("reached at step 0"), and the
// table says "failed" for the one that failed, not "not run". The seeds
// that ran and never reached 3800 stay −1.
func TestRLReportMissingRunsInResults(t *testing.T) {
	r, opt, jobs := hostileSet(t)
	for _, j := range jobs {
		dir := filepath.Join(opt.Out, j.Out)
		switch j.Out {
		case filepath.Join("Hopper-v4", "sac", "seed3"):
			if err := os.RemoveAll(dir); err != nil {
				t.Fatal(err)
			}
		case filepath.Join("Hopper-v4", "stsac-al", "seed2"):
			os.Remove(filepath.Join(dir, experiment.MetricsFile))
			rec := experiment.JobRecord{Job: j, Status: experiment.JobFailed, Error: "rl.env: Hopper-v4 needs -tags mujoco"}
			if err := experiment.WriteJSON(dir, experiment.JobFile, rec); err != nil {
				t.Fatal(err)
			}
		}
	}
	var log bytes.Buffer
	opt.Log = &log
	if err := r.Execute(context.Background(), opt); err != nil {
		t.Fatal(err)
	}
	for slug, want := range map[string]string{"sac": "[-1,-1,null]", "stsac-al": "[-1,null,-1]", "stsac-cl": "[-1,-1,-1]"} {
		got := hopperResults(t, opt.Out, slug)["steps_to_threshold"]
		var compact bytes.Buffer
		json.Compact(&compact, got)
		if compact.String() != want {
			t.Errorf("%s steps_to_threshold %s, want %s", slug, compact.String(), want)
		}
	}
	report := log.String()
	if !strings.Contains(report, "| STSAC-AL | — | failed before its first epoch | — |") || !strings.Contains(report, "STSAC-AL seed 2: rl.env: Hopper-v4 needs -tags mujoco") {
		t.Errorf("the run that failed before its first epoch is not reported as failed:\n%s", report)
	}
	if !strings.Contains(report, "| SAC | — | — | not run |") {
		t.Errorf("the missing run is not reported as not run:\n%s", report)
	}
}

// A seed's directory holding another run (a config.yaml of Pendulum DDPG,
// seed 7, without job.json, as `stackel run --out` into it leaves) is an
// error naming the file, not a run averaged as SAC's seed 1 on Hopper.
func TestRLReportForeignRun(t *testing.T) {
	r, opt, _ := hostileSet(t)
	dir := filepath.Join(opt.Out, "Hopper-v4", "sac", "seed1")
	if err := os.Remove(filepath.Join(dir, experiment.JobFile)); err != nil {
		t.Fatal(err)
	}
	foreign := "name: other\nseed: 7\nrl:\n  env: Pendulum-v1\n  algo: ddpg\n  steps: 20000\n"
	if err := os.WriteFile(filepath.Join(dir, experiment.ConfigFile), []byte(foreign), 0o644); err != nil {
		t.Fatal(err)
	}
	err := r.Execute(context.Background(), opt)
	if err == nil || !strings.Contains(err.Error(), filepath.Join("sac", "seed1", experiment.ConfigFile)+" holds another run (ddpg Pendulum-v1 seed 7") {
		t.Fatalf("report of a foreign run: error %v", err)
	}
	// The seed's own config (as the job writes it) is accepted.
	_, opt2, jobs := hostileSet(t)
	for _, j := range jobs {
		if err := os.WriteFile(filepath.Join(opt2.Out, j.Out, experiment.ConfigFile), []byte(j.Config), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.Execute(context.Background(), opt2); err != nil {
		t.Fatalf("report with the runs' own config.yaml: %v", err)
	}
}
