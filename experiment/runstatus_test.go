package experiment

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stackel/stackel/loop"
)

// TestRunStatusNamesAreLoops: the published run_status values are
// loop.Status's names, one for each status a finished loop reports.
func TestRunStatusNamesAreLoops(t *testing.T) {
	for _, s := range []loop.Status{loop.IterationLimit, loop.Converged, loop.Cancelled, loop.Diverged, loop.Failed} {
		if got := runStatusNames[s]; got != s.String() {
			t.Errorf("run_status of %v is %q, want loop's name %q", s, got, s.String())
		}
	}
	want := []string{"iteration limit", "converged", "cancelled", "diverged", "failed"}
	for i, v := range []string{RunIterationLimit, RunConverged, RunCancelled, RunDiverged, RunFailed} {
		if v != want[i] {
			t.Errorf("published value %d is %q, want %q", i, v, want[i])
		}
	}
}

// Keys of the summary.json of each kind before run_status was added:
// every one must stay.
var (
	smoothKeys = []string{"name", "game", "dynamics", "seed", "final", "iterations", "converged", "converged_criterion", "wall_seconds", "cg_capped_steps", "cg_capped_max_rel_residual", "metrics_rows", "metrics_sha256"}
	hicKeys    = []string{"name", "game", "dynamics", "seed", "final", "stages", "wall_seconds", "best_response_capped_stages", "best_response_capped_max_step", "metrics_rows", "metrics_sha256"}
	markovKeys = []string{"name", "game", "dynamics", "seed", "final", "iterations", "converged", "status", "step_rule", "leader_step", "follower_step", "wall_seconds", "metrics_rows", "metrics_sha256"}
)

// summaryCase is a tiny run and how its summary.json must say it ended.
type summaryCase struct {
	name, yaml string
	cancel     bool     // run with a context cancelled before the start
	keys       []string // the kind's keys besides error, run_status, diverged_quantity and interrupted
	status     string
	quantity   string // diverged_quantity ("" : absent)
	errText    string // the error key ("" : absent)
}

const (
	smoothQuadratic = "game: {f1: 'x[0]*x[0] + x[0]*y[0]', f2: '(y[0]-x[0])*(y[0]-x[0])', sense: cost, dims: [1, 1]}\ninit: {x: [0.5], y: [0.5]}\n"
	hicCournot      = "game: {builtin: cournot}\ninit: {x: [10], y: [10]}\n"
)

// hicSqrtYAML is a Hi-C run on a payoff game whose leader payoff
// sqrt(y[0]) − x[0]² is NaN once the follower, climbing −(y[0] + 1)² with
// step 0.5, has gone from y = 1 to −1 (after its first step): the leader
// finds it at the end of its first interval (commitment 3: stage 2),
// before the recorder (stages 0 and 1000 only) sees a sample.
const hicSqrtYAML = `name: s
seed: 7
game: {f1: 'sqrt(y[0]) - x[0]*x[0]', f2: '-(y[0] + 1)*(y[0] + 1)', sense: payoff, dims: [1, 1]}
init: {x: [0], y: [1]}
dynamics:
  kind: hic
  alpha: {constant: 0.01}
  delta: {constant: 0.1}
  commitment: {constant: 3}
  follower: {kind: gradient, lr: 0.5}
stages: 1000
record_every: 1000
`

