package experiment

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
)

// trackYAML is a Hi-C run on the cost game f2 = (y − x)²/2 whose leader
// never moves (α = 0, x̃ = ±10⁻⁹) against FOLLOWER from y = 10
// (learn/uncoupled's TestRunHiCCountsCappedBestResponses): a best
// response of 10 inner steps at lr 10⁻³ contracts y − x̃ by 0.999 a step,
// so none of the 50 meets tol 10⁻¹⁰, and the largest last step is stage
// 1's, 10⁻²·0.999⁹ to 10⁻¹¹.
const trackYAML = `name: track
game: {sense: cost, dims: [1, 1], f1: 'x[0]*x[0]', f2: '0.5*(y[0] - x[0])*(y[0] - x[0])'}
dynamics:
  kind: hic
  alpha: {constant: 0}
  delta: {constant: 1e-9}
  commitment: {constant: 2}
  follower: FOLLOWER
init: {x: [0], y: [10]}
stages: 50
`

// runTrack runs trackYAML with the follower block given and returns its
// summary.json decoded; warnings, when not nil, receives the warnings.
func runTrack(t *testing.T, follower string, warnings *strings.Builder) map[string]any {
	t.Helper()
	return runTextSummary(t, strings.Replace(trackYAML, "FOLLOWER", follower, 1), warnings)
}

// A Hi-C run's summary.json counts the stages whose best response
// stopped at dynamics.follower.max_iter above dynamics.follower.tol, with
// the largest last step, and says 0 (keys present) when the responses
// converged (default cap, lr 0.5) or the follower is a gradient learner.
func TestHiCSummaryBestResponseCapped(t *testing.T) {
	for _, c := range []struct {
		follower string
		stages   float64
		step     float64
	}{
		{"{kind: best-response, lr: 0.001, max_iter: 10}", 50, 1e-2 * math.Pow(0.999, 9)},
		{"{kind: best-response, lr: 0.001, max_iter: 10, tol: 0.1}", 0, 0},
		{"{kind: best-response, lr: 0.5}", 0, 0},
		{"{kind: gradient, lr: 0.001}", 0, 0},
	} {
		sum := runTrack(t, c.follower, nil)
		n, ok1 := sum["best_response_capped_stages"].(float64)
		step, ok2 := sum["best_response_capped_max_step"].(float64)
		if !ok1 || !ok2 || n != c.stages || math.Abs(step-c.step) > 1e-11 {
			t.Errorf("follower %s: best_response_capped_stages %v, best_response_capped_max_step %v; want %v, %v (±1e-11)", c.follower, sum["best_response_capped_stages"], sum["best_response_capped_max_step"], c.stages, c.step)
		}
		if sum["stages"] != 50.0 {
			t.Errorf("follower %s: stages %v, want 50", c.follower, sum["stages"])
		}
	}
}

// The run warns, in one line naming the keys, when stages were capped,
// and says nothing otherwise.
func TestHiCWarnsBestResponseCapped(t *testing.T) {
	var w strings.Builder
	runTrack(t, "{kind: best-response, lr: 0.001, max_iter: 10}", &w)
	want := "warning: in 50 stages the follower's best response stopped at its cap dynamics.follower.max_iter = 10 with its last step above its tolerance dynamics.follower.tol unset (1e-10) (largest last step 0.00991): the follower played no best response there, and the leader's Hi-C estimate used it (summary.json: best_response_capped_stages); raise dynamics.follower.max_iter, loosen dynamics.follower.tol or raise dynamics.follower.lr (now 0.001; a step too large for the follower's payoff diverges)\n"
	if w.String() != want {
		t.Errorf("warning\n%q\nwant\n%q", w.String(), want)
	}
	w.Reset()
	runTrack(t, "{kind: best-response, lr: 0.5}", &w)
	if w.String() != "" {
		t.Errorf("a run whose best responses converged warned %q", w.String())
	}
	// The largest last step 0.0099 is above tol = 0.001: warned, tol named.
	runTrack(t, "{kind: best-response, lr: 0.001, max_iter: 10, tol: 0.001}", &w)
	if want := "warning: in 50 stages the follower's best response stopped at its cap dynamics.follower.max_iter = 10 with its last step above its tolerance dynamics.follower.tol = 0.001 (largest last step 0.00991)"; !strings.HasPrefix(w.String(), want) {
		t.Errorf("warning\n%q\nwant it to begin\n%q", w.String(), want)
	}
}

// dynamics.follower.tol and max_iter are checked, naming the key and its
// line (follower: is line 8 of trackYAML).
func TestHiCFollowerTolMaxIterErrors(t *testing.T) {
	for _, c := range []struct{ follower, want string }{
		{"{kind: best-response, lr: 0.1, tol: -1}", "config: line 8: dynamics.follower.tol = -1: need a finite number ≥ 0 (0: 1e-10), the largest move of a coordinate that ends the best response's inner loop"},
		{"{kind: best-response, lr: 0.1, tol: .nan}", "config: line 8: dynamics.follower.tol = NaN: need a finite number ≥ 0"},
		{"{kind: best-response, lr: 0.1, tol: .inf}", "config: line 8: dynamics.follower.tol = +Inf: need a finite number ≥ 0"},
		{"{kind: best-response, lr: 0.1, max_iter: -1}", "config: line 8: dynamics.follower.max_iter = -1: need 0 (10000) to 100000 inner steps a stage"},
		{"{kind: best-response, lr: 0.1, max_iter: 100001}", "config: line 8: dynamics.follower.max_iter = 100001: need 0 (10000) to 100000 inner steps a stage"},
		{"{kind: gradient, lr: 0.1, tol: 0}", `config: line 8: dynamics.follower.tol: only a best-response follower has tol and max_iter (its inner loop's), not kind "gradient"`},
		{"{kind: noisy-gradient, lr: 0.1, noise: 1, max_iter: 5}", `config: line 8: dynamics.follower.max_iter: only a best-response follower has tol and max_iter (its inner loop's), not kind "noisy-gradient"`},
	} {
		path := filepath.Join(t.TempDir(), "c.yaml")
		if err := os.WriteFile(path, []byte(strings.Replace(trackYAML, "FOLLOWER", c.follower, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
		cfg, err := LoadConfig(path)
		if err == nil {
			err = cfg.Locate(Check(cfg))
		}
		if err == nil || !strings.HasPrefix(err.Error(), path+": "+c.want) {
			t.Errorf("follower %s: error %v; want one beginning %q", c.follower, err, path+": "+c.want)
		}
	}
	// Both keys in range are accepted, and a config without them writes
	// neither (job IDs of earlier configs unchanged).
	_, cfg := loadConfigText(t, strings.Replace(trackYAML, "FOLLOWER", "{kind: best-response, lr: 0.1, tol: 1e-6, max_iter: 100000}", 1))
	if err := Check(cfg); err != nil {
		t.Errorf("tol 1e-6, max_iter 100000: %v", err)
	}
	_, cfg = loadConfigText(t, strings.Replace(trackYAML, "FOLLOWER", "{kind: best-response, lr: 0.1}", 1))
	if b, err := yaml.Marshal(cfg); err != nil || strings.Contains(string(b), "tol") || strings.Contains(string(b), "max_iter") {
		t.Errorf("config written %q, %v; want neither tol nor max_iter", b, err)
	}
}
