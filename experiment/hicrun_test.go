package experiment

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const hicYAML = `
name: hic-cournot
seed: 3
game: {builtin: cournot}
dynamics:
  kind: hic
  alpha: {power: {a: 0.001, b: 0, p: 0.1}}
  delta: {power: {a: 1, b: 0, p: 0.6}}
  commitment: {eq19: {beta: 0.1, mu: 2, B: 100, p: 0.5}}
  baseline: previous
  follower: {kind: gradient, lr: 0.1}
stages: 1000000
init: {uniform: {x: [[0, 50]], y: [[0, 50]]}}
`

// TestHiCRun runs the published Hi-C config (10⁶ stages, one seed) on the
// Cournot game: the leader's payoff ends within 0.65 of the Stackelberg
// value 300.125, i.e. at least the 299.5.
func TestHiCRun(t *testing.T) {
	dir, err := runYAML(t, hicYAML)
	if err != nil {
		t.Fatal(err)
	}
	var sum HiCSummary
	b, _ := os.ReadFile(filepath.Join(dir, "summary.json"))
	if err := json.Unmarshal(b, &sum); err != nil {
		t.Fatal(err)
	}
	f1 := sum.Final.F1.(float64)
	if math.Abs(f1-300.125) > 0.65 || sum.Stages != 1000000 {
		t.Errorf("final leader payoff %g after %d stages; want within 0.65 of 300.125", f1, sum.Stages)
	}
	m, _ := os.ReadFile(filepath.Join(dir, "metrics.csv"))
	if !strings.HasPrefix(string(m), "iter,x0,y0,f1,f2,xm0,delta\n") {
		t.Errorf("metrics.csv header %q", strings.SplitN(string(m), "\n", 2)[0])
	}
}

func TestHiCBadConfigs(t *testing.T) {
	cases := []struct{ from, to, want string }{
		{"baseline: previous", "baseline: average", `baseline = "average"`},
		{"baseline: previous", "baseline: {ema: x}", "baseline"},
		{"baseline: previous", `baseline: {ema: "0.9"}`, `dynamics.baseline.ema: "0.9" is quoted text where a number is expected`},
		{"baseline: previous", "baseline: {ema: 9e-1}", ""},
		{"commitment: {eq19: {beta: 0.1, mu: 2, B: 100, p: 0.5}}", "commitment: {constant: 5, log: {a: 1, b: 2}}", "exactly one of constant, log, eq19"},
		{"commitment: {eq19: {beta: 0.1, mu: 2, B: 100, p: 0.5}}", "commitment: {eq19: {beta: 1, mu: 2, B: 100, p: 0.5}}", "config: dynamics.commitment: eq19: beta·mu"},
		{"follower: {kind: gradient, lr: 0.1}", "follower: {kind: oracle, lr: 0.1}", `follower.kind = "oracle"`},
		{"stages: 1000000", "iterations: 5", "a hic run counts stages"},
		{"  follower: {kind: gradient, lr: 0.1}\nstages: 1000000", "  follower: {kind: gradient, lr: 0.1}\n  burn_in: 100\nstages: 20", "config: dynamics.burn_in = 100: stages = 20 hold at most 20 intervals of dynamics.commitment (each at least one stage), all of them burn-in"},
		{"  follower: {kind: gradient, lr: 0.1}", "  follower: {kind: gradient, lr: 0.1}\n  solver: {kind: exact}", "dynamics.solver is not used by kind hic"},
	}
	for _, c := range cases {
		if c.want == "" {
			// An exponent without a dot (text to YAML 1.1) is the number.
			cfg, err := ParseConfig([]byte(strings.Replace(hicYAML, c.from, c.to, 1)))
			if err != nil {
				t.Fatalf("%s: %v", c.to, err)
			}
			run, err := HiCRunConfig(cfg)
			if err != nil || run.Leader.Baseline.Decay != 0.9 {
				t.Errorf("%s: decay %g, %v; want 0.9", c.to, run.Leader.Baseline.Decay, err)
			}
			continue
		}
		_, err := runYAML(t, strings.Replace(hicYAML, c.from, c.to, 1))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s → %s: error %v; want it to contain %q", c.from, c.to, err, c.want)
		}
	}
}

// The Hi-C follower's lr and noise are checked by Check (a sweep's check
// before any job starts), not first by the run: an infinite value is an
// error naming the key.
func TestHiCFollowerInfiniteChecked(t *testing.T) {
	for _, c := range []struct{ to, want string }{
		{"follower: {kind: gradient, lr: .inf}", "config: dynamics.follower.lr = +Inf"},
		{"follower: {kind: noisy-gradient, lr: 0.1, noise: .inf}", "config: dynamics.follower.noise = +Inf"},
		{"follower: {kind: best-response, lr: .inf}", "config: dynamics.follower.lr = +Inf"},
	} {
		cfg, err := ParseConfig([]byte(strings.Replace(hicYAML, "follower: {kind: gradient, lr: 0.1}", c.to, 1)))
		if err != nil {
			t.Fatal(err)
		}
		if err := Check(cfg); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: Check: %v; want an error containing %q", c.to, err, c.want)
		}
	}
}

// TestHiCSummaryFinalIsPlayed: summary.json's final point is the profile
// played at the end — the last row of metrics.csv, with the leader's
// perturbed strategy x̃_n = x_n + δ_n Δ_n (Algorithm 1, line 5) — not the
// leader's mean x_n. With a constant δ = 0.5 the two differ by 0.5, so a
// summary that reported the mean would miss the last row by 0.5; equality
// is asserted to 1e-9 (relative), the row's text being Go's shortest
// round-trip form.
func TestHiCSummaryFinalIsPlayed(t *testing.T) {
	src := strings.NewReplacer(
		"alpha: {power: {a: 0.001, b: 0, p: 0.1}}", "alpha: {constant: 0.001}",
		"delta: {power: {a: 1, b: 0, p: 0.6}}", "delta: {constant: 0.5}",
		"commitment: {eq19: {beta: 0.1, mu: 2, B: 100, p: 0.5}}", "commitment: {constant: 50}",
		"stages: 1000000", "stages: 5025\nrecord_every: 5025",
	).Replace(hicYAML)
	dir, err := runYAML(t, src)
	if err != nil {
		t.Fatal(err)
	}
	var sum HiCSummary
	b, _ := os.ReadFile(filepath.Join(dir, "summary.json"))
	if err := json.Unmarshal(b, &sum); err != nil {
		t.Fatal(err)
	}
	m, _ := os.ReadFile(filepath.Join(dir, "metrics.csv"))
	rows := strings.Split(strings.TrimSpace(string(m)), "\n")
	last := strings.Split(rows[len(rows)-1], ",")
	if len(rows) != 3 || last[0] != "5025" {
		t.Fatalf("metrics.csv rows %q; want the header, stage 0 and stage 5025", rows)
	}
	want := make([]float64, 4) // x0, y0, f1, f2
	for i := range want {
		if want[i], err = strconv.ParseFloat(last[i+1], 64); err != nil {
			t.Fatal(err)
		}
	}
	got := []float64{sum.Final.X[0], sum.Final.Y[0], sum.Final.F1.(float64), sum.Final.F2.(float64)}
	for i, name := range []string{"x", "y", "f1", "f2"} {
		if math.Abs(got[i]-want[i]) > 1e-9*math.Max(1, math.Abs(want[i])) {
			t.Errorf("summary final %s = %v; the last metrics row (the played profile) has %v", name, got[i], want[i])
		}
	}
}
