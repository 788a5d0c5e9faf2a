package experiment

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stackel/stackel/loop"
	"github.com/stackel/stackel/markov"
)

// twoStateSpec is a Markov game spec file: 2 states, 2 × 2 actions,
// λ = 0.5 (the user game of the README's step-size table).
const twoStateSpec = `gamma: 0.9
lambda: 0.5
states: 2
actions: [2, 2]
rho: [0.5, 0.5]
P: [[[[0.9, 0.1], [0.2, 0.8]], [[0.5, 0.5], [0.3, 0.7]]],
    [[[0.6, 0.4], [0.1, 0.9]], [[0.7, 0.3], [0.4, 0.6]]]]
R1: [[[1, 0], [0.2, 0.6]], [[0.3, 0.9], [0.5, 0.1]]]
R2: [[[0.2, 1], [0.8, 0.1]], [[0.6, 0.2], [0.1, 0.7]]]
`

// TestMarkovRun runs Stackelberg policy gradient on a 2-state spec file
// through the config layer and checks the published summary keys and a
// stationary end (hier_grad_norm ≤ 1e-4, br_gap ≤ 1e-3).
func TestMarkovRun(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "game.yaml"), []byte(twoStateSpec), 0o644); err != nil {
		t.Fatal(err)
	}
	cfgPath := filepath.Join(dir, "run.yaml")
	cfg := `
name: m
game: {markov: game.yaml}
dynamics:
  kind: stackelberg-pg
  leader_lr: {constant: 0.1}
  follower_lr: {constant: 1}
  estimator: exact
iterations: 20000
`
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := LoadConfig(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	if _, err := Run(t.Context(), c, RunOptions{Out: out}); err != nil {
		t.Fatal(err)
	}
	var sum struct {
		Final map[string]any `json:"final"`
	}
	b, _ := os.ReadFile(filepath.Join(out, "summary.json"))
	if err := json.Unmarshal(b, &sum); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"leader_value", "follower_value", "policy1", "policy2", "hier_grad_norm", "br_gap"} {
		if _, ok := sum.Final[k]; !ok {
			t.Errorf("summary.json final has no %q: %s", k, b)
		}
	}
	if h, g := sum.Final["hier_grad_norm"].(float64), sum.Final["br_gap"].(float64); h > 1e-4 || g > 1e-3 {
		t.Errorf("hier_grad_norm %g, br_gap %g; want ≤ 1e-4 and ≤ 1e-3", h, g)
	}
	// A run stopped before its end (here cancelled before the first
	// update) records no verdict of convergence.
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	stopped := t.TempDir()
	if _, err := Run(ctx, c, RunOptions{Out: stopped}); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled run: %v", err)
	}
	var st struct {
		Converged *bool `json:"converged"`
		Status    struct {
			Reason string `json:"reason"`
		} `json:"status"`
	}
	if b, err := os.ReadFile(filepath.Join(stopped, "summary.json")); err != nil || json.Unmarshal(b, &st) != nil || st.Converged == nil || *st.Converged || !strings.Contains(st.Status.Reason, "the run stopped before a verdict") {
		t.Errorf("summary of a stopped run: %+v (%v)", st, err)
	}
	// A bad spec file is reported with the file's field.
	if err := os.WriteFile(filepath.Join(dir, "game.yaml"), []byte(strings.Replace(twoStateSpec, "[0.9, 0.1]", "[0.9, 0.2]", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	c, _ = LoadConfig(cfgPath)
	if _, err := Run(t.Context(), c, RunOptions{Out: t.TempDir()}); err == nil || !strings.Contains(err.Error(), "P[0][0][0]") {
		t.Errorf("bad P: error %v; want it to name P[0][0][0]", err)
	}
}

// Every Markov run ends with a stated verdict in summary.json and in the
// printed message: on the test game with the README's steps (0.5, 2) the
// follower jumps and the run says it did not converge, why, and what to
// try; with step_rule: backtracking it converges. step_rule is refused by
// a smooth dynamics kind and an unknown rule is named.
func TestMarkovRunStatus(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "game.yaml"), []byte(twoStateSpec), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		rule      string
		converged bool
		say       string
	}{
		{"", false, "NOT converged: hier_grad_norm ≤ 1e-04 and br_gap ≤ 1e-04 at the last iterate fails"},
		{"\n  step_rule: backtracking", true, "converged: hier_grad_norm ≤ 1e-04 and br_gap ≤ 1e-04"},
	} {
		cfgPath := filepath.Join(dir, "run.yaml")
		// 2000 iterations: backtracking converges in fewer than 100, and
		// the fixed steps jump at every one.
		cfg := "name: m\ngame: {markov: game.yaml}\ndynamics:\n  kind: stackelberg-pg\n  leader_lr: {constant: 0.5}\n  follower_lr: {constant: 2}" + tc.rule + "\niterations: 2000\n"
		if err := os.WriteFile(cfgPath, []byte(cfg), 0o644); err != nil {
			t.Fatal(err)
		}
		c, err := LoadConfig(cfgPath)
		if err != nil {
			t.Fatal(err)
		}
		out := t.TempDir()
		msg, err := Run(t.Context(), c, RunOptions{Out: out})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(msg, tc.say) {
			t.Errorf("step rule %q: message %q lacks %q", tc.rule, msg, tc.say)
		}
		var sum struct {
			Converged *bool `json:"converged"`
			Status    struct {
				Criterion string  `json:"criterion"`
				BRGap     float64 `json:"br_gap"`
				GradNorm  float64 `json:"grad_norm"`
				Reason    string  `json:"reason"`
			} `json:"status"`
		}
		b, _ := os.ReadFile(filepath.Join(out, "summary.json"))
		if err := json.Unmarshal(b, &sum); err != nil {
			t.Fatal(err)
		}
		if sum.Converged == nil || *sum.Converged != tc.converged || sum.Status.Criterion == "" {
			t.Fatalf("step rule %q: summary %s", tc.rule, b)
		}
		if !tc.converged && (sum.Status.BRGap < 0.1 || !strings.Contains(sum.Status.Reason, "br_gap")) {
			t.Errorf("fixed steps: br_gap %v, reason %q; want the jumping follower reported", sum.Status.BRGap, sum.Status.Reason)
		}
	}
	for _, tc := range []struct{ cfg, want string }{
		{"name: s\ngame: {builtin: duopoly}\ndynamics: {kind: sga, step_rule: backtracking}\n", "dynamics.step_rule is not used by kind sga"},
		{"name: s\ngame: {markov: game.yaml}\ndynamics: {kind: stackelberg-pg, step_rule: armijo}\n", `dynamics.step_rule = "armijo"`},
		// Found when the config is checked (a sweep's jobs before any
		// runs), not after the run has recorded a summary.
		// reg regularises the follower-Hessian inverse; it is not the
		// follower's entropy weight λ (the game's lambda), as the error
		// used to say.
		{"name: s\ngame: {markov_builtin: patrol}\ndynamics: {kind: stackelberg-pg, reg: -1}\n", "config: dynamics.reg = -1: the regularisation of the follower-Hessian inverse must be a finite number ≥ 0"},
		{"name: s\ngame: {markov_builtin: patrol}\ndynamics: {kind: stackelberg-pg, estimator: sampled, step_rule: backtracking}\n", "config: dynamics.step_rule = backtracking: the rule needs exact values and the sampled estimator has none"},
		{"name: s\ngame: {markov_builtin: patrol}\ndynamics: {kind: stackelberg-pg, leader_lr: {list: [0.1, 0]}}\n", "leader_lr: value 0 at iteration 2 is not a finite positive number"},
	} {
		p := filepath.Join(dir, "bad.yaml")
		os.WriteFile(p, []byte(tc.cfg), 0o644)
		c, err := LoadConfig(p)
		if err == nil {
			kind, kerr := KindOf(c)
			if kerr != nil {
				t.Fatal(kerr)
			}
			if cerr := kind.Check(c); kind.Name == "markov" && (cerr == nil || !strings.Contains(cerr.Error(), tc.want)) {
				t.Errorf("%q: Check: %v, want %q", tc.cfg, cerr, tc.want)
			}
			_, err = Run(t.Context(), c, RunOptions{Out: t.TempDir()})
		}
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want %q", tc.cfg, err, tc.want)
		}
	}
}

