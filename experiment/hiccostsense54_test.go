package experiment

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// hicCostYAML is a Hi-C run on a cost game (f1, f2 minimised): f1 = x² +
// 3xy − 2x + y², f2 = y² − xy + y, whose follower's response is r(x) =
// (x − 1)/2 and whose Stackelberg point is x = 8/11, y = −3/22.
const hicCostYAML = `
name: hic-cost
seed: 1
game:
  sense: cost
  dims: [1, 1]
  f1: "x[0]*x[0] + 3*x[0]*y[0] - 2*x[0] + y[0]*y[0]"
  f2: "y[0]*y[0] - x[0]*y[0] + y[0]"
dynamics:
  kind: hic
  alpha: {power: {a: 0.1, b: 0, p: 0.75}}
  delta: {power: {a: 0.5, b: 0, p: 0.2}}
  commitment: {constant: 40}
  baseline: previous
  follower: {kind: gradient, lr: 0.1}
stages: 4000
record_every: 1000
init: {x: [3], y: [2]}
`

// TestHiCCostGameObjectivesInOwnSense54: a Hi-C run on a cost game writes
// f1 and f2 in the game's own sense, as a smooth run does — the costs the
// config's formulas give at the profile of each row of metrics.csv, in
// summary.json's final point and in the line stackel run prints — not the
// payoffs −f the uncoupled agents maximise. Each value is compared with the
// formula evaluated here at the row's (x, y), to 1e-12 relative (both are
// a few float64 operations on the same numbers).
func TestHiCCostGameObjectivesInOwnSense54(t *testing.T) {
	cfg, err := ParseConfig([]byte(hicCostYAML))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	line, err := Run(context.Background(), cfg, RunOptions{Out: dir})
	if err != nil {
		t.Fatal(err)
	}
	f1 := func(x, y float64) float64 { return x*x + 3*x*y - 2*x + y*y }
	f2 := func(x, y float64) float64 { return y*y - x*y + y }
	near := func(got, want float64) bool {
		return math.Abs(got-want) <= 1e-12*math.Max(1, math.Abs(want))
	}
	m, err := os.ReadFile(filepath.Join(dir, "metrics.csv"))
	if err != nil {
		t.Fatal(err)
	}
	rows := strings.Split(strings.TrimSpace(string(m)), "\n")
	if len(rows) != 6 || rows[0] != "iter,x0,y0,f1,f2,xm0,delta" {
		t.Fatalf("metrics.csv rows %q; want the header and stages 0, 1000, …, 4000", rows)
	}
	for _, row := range rows[1:] {
		v := make([]float64, 7)
		for i, s := range strings.Split(row, ",") {
			if v[i], err = strconv.ParseFloat(s, 64); err != nil {
				t.Fatalf("row %q: %v", row, err)
			}
		}
		if !near(v[3], f1(v[1], v[2])) || !near(v[4], f2(v[1], v[2])) {
			t.Errorf("metrics.csv row %q: f1, f2 = %g, %g; want the costs %g, %g at (x, y) = (%g, %g)",
				row, v[3], v[4], f1(v[1], v[2]), f2(v[1], v[2]), v[1], v[2])
		}
	}
	var sum HiCSummary
	b, _ := os.ReadFile(filepath.Join(dir, "summary.json"))
	if err := json.Unmarshal(b, &sum); err != nil {
		t.Fatal(err)
	}
	x, y := sum.Final.X[0], sum.Final.Y[0]
	gotF1, _ := sum.Final.F1.(float64)
	gotF2, _ := sum.Final.F2.(float64)
	if !near(gotF1, f1(x, y)) || !near(gotF2, f2(x, y)) {
		t.Errorf("summary.json final f1, f2 = %v, %v; want the costs %g, %g at (%g, %g)", sum.Final.F1, sum.Final.F2, f1(x, y), f2(x, y), x, y)
	}
	// The run's line prints the costs too (6 significant digits).
	if want := "f1=" + strconv.FormatFloat(f1(x, y), 'g', 6, 64) + " "; !strings.Contains(line, want) {
		t.Errorf("run line %q; want it to contain %q", line, want)
	}
}
