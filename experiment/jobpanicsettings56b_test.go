package experiment

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stackel/stackel/rl/env"
)

// panicStepEnv is Pendulum-v1 whose Step panics at its call number at
// (150: a bug in an RL task, inside the run's first epoch).
type panicStepEnv struct {
	inner env.Env
	at    int
	steps int
}

func (p *panicStepEnv) ObservationSpace() env.Space  { return p.inner.ObservationSpace() }
func (p *panicStepEnv) ActionSpace() env.Space       { return p.inner.ActionSpace() }
func (p *panicStepEnv) Reset(r *rand.Rand) []float64 { return p.inner.Reset(r) }
func (p *panicStepEnv) Close() error                 { return nil }
func (p *panicStepEnv) Step(a []float64) ([]float64, float64, bool, bool) {
	if p.steps++; p.steps == p.at {
		panic(fmt.Sprintf("the task's own bug at step %d", p.at))
	}
	return p.inner.Step(a)
}

var (
	registerPanicStepMu sync.Mutex
	registeredPanicStep = map[int]string{}
)

// panicStepEnv56b registers PanicStepAT-v0, a panicStepEnv panicking at
// step at (once per at), and returns its name.
func panicStepEnv56b(t *testing.T, at int) string {
	t.Helper()
	registerPanicStepMu.Lock()
	defer registerPanicStepMu.Unlock()
	if id, ok := registeredPanicStep[at]; ok {
		return id
	}
	id := fmt.Sprintf("PanicStep%d-v0", at)
	if err := env.Register(env.Spec{ID: id, MaxEpisodeSteps: 200, New: func() env.Env {
		inner, err := env.Make("Pendulum-v1")
		if err != nil {
			panic(err)
		}
		return &panicStepEnv{inner: inner, at: at}
	}}); err != nil {
		t.Fatal(err)
	}
	registeredPanicStep[at] = id
	return id
}

// TestPanicSummaryRecordsSettings56b: the summary.json of an RL run whose
// task panics (written at the job boundary, writePanicSummary) ends in
// the key settings, holding the effective settings job.json records
// (rlSettings: every default filled in, stddpg's ρ 0.995, the seed), as
// every other RL summary.json does; the error and seed stay; no
// run_status (an RL summary has none). Checked for a job (RunJob, seed 3)
// and a plain run (Run, as `stackel run CONFIG`, the config's seed 9).
func TestPanicSummaryRecordsSettings56b(t *testing.T) {
	id := panicStepEnv56b(t, 150)
	const text = "name: p\nrl: {env: %s, algo: stddpg, steps: 400, steps_per_epoch: 200, hidden: [8], " +
		"options: {start_steps: 100, update_after: 100, update_every: 50, batch_size: 16, replay_size: 1000, test_episodes: 0}}\n"
	yamlText := strings.Replace(text, "%s", id, 1)

	check := func(what, dir string, seed uint64, wantSettings json.RawMessage) {
		t.Helper()
		keys, b := summaryKeys55b(t, dir)
		if len(keys) == 0 || keys[len(keys)-1] != "settings" {
			t.Fatalf("%s: summary.json's keys %v; want them to end in settings:\n%s", what, keys, b)
		}
		var m struct {
			Error     string          `json:"error"`
			Seed      uint64          `json:"seed"`
			RunStatus *string         `json:"run_status"`
			Settings  json.RawMessage `json:"settings"`
		}
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(m.Error, "panic: the task's own bug at step 150 (at experiment.(*panicStepEnv).Step") ||
			m.Seed != seed || m.RunStatus != nil {
			t.Errorf("%s: error %q, seed %d, run_status %v; want the panic, seed %d, no run_status", what, m.Error, m.Seed, m.RunStatus, seed)
		}
		if !sameJSON(m.Settings, wantSettings) {
			t.Errorf("%s: settings\n%s\nwant job.json's\n%s", what, m.Settings, wantSettings)
		}
		var s map[string]any
		if err := json.Unmarshal(m.Settings, &s); err != nil {
			t.Fatal(err)
		}
		if s["Seed"] != float64(seed) || s["Polyak"] != 0.995 || s["Steps"] != 400.0 || s["Env"] != id {
			t.Errorf("%s: settings' Seed %v, Polyak %v, Steps %v, Env %v; want %d, 0.995, 400, %s",
				what, s["Seed"], s["Polyak"], s["Steps"], s["Env"], seed, id)
		}
	}

	// A job: the settings job.json records.
	j := mustJob(t, yamlText, 3, "j")
	dir := filepath.Join(t.TempDir(), "j")
	rec, err := RunJob(context.Background(), j, dir, nil)
	if err == nil || rec.Status != JobFailed {
		t.Fatalf("RunJob: status %q, error %v; want failed with the panic", rec.Status, err)
	}
	if len(rec.Settings) == 0 {
		t.Fatal("job.json records no settings")
	}
	check("a job", dir, 3, rec.Settings)

	// A plain run.
	cfg, err := ParseConfig([]byte(yamlText + "seed: 9\n"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := rlSettings(cfg.RL, 9)
	if err != nil {
		t.Fatal(err)
	}
	dir = t.TempDir()
	if _, err := Run(context.Background(), cfg, RunOptions{Out: dir}); err == nil {
		t.Fatal("Run: no error; want the panic")
	}
	check("a plain run", dir, 9, want)
	if _, err := os.Stat(filepath.Join(dir, MetricsFile)); err != nil {
		t.Errorf("a plain run: %v; want metrics.csv kept", err)
	}
}
