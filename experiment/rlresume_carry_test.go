package experiment

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// A lengthening killed after it replaced summary.json by its running one
// (writeRunningSummary) but before any of its epochs, of a run that was
// never itself lengthened: the shorter run given again gets back its own
// summary, without the running summary's "extended_from_steps" (before
// session 38 carrySummary read the shorter summary over the running
// one's fields, and a key the shorter summary lacks kept the running
// summary's value: a 600-step run said "extended_from_steps": 600).
func TestShorterRunGivenAgainKeepsNoExtension(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	rc := tinyRL()
	if _, err := RunRL(ctx, rc, 3, dir, false, nil); err != nil {
		t.Fatal(err)
	}
	cfg, err := RLAgentConfig(rc, 3)
	if err != nil {
		t.Fatal(err)
	}
	// What `run --resume DIR longer.yaml` writes first (the longer run's
	// config, with the shorter run's length as extended_from_steps).
	longer := cfg
	longer.Steps = 2 * cfg.Steps
	if err := writeRunningSummary(dir, longer, cfg.Steps); err != nil {
		t.Fatal(err)
	}
	sum, err := RunRL(ctx, rc, 3, dir, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.ExtendedFrom != 0 || sum.Resumed {
		t.Errorf("the shorter run given again: ExtendedFrom %d, Resumed %v; want 0, false", sum.ExtendedFrom, sum.Resumed)
	}
	data, err := os.ReadFile(filepath.Join(dir, SummaryFile))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"extended_from_steps", "resumed_from_epoch", "running"} {
		if v, ok := m[k]; ok {
			t.Errorf("summary.json has %q: %v; the %d-step run was neither lengthened nor resumed\n%s", k, v, cfg.Steps, data)
		}
	}
	if m["steps"] != float64(cfg.Steps) {
		t.Errorf("summary.json steps %v, want %d", m["steps"], cfg.Steps)
	}
}
