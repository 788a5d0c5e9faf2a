package experiment

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// The summary.json written while an RL lengthening runs ({"running":
// true, …}) lacked "dtype", which the run's final summary.json records
// since session 40. Written for a float32 and a float64 run, it must hold
// the run's dtype, as the final summary's json does.
func TestRunningSummaryRecordsDType(t *testing.T) {
	for _, dt := range []string{"float32", "float64"} {
		rc := tinyRL()
		rc.DType = dt
		cfg, err := RLAgentConfig(rc, 5)
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		if err := writeRunningSummary(dir, cfg, 200); err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(filepath.Join(dir, SummaryFile))
		if err != nil {
			t.Fatal(err)
		}
		var js map[string]any
		if err := json.Unmarshal(data, &js); err != nil {
			t.Fatal(err)
		}
		final := RLSummary{}.json(cfg, nil)
		if js["running"] != true || js["dtype"] != dt || final["dtype"] != dt {
			t.Errorf("rl.dtype %s: running summary %s, final summary's dtype %v; want both %q", dt, data, final["dtype"], dt)
		}
	}
}