// TestSummaryRunStatus runs each kind to each end it can reach and reads
// run_status (and diverged_quantity) in summary.json, beside every key
// the summary had before, unchanged.
func TestSummaryRunStatus(t *testing.T) {
	// The leader's first perturbation Δ_1 = ±1 is the first bit of the
	// run's stream 1 (Hi-C, Algorithm 1, line 4), and x̃_1 = 0 + 0.1Δ_1.
	xt := -0.1
	if NewRand(7, 1).Uint64()&1 == 1 {
		xt = 0.1
	}
	cases := []summaryCase{
		{name: "smooth iteration limit", yaml: "name: s\n" + smoothQuadratic + "dynamics: {kind: sga}\niterations: 5\n",
			keys: smoothKeys, status: "iteration limit"},
		{name: "smooth converged", yaml: "name: s\n" + smoothQuadratic + "dynamics: {kind: sga, step_tol: 1e-3}\niterations: 10000\n",
			keys: smoothKeys, status: "converged"},
		{name: "smooth cancelled", yaml: "name: s\n" + smoothQuadratic + "dynamics: {kind: sga}\niterations: 1000\n", cancel: true,
			keys: smoothKeys, status: "cancelled", errText: "iteration 1: context canceled"},
		{name: "smooth diverged", yaml: "name: s\ngame: {f1: 'x[0]*y[0] + sqrt(x[0])', f2: '(y[0] - x[0])*(y[0] - x[0])', sense: cost, dims: [1, 1]}\ninit: {x: [1], y: [3]}\n" +
			"dynamics: {kind: sga, leader_lr: {constant: 0.5}, follower_lr: {constant: 0.5}}\niterations: 100\nrecord_every: 1\n",
			keys: smoothKeys, status: "diverged", quantity: "leader objective f1",
			errText: "iteration 1: leader objective f1 is NaN: f1: sqrt(x[0]) is NaN at 1:13 (x = [-0.75], y = [1])"},
		// a/(b + k)^p with p = −100 passes the checks at k = 1, 2, 10 and
		// 1000 (1000¹⁰⁰ = 1e300) and is +Inf from k = 1210 on; the leader
		// does not move (f1 does not depend on x), so nothing diverges.
		{name: "smooth failed", yaml: "name: s\ngame: {f1: 'y[0]*y[0]', f2: '(y[0]-x[0])*(y[0]-x[0])', sense: cost, dims: [1, 1]}\ninit: {x: [0.5], y: [0.5]}\n" +
			"dynamics: {kind: sga, leader_lr: {power: {a: 1, b: 0, p: -100}}, follower_lr: {constant: 0.1}}\niterations: 1300\n",
			keys: smoothKeys, status: "failed",
			errText: "iteration 1210: leader step size: value +Inf at iteration 1210 is not a finite non-negative number"},
		{name: "hic iteration limit", yaml: "name: h\n" + hicCournot + hicDynamics("{constant: 1}") + "stages: 50\n",
			keys: hicKeys, status: "iteration limit"},
		{name: "hic cancelled", yaml: "name: h\n" + hicCournot + hicDynamics("{constant: 1}") + "stages: 50\n", cancel: true,
			keys: hicKeys, status: "cancelled", errText: "play: stopped at stage 0: context canceled"},
		{name: "hic diverged at the leader's payoff", yaml: hicSqrtYAML,
			keys: hicKeys, status: "diverged", quantity: "leader payoff f1(x̃, ỹ)",
			errText: fmt.Sprintf("stage 2: first agent: hic interval 1: leader payoff f1(x̃, ỹ) = NaN: f1: sqrt(y[0]) is NaN at 1:1 (x = [%g], y = [-1])", xt)},
		// x̃_0 = 0 ± 1 (δ = 1): f1 is NaN at the first recorded stage.
		{name: "hic diverged at a recorded objective", yaml: "name: h\ngame: {f1: 'sqrt(x[0] - 2)', f2: '-(y[0] - x[0])*(y[0] - x[0])', sense: payoff, dims: [1, 1]}\ninit: {x: [0], y: [0]}\n" +
			hicDynamics("{constant: 1}") + "stages: 50\n",
			keys: hicKeys, status: "diverged", quantity: "leader objective f1",
			errText: fmt.Sprintf("stage 0: leader objective f1 is NaN (not finite): f1: sqrt(x[0] - 2) is NaN at 1:1 (x = [%g], y = [0])", 10*xt)},
		// δ_n = n¹⁰⁰ is +Inf from interval 1210 on, drawn when interval
		// 1209 ends (commitment 1: at stage 1208); x̃ stays in Cournot's
		// box [0, 50].
		{name: "hic failed", yaml: "name: h\n" + hicCournot + hicDynamics("{power: {a: 1, b: 0, p: -100}}") + "stages: 1300\n",
			keys: hicKeys, status: "failed",
			errText: "stage 1208: first agent: hic: hic.delta δ_n: value +Inf at interval n = 1210 is not a finite positive number"},
		{name: "markov iteration limit", yaml: "name: m\ngame: {markov_builtin: patrol}\niterations: 3\n",
			keys: markovKeys, status: "iteration limit"},
		{name: "markov cancelled", yaml: "name: m\ngame: {markov_builtin: patrol}\niterations: 3\n", cancel: true,
			keys: markovKeys, status: "cancelled"},
		// α_k = 0.001·k¹⁰⁰ passes the checks at k = 1, 2, 10 and 1000 and
		// is +Inf from k = 1296 on (1296¹⁰⁰ > 1.8e311): a *ScheduleError,
		// the run failed (it said diverged before session 32).
		{name: "markov failed", yaml: "name: m\ngame: {markov_builtin: patrol}\ndynamics: {kind: stackelberg-pg, leader_lr: {power: {a: 0.001, b: 0, p: -100}}}\niterations: 1300\n",
			keys: markovKeys, status: "failed",
			errText: "markov: iteration 1296: leader step (Eq. 8): leader_lr α_k: value +Inf at iteration 1296 is not a finite positive number"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sum := runForSummary(t, c)
			for _, k := range c.keys {
				if _, ok := sum[k]; !ok {
					t.Errorf("summary.json lacks %q: %v", k, sum)
				}
			}
			want := slices.Clone(c.keys)
			want = append(want, "run_status")
			if c.quantity != "" {
				want = append(want, "diverged_quantity")
			}
			if c.errText != "" || c.cancel {
				want = append(want, "error")
			}
			if c.cancel {
				want = append(want, "interrupted")
			}
			var got []string
			for k := range sum {
				got = append(got, k)
			}
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("summary.json keys %v, want %v", got, want)
			}
			if sum["run_status"] != c.status {
				t.Errorf("run_status %v, want %q (error %v)", sum["run_status"], c.status, sum["error"])
			}
			if q, _ := sum["diverged_quantity"].(string); q != c.quantity {
				t.Errorf("diverged_quantity %q, want %q", q, c.quantity)
			}
			if e, _ := sum["error"].(string); c.errText != "" && e != c.errText {
				t.Errorf("error %q, want %q", e, c.errText)
			}
			if c.status == "converged" && sum["converged"] != true {
				t.Errorf("converged %v with run_status converged", sum["converged"])
			}
		})
	}
}

// hicDynamics is a Hi-C dynamics block with perturbation schedule delta.
func hicDynamics(delta string) string {
	return "dynamics:\n  kind: hic\n  alpha: {constant: 0.001}\n  delta: " + delta + "\n  commitment: {constant: 1}\n  follower: {kind: gradient, lr: 0.1}\n"
}

// runForSummary runs c and returns its summary.json as a JSON object.
func runForSummary(t *testing.T, c summaryCase) map[string]any {
	t.Helper()
	cfg, err := ParseConfig([]byte(c.yaml))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if c.cancel {
		cancel()
	}
	dir := t.TempDir()
	_, runErr := Run(ctx, cfg, RunOptions{Out: dir})
	if (runErr != nil) != (c.errText != "" || c.cancel) {
		t.Fatalf("run error %v", runErr)
	}
	b, err := os.ReadFile(filepath.Join(dir, SummaryFile))
	if err != nil {
		t.Fatal(err)
	}
	var sum map[string]any
	if err := json.Unmarshal(b, &sum); err != nil {
		t.Fatal(err)
	}
	return sum
}
