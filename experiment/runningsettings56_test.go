package experiment

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// TestRunningSummaryRecordsSettings56: the summary.json an RL lengthening
// writes while it runs ({"running": true, …}) ends in the key settings,
// holding the effective settings of the longer run that job.json records
// (rlSettings), as the run's final summary.json does: a reader of the run
// mid-lengthening sees what it runs with. Checked as RunRL writes it (read
// back during the longer run's second epoch) and for a float32 run
// written directly (markLengthening's path), whose DType is recorded by
// name.
func TestRunningSummaryRecordsSettings56(t *testing.T) {
	dir := t.TempDir()
	short := tinyRL()
	short.Steps = 200
	if _, err := RunRL(context.Background(), short, 5, dir, false, nil); err != nil {
		t.Fatal(err)
	}
	long := tinyRL()
	var during []byte
	_, err := RunRL(context.Background(), long, 5, dir, true, func(done, total int) {
		if done == 2 {
			during, _ = os.ReadFile(filepath.Join(dir, SummaryFile))
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	want, err := rlSettings(&long, 5)
	if err != nil {
		t.Fatal(err)
	}
	checkRunning56(t, "RunRL's lengthening", during, want)

	rc := tinyRL()
	rc.DType = "float32"
	cfg, err := RLAgentConfig(rc, 7)
	if err != nil {
		t.Fatal(err)
	}
	dir = t.TempDir()
	if err := writeRunningSummary(dir, cfg, 200); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, SummaryFile))
	if err != nil {
		t.Fatal(err)
	}
	if want, err = rlSettings(&rc, 7); err != nil {
		t.Fatal(err)
	}
	s := checkRunning56(t, "writeRunningSummary (float32)", b, want)
	if s["DType"] != "float32" || s["Seed"] != 7.0 {
		t.Errorf("settings' DType %v, Seed %v; want float32, 7", s["DType"], s["Seed"])
	}
}

// checkRunning56 fails t unless the running summary b says "running":
// true and ends in settings equal to want, and returns them decoded.
func checkRunning56(t *testing.T, what string, b []byte, want json.RawMessage) map[string]any {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, SummaryFile), b, 0o644); err != nil {
		t.Fatal(err)
	}
	keys, _ := summaryKeys55b(t, dir)
	if len(keys) == 0 || keys[len(keys)-1] != "settings" {
		t.Fatalf("%s: running summary.json's keys %v; want them to end in settings:\n%s", what, keys, b)
	}
	var m struct {
		Running  bool            `json:"running"`
		Settings json.RawMessage `json:"settings"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if !m.Running || !sameJSON(m.Settings, want) {
		t.Errorf("%s: running %v, settings\n%s\nwant running true and job.json's\n%s", what, m.Running, m.Settings, want)
	}
	var s map[string]any
	if err := json.Unmarshal(m.Settings, &s); err != nil {
		t.Fatal(err)
	}
	return s
}
