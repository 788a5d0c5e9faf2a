package repro

import (
	"context"

	"github.com/stackel/stackel/experiment"
)

// The CartPole comparison of STAC (m = 1) and AC (m = 80) run "as in the
// authors' code" and with each of its differences from the paper's text
// alone (issue 16). Each reproduction is a table and learning curves over
// 10 seeds with a rank test against AC (m = 80).
func init() {
	for _, r := range []rlRepro{stacCartPoleAuthors, stacCartPoleAblations, stacCartPoleV0} {
		r := r
		Register(Reproduction{
			Name:        r.Name,
			Description: r.Title + " (issue 16: which difference of the authors' code from the paper gives the paper's ordering), 10 seeds × 300k steps",
			Jobs:        func(opt Options) ([]experiment.Job, error) { return rlJobs(opt, r) },
			Report: func(_ context.Context, opt Options, jobs []experiment.Job) error {
				return reportRL(opt, r, jobs)
			},
			Variants:      r.slugs(),
			Resumable:     true,
			QuickSettings: func(opt Options) string { return rlQuickSettings(opt, r) },
		})
	}
}

// onPolicyOpts are the options of these runs: no test episodes (the
// on-policy statistic is the training return) and no Lanczos diagnostics,
// neither of which changes the learning (own random streams), plus extra.
func onPolicyOpts(extra map[string]any) map[string]any {
	m := map[string]any{"lanczos_iters": 0, "test_episodes": 0}
	for k, v := range extra {
		m[k] = v
	}
	return m
}

// authorsOpts are the settings of the authors' public code for AC and STAC
// (stac.py, whose vanilla flag gives AC, and the STAC grid, commented out,
// of run_experiments.py: CartPole-v0, vanilla ∈ {true, false} crossed with
// train_v_iters ∈ {1, 80}, pi_lr 0.1, vf_lr 0.01, noise 0.05): actor step
// 0.1 and critic step 0.01 (plain gradient steps), Gaussian gradient noise
// σ = 0.05 on both players; advantages normalised as in stackel's default;
// for STAC (withMixed) the mixed term from the first sample's residual.
// Not reproduced: their old-Gym CartPole-v0 reports done at its 200-step
// limit (their max_ep_len is 1000), so they take no bootstrap there, where
// stackel bootstraps V_w(s_T) after a time-limit truncation.
var authorsOpts = map[string]any{"actor_lr": 0.1, "critic_lr": 0.01, "grad_noise": 0.05}

func withMixed(m map[string]any) map[string]any {
	out := map[string]any{"mixed_estimator": "authors"}
	for k, v := range m {
		out[k] = v
	}
	return out
}

var stacCartPoleAuthors = rlRepro{
	Name:  "stac-cartpole-authors",
	Title: "CartPole-v0, authors' code: STAC (m = 1) vs AC (m = 80)",
	Env:   "CartPole-v0", Seeds: 10,
	Variants: []rlVariant{
		{"STAC (m = 1), authors' code", "stac-m1-authors", experiment.RLConfig{Env: "CartPole-v0", Algo: "stac", Steps: 300000, Unroll: 1, Extra: onPolicyOpts(withMixed(authorsOpts))}},
		{"AC (m = 80), authors' code", "ac-m80-authors", experiment.RLConfig{Env: "CartPole-v0", Algo: "ac", Steps: 300000, Unroll: 80, Extra: onPolicyOpts(authorsOpts)}},
	},
	Quick:       quickOnPolicyKeepOptions,
	FromAuthors: []string{authorsTask, "actor_lr", "critic_lr"},
}

var stacCartPoleAblations = rlRepro{
	Name:  "stac-cartpole-ablations",
	Title: "CartPole-v1: STAC (m = 1) ablations vs AC (m = 80)",
	Env:   "CartPole-v1", Seeds: 10,
	Variants: []rlVariant{
		{"STAC (m = 1), paper's settings", "stac-m1", experiment.RLConfig{Env: "CartPole-v1", Algo: "stac", Steps: 300000, Unroll: 1, Extra: onPolicyOpts(nil)}},
		{"STAC (m = 1), authors' mixed term", "stac-m1-mixed", experiment.RLConfig{Env: "CartPole-v1", Algo: "stac", Steps: 300000, Unroll: 1, Extra: onPolicyOpts(map[string]any{"mixed_estimator": "authors"})}},
		{"STAC (m = 1), steps 0.1 / 0.01", "stac-m1-steps", experiment.RLConfig{Env: "CartPole-v1", Algo: "stac", Steps: 300000, Unroll: 1, Extra: onPolicyOpts(map[string]any{"actor_lr": 0.1, "critic_lr": 0.01})}},
		{"STAC (m = 1), gradient noise 0.05", "stac-m1-noise", experiment.RLConfig{Env: "CartPole-v1", Algo: "stac", Steps: 300000, Unroll: 1, Extra: onPolicyOpts(map[string]any{"grad_noise": 0.05})}},
		{"AC (m = 80), paper's settings", "ac-m80", experiment.RLConfig{Env: "CartPole-v1", Algo: "ac", Steps: 300000, Unroll: 80, Extra: onPolicyOpts(nil)}},
	},
	Quick:       quickOnPolicyKeepOptions,
	FromAuthors: []string{"actor_lr", "critic_lr"}, // the steps variant's
}

// stacCartPoleV0 is the other half of "both ways": the paper's settings
// (stackel's defaults, the Theorem 1 mixed-term estimator, no gradient
// noise) on the authors' task CartPole-v0 (200-step episodes, threshold
// 195), so that the task alone is separated from the authors' estimator
// and steps.
var stacCartPoleV0 = rlRepro{
	Name:  "stac-cartpole-v0",
	Title: "CartPole-v0, paper's settings: STAC (m = 1) vs AC (m = 80)",
	Env:   "CartPole-v0", Seeds: 10,
	Variants: []rlVariant{
		{"STAC (m = 1), paper's settings", "stac-m1", experiment.RLConfig{Env: "CartPole-v0", Algo: "stac", Steps: 300000, Unroll: 1, Extra: onPolicyOpts(nil)}},
		{"AC (m = 80), paper's settings", "ac-m80", experiment.RLConfig{Env: "CartPole-v0", Algo: "ac", Steps: 300000, Unroll: 80, Extra: onPolicyOpts(nil)}},
	},
	Quick:       quickOnPolicyKeepOptions,
	FromAuthors: []string{authorsTask},
}

// quickOnPolicyKeepOptions is quickOnPolicy with the variant's own
// rl.options kept (steps, gradient noise, mixed-term estimator), so that a
// --quick run of these reproductions still runs what tells its variants
// apart; only the diagnostics (test episodes, Lanczos iterations) are
// quickOnPolicy's.
func quickOnPolicyKeepOptions(c experiment.RLConfig) experiment.RLConfig {
	q := quickOnPolicy(c)
	for k, v := range c.Extra {
		if k != "test_episodes" && k != "lanczos_iters" {
			q.Extra[k] = v
		}
	}
	return q
}
