package experiment

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// hicQuadCost is a Hi-C run on a quadratic cost game without a domain
// (f2's curvature in y is 2 everywhere, K2 = 2), the follower's step and
// the leader's schedules left to fill in.
const hicQuadCost = `name: hicq
seed: 1
game:
  sense: cost
  dims: [1, 1]
  f1: "x[0]*x[0] + 3*x[0]*y[0] - 2*x[0] + y[0]*y[0]"
  f2: "F2"
dynamics:
  kind: hic
  alpha: {power: {a: ALPHA, b: 0, p: 0.75}}
  delta: {power: {a: 0.5, b: 0, p: 0.2}}
  commitment: {constant: 20}
  baseline: BASELINE
  follower: {kind: gradient, lr: LR}
stages: 50000
init: {x: [3], y: [2]}
`

// TestHiCDivergedRemedy54: a diverged Hi-C run's error keeps its text and
// adds a remedy where the cause is clear: a follower's step lr ≥ 2/K2 (K2
// the curvature of f2 in y at the start, here 2 by finite differences,
// printed to 4 digits) diverges its gradient ascent whatever the leader
// does; with a stable follower step, strategies that grew without bound
// are a follower's payoff that is not concave in y (a cost −(y² − xy):
// curvature +2), else the leader's steps α_n(f1 − b)/δ_n. A payoff that is not finite at
// moderate strategies (sqrt of a negative number) has no clear cause and
// gets none. summary.json's error is the same text; run_status and
// diverged_quantity are unchanged.
func TestHiCDivergedRemedy54(t *testing.T) {
	for _, c := range []struct {
		name         string
		r            *strings.Replacer
		prefix, tail string // tail: "" for no remedy
		quantity     string
	}{
		{"follower step", strings.NewReplacer("F2", "y[0]*y[0] - x[0]*y[0] + y[0]", "ALPHA", "0.1", "BASELINE", "previous", "LR", "1.5"),
			"stage 99: first agent: hic interval 5: leader payoff f1(x̃, ỹ) = -Inf: f1: x[0]*x[0] is +Inf at 1:1 (x = [-8.324305481407873e+156], y = [-2.1821708982709264e+162])",
			"; remedy: lower dynamics.follower.lr: 1.5 is at least 2/K2 = 1 (K2 = 2, the curvature of f2 in y at the start), a step with which gradient ascent on f2 diverges (eq19 wants lr ≤ 1/K2)",
			"leader payoff f1(x̃, ỹ)"},
		{"leader step", strings.NewReplacer("F2", "y[0]*y[0] - x[0]*y[0] + y[0]", "ALPHA", "100", "BASELINE", "none", "LR", "0.1"),
			"stage 139: first agent: hic interval 7: leader payoff f1(x̃, ỹ) = -Inf: f1: x[0]*x[0] is +Inf at 1:1 (x = [-2.4186102947614187e+179], y = [-1.1918772235051221e+179])",
			"; remedy: the strategies grew without bound while the follower's step is stable (lr·K2 = 0.2 < 2 at the start): lower dynamics.alpha (the leader's step is α_n·(f1 − baseline)/δ_n), set a dynamics.baseline, or bound the strategies with game.domain boxes",
			"leader payoff f1(x̃, ỹ)"},
		{"follower not concave", strings.NewReplacer("F2", "-(y[0]*y[0] - x[0]*y[0])", "ALPHA", "0.1", "BASELINE", "previous", "LR", "0.1"),
			"stage 150: leader objective f1 is NaN (not finite): f1: x[0]*x[0] is +Inf at 1:1 (x = [-4.7093279915647086e+212], y = [1.2224794829417169e+213])",
			"; remedy: the strategies grew without bound, and the follower's payoff is not concave in y at the start (the largest eigenvalue of ∇²_yy of −f2 (a cost game's follower ascends −f2) there is 2 > 0), so it may have no best response to settle on: bound y with a box (game.domain)",
			"leader objective f1"},
		{"no clear cause", strings.NewReplacer("F2", "y[0]*y[0] - x[0]*y[0] + y[0] + sqrt(y[0] - 1.9)", "ALPHA", "0.1", "BASELINE", "previous", "LR", "0.1"),
			"stage 1: second agent: gradient learner stage 2: strategy[0] = NaN (gradient NaN): f2: sqrt(y[0] - 1.9) is NaN at 1:32 (x = [2.5], y = [1.591886116991581])",
			"", ""},
	} {
		cfg, err := ParseConfig([]byte(c.r.Replace(hicQuadCost)))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		dir := t.TempDir()
		_, err = Run(context.Background(), cfg, RunOptions{Out: dir})
		if err == nil {
			t.Fatalf("%s: the run did not fail", c.name)
		}
		got := err.Error()
		if !strings.HasPrefix(got, c.prefix) {
			t.Errorf("%s: error %q;\nwant it to begin %q", c.name, got, c.prefix)
			continue
		}
		if c.tail != "" && got != c.prefix+c.tail {
			t.Errorf("%s: error %q;\nwant %q", c.name, got, c.prefix+c.tail)
		}
		if c.tail == "" && got != c.prefix {
			t.Errorf("%s: error %q: want no remedy", c.name, got)
		}
		var sum map[string]any
		b, _ := os.ReadFile(filepath.Join(dir, "summary.json"))
		if err := json.Unmarshal(b, &sum); err != nil {
			t.Fatal(err)
		}
		if sum["error"] != got || sum["run_status"] != "diverged" || (c.quantity != "" && sum["diverged_quantity"] != c.quantity) {
			t.Errorf("%s: summary.json error %q, run_status %v, diverged_quantity %v; want the error, diverged, %q", c.name, sum["error"], sum["run_status"], sum["diverged_quantity"], c.quantity)
		}
	}
}