// A smooth run's summary says what "converged" means: no test without
// step_tol; with it, whether a step was that short.
func TestSmoothConvergedCriterion(t *testing.T) {
	for _, tc := range []struct{ tol, want string }{
		{"", "no convergence test: dynamics.step_tol is not set"},
		{", step_tol: 1e-9", "converged: a step ‖Δ(x, y)‖ was at most step_tol = 1e-09"},
	} {
		dir := t.TempDir()
		p := filepath.Join(dir, "run.yaml")
		cfg := "name: d\ngame: {builtin: duopoly}\ndynamics: {kind: stackelberg, leader_lr: {constant: 0.3}, follower_lr: {constant: 0.5}" + tc.tol + "}\niterations: 5000\ninit: {x: [10], y: [10]}\n"
		if err := os.WriteFile(p, []byte(cfg), 0o644); err != nil {
			t.Fatal(err)
		}
		c, err := LoadConfig(p)
		if err != nil {
			t.Fatal(err)
		}
		out := t.TempDir()
		msg, err := Run(t.Context(), c, RunOptions{Out: out})
		if err != nil {
			t.Fatal(err)
		}
		var sum struct {
			Converged bool   `json:"converged"`
			Criterion string `json:"converged_criterion"`
		}
		b, _ := os.ReadFile(filepath.Join(out, "summary.json"))
		if err := json.Unmarshal(b, &sum); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(sum.Criterion, tc.want) || !strings.Contains(msg, tc.want) || sum.Converged != (tc.tol != "") {
			t.Errorf("step_tol %q: converged %v, criterion %q, message %q", tc.tol, sum.Converged, sum.Criterion, msg)
		}
	}
}

