package experiment

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A smooth run whose objective turns NaN between two recorded iterations
// records in summary.json's "iterations" the iteration of its "final"
// point, the last good one — here the last recorded iteration, 200, the
// iteration of metrics.csv's last row — not the 204 steps that completed
// before the failing iteration 205 (documented so since session 37: the
// docs said "steps completed", which the value is only when the point
// before the failing step is good). The follower moves y up by 0.01 a
// step (f2 = −y); f1's term √(2.005 − y) is NaN from iteration 201 on,
// and is looked at every 5th iteration.
func TestSmoothIterationsIsFinalPointsIteration(t *testing.T) {
	cfg, err := ParseConfig([]byte(`name: nan-between-records
game:
  sense: cost
  dims: [1, 1]
  f1: "0.5*x[0]*x[0] + sqrt(2.005 - y[0])"
  f2: "-y[0]"
dynamics:
  kind: sga
  leader_lr: {constant: 0.1}
  follower_lr: {constant: 0.01}
iterations: 300
record_every: 5
init: {x: [1], y: [0]}
`))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	_, runErr := Run(context.Background(), cfg, RunOptions{Out: dir})
	if runErr == nil || !strings.HasPrefix(runErr.Error(), "iteration 205: leader objective f1 is NaN") {
		t.Fatalf("error %v, want iteration 205's NaN f1", runErr)
	}
	b, err := os.ReadFile(filepath.Join(dir, SummaryFile))
	if err != nil {
		t.Fatal(err)
	}
	var sum SmoothSummary
	if err := json.Unmarshal(b, &sum); err != nil {
		t.Fatal(err)
	}
	// y after 200 steps of 0.01, to 1e-12 (rounding of the sum).
	if sum.Iterations != 200 || math.Abs(sum.Final.Y[0]-2) > 1e-12 || sum.RunStatus != RunDiverged {
		t.Errorf("summary: iterations %d, final y %v, run_status %q; want 200, 2, diverged", sum.Iterations, sum.Final.Y, sum.RunStatus)
	}
	m, err := os.ReadFile(filepath.Join(dir, MetricsFile))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(m)), "\n")
	if last := lines[len(lines)-1]; !strings.HasPrefix(last, "200,") {
		t.Errorf("metrics.csv's last row %q, want iteration 200's", last)
	}
}
