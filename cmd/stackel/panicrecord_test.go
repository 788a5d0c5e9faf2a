package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/rl/env"
)

// panicEnvID is an RL task whose construction panics (a bug in an
// environment's constructor): its run fails in agent.New, after Run saved
// config.yaml and before metrics.csv exists. It is registered only in the
// stackel processes started with panicEnvVar set, so that the listings
// of the other tests (stackel envs) do not change.
const (
	panicEnvID  = "TestPanicOnNew-v0"
	panicEnvVar = "STACKEL_TEST_PANIC_ENV=1"
)

func init() {
	if os.Getenv("STACKEL_TEST_PANIC_ENV") != "1" {
		return
	}
	if err := env.Register(env.Spec{
		ID: panicEnvID, MaxEpisodeSteps: 10,
		Obs: env.NewBox([]float64{-1}, []float64{1}), Act: env.Discrete{N: 2},
		New: func() env.Env { panic("the environment's own bug") },
	}); err != nil {
		panic(err)
	}
}

// A plain `stackel run CONFIG` whose run panics before it records a
// metrics row keeps what runGuarded recorded of the failure: summary.json
// with the panic (and config.yaml, which says what failed), exits 1 saying
// where that is; a later run into the directory is refused with the
// occupied-directory hint, and runs with --force. Before, the cleanup of
// a run that recorded nothing deleted summary.json and the directory.
func TestRunPanicBeforeFirstRowKeepsTheFailure(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "p.yaml", "name: p\nrl: {env: "+panicEnvID+", algo: ac, hidden: [4], steps_per_epoch: 10, steps: 10}\n")
	r := runCLI(t, dir, []string{panicEnvVar}, "run", "p.yaml", "--out", "d", "--quiet")
	if r.exit != 1 || !strings.Contains(r.out, "panic: the environment's own bug") || !strings.Contains(r.out, "what was recorded is in d") {
		t.Errorf("exit %d: %s", r.exit, r.out)
	}
	b, err := os.ReadFile(filepath.Join(dir, "d", experiment.SummaryFile))
	if err != nil {
		t.Fatalf("the failure's record: %v", err)
	}
	var sum map[string]any
	if err := json.Unmarshal(b, &sum); err != nil {
		t.Fatal(err)
	}
	if e, _ := sum["error"].(string); !strings.HasPrefix(e, "panic: the environment's own bug (at ") {
		t.Errorf("summary.json %s; want the panic's error", b)
	}
	if _, err := os.Stat(filepath.Join(dir, "d", experiment.ConfigFile)); err != nil {
		t.Errorf("config.yaml: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "d", experiment.LockFile)); err == nil {
		t.Errorf("the lock file is left")
	}
	r = runCLI(t, dir, []string{panicEnvVar}, "run", "p.yaml", "--out", "d", "--quiet")
	if r.exit != 1 || !strings.Contains(r.out, "d has config.yaml, summary.json; continue it with stackel run --resume d, delete it with --force, or choose another --out") {
		t.Errorf("rerun into the failed run's directory: exit %d %s", r.exit, r.out)
	}
	// The same job through --job: recorded as failed, and said so.
	jobFile, job := writeJobFile(t, dir, "job.json", "name: p\nrl: {env: "+panicEnvID+", algo: ac, hidden: [4], steps_per_epoch: 10, steps: 10}\n", 2)
	r = runCLI(t, dir, []string{panicEnvVar}, "run", "--job", jobFile, "--out", "j", "--quiet")
	if r.exit != 1 || !strings.Contains(r.out, "job "+job.ID+": panic: the environment's own bug") || !strings.Contains(r.out, "what was recorded is in j") {
		t.Errorf("--job: exit %d %s", r.exit, r.out)
	}
	if _, err := os.Stat(filepath.Join(dir, "j", experiment.SummaryFile)); err != nil {
		t.Errorf("--job: %v", err)
	}
}