// The hint under a run that did not converge fits its estimator and
// steps: the line search for exact gradients with fixed steps; for
// sampled gradients (where backtracking is a config error) steps that
// decay, or, when they already meet Assumption 1, more iterations or a
// larger batch; none when the run converged or already backtracked.
func TestMarkovHint(t *testing.T) {
	notConverged := markov.Verdict{Converged: false}
	decaying := markov.Config{Estimator: markov.Sampled, StepRule: markov.FixedSteps,
		LeaderLR: loop.Power{A: 0.5, B: 1, P: 1}, FollowerLR: loop.Power{A: 2, B: 1, P: 0.6}}
	for _, tc := range []struct {
		name string
		mc   markov.Config
		v    markov.Verdict
		want string
	}{
		{"exact, fixed", markov.Config{StepRule: markov.FixedSteps}, notConverged, "try dynamics.step_rule: backtracking"},
		{"exact by name", markov.Config{Estimator: markov.Exact, StepRule: markov.FixedSteps}, notConverged, "backtracking"},
		{"sampled, default constant steps", markov.Config{Estimator: markov.Sampled, StepRule: markov.FixedSteps}, notConverged, "use steps that decay"},
		{"sampled, decaying steps", decaying, notConverged, "more iterations or a larger batch"},
		{"converged", markov.Config{StepRule: markov.FixedSteps}, markov.Verdict{Converged: true}, ""},
		{"backtracking", markov.Config{StepRule: markov.Backtracking}, notConverged, ""},
	} {
		got := markovHint(tc.mc, tc.v, 0.9, 0.2)
		if tc.want == "" && got != "" || !strings.Contains(got, tc.want) {
			t.Errorf("%s: hint %q, want one containing %q", tc.name, got, tc.want)
		}
		if tc.mc.Estimator == markov.Sampled && strings.Contains(got, "backtracking") {
			t.Errorf("%s: hint %q advises backtracking, which the sampled estimator cannot use", tc.name, got)
		}
	}
}

// TestMarkovHintHorizon: with the sampled estimator, a horizon that leaves
// out more than 1 % of the discounted weight (γ^horizon > 0.01) is named
// in the hint first, with the horizon that would do: at γ = 0.99 the
// default horizon 50 leaves out 0.99^50 = 0.605 and the hint asks for
// ⌈log 0.01 / log 0.99⌉ = 459; at γ = 0.9, 0.9^50 = 0.0052 and it says
// nothing of the horizon. Before, the hint advised only decaying steps,
// more iterations or a larger batch, none of which removes the bias.
func TestMarkovHintHorizon(t *testing.T) {
	notConverged := markov.Verdict{Converged: false}
	sampled := markov.Config{Estimator: markov.Sampled, StepRule: markov.FixedSteps}
	got := markovHint(sampled, notConverged, 0.99, 0.2)
	for _, want := range []string{"horizon = 50 leaves out γ^horizon = 0.605", "use horizon ≥ 459", "use steps that decay"} {
		if !strings.Contains(got, want) {
			t.Errorf("γ = 0.99: hint %q, want one containing %q", got, want)
		}
	}
	if got := markovHint(sampled, notConverged, 0.9, 0.2); strings.Contains(got, "horizon =") {
		t.Errorf("γ = 0.9, horizon 50: hint %q names the horizon (0.9^50 = 0.0052 ≤ 0.01)", got)
	}
	long := sampled
	long.Horizon = 459
	if got := markovHint(long, notConverged, 0.99, 0.2); strings.Contains(got, "horizon =") {
		t.Errorf("γ = 0.99, horizon 459: hint %q names the horizon (0.99^459 = 0.0099)", got)
	}
	if got := markovHint(sampled, markov.Verdict{Converged: true}, 0.99, 0.2); got != "" {
		t.Errorf("converged: hint %q", got)
	}
}

// A Markov run without a dynamics block takes fixed steps, and its
// summary.json says so (its step_rule was "") as the printed line does.
func TestMarkovRunWithoutDynamicsNamesStepRule(t *testing.T) {
	dir, err := runYAML(t, "name: m\ngame: {markov_builtin: patrol}\niterations: 5\n")
	if err != nil {
		t.Fatal(err)
	}
	var sum struct {
		StepRule string `json:"step_rule"`
	}
	b, _ := os.ReadFile(filepath.Join(dir, SummaryFile))
	if err := json.Unmarshal(b, &sum); err != nil || sum.StepRule != "fixed" {
		t.Errorf("step_rule %q (%v), want fixed", sum.StepRule, err)
	}
}
