package experiment

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// TestHiCFinalWhenStageZeroDiverges: f1 = sqrt(x[0] − 2) is NaN at the
// first recorded profile (x̃_1 = 0 ± 1, y = 0), so the run stops at stage
// 0 with no earlier sample. summary.json's final is that profile, the
// row metrics.csv holds, with f1 null and f2 = −(0 − x̃_1)² = −1 — as a
// smooth run reports its start — not x and y null.
func TestHiCFinalWhenStageZeroDiverges(t *testing.T) {
	xt := -1.0
	if NewRand(0, 1).Uint64()&1 == 1 {
		xt = 1
	}
	cfg, err := ParseConfig([]byte("name: h\ngame: {f1: 'sqrt(x[0] - 2)', f2: '-(y[0] - x[0])*(y[0] - x[0])', sense: payoff, dims: [1, 1]}\ninit: {x: [0], y: [0]}\n" +
		hicDynamics("{constant: 1}") + "stages: 50\n"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := Run(context.Background(), cfg, RunOptions{Out: dir}); err == nil {
		t.Fatal("run did not fail")
	}
	b, err := os.ReadFile(filepath.Join(dir, SummaryFile))
	if err != nil {
		t.Fatal(err)
	}
	var sum struct {
		Final struct {
			X, Y   []float64
			F1, F2 *float64
		}
	}
	if err := json.Unmarshal(b, &sum); err != nil {
		t.Fatal(err)
	}
	f := sum.Final
	if len(f.X) != 1 || f.X[0] != xt || len(f.Y) != 1 || f.Y[0] != 0 || f.F1 != nil || f.F2 == nil || *f.F2 != -1 {
		t.Errorf("final %s; want x [%g], y [0], f1 null, f2 -1", b, xt)
	}
}
