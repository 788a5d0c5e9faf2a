package repro

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/rl/agent"
)

// TestStacAuthorsQuickKeepsVariantOptions: with --quick, the issue-16
// reproductions still run each variant's own difference from the paper
// (actor and critic steps, gradient noise, the authors' mixed-term
// estimator). quickOnPolicy replaced rl.options wholesale, so every quick
// variant ran stackel's defaults: "STAC (m = 1), authors' code" ran with
// actor step 0.03, no noise and the Theorem 1 estimator, and the four STAC
// ablations were one and the same run.
func TestStacAuthorsQuickKeepsVariantOptions(t *testing.T) {
	for _, name := range []string{"stac-cartpole-authors", "stac-cartpole-ablations", "stac-cartpole-v0"} {
		r, err := Lookup(name)
		if err != nil {
			t.Fatal(err)
		}
		jobs, err := r.Jobs(Options{Quick: true})
		if err != nil {
			t.Fatal(err)
		}
		var rr rlRepro
		for _, x := range []rlRepro{stacCartPoleAuthors, stacCartPoleAblations, stacCartPoleV0} {
			if x.Name == name {
				rr = x
			}
		}
		seen := map[string]bool{}
		for _, j := range jobs {
			if j.Labels["seed"] != "1" {
				continue
			}
			var v rlVariant
			for _, x := range rr.Variants {
				if x.Slug == j.Labels["variant"] {
					v = x
				}
			}
			cfg, err := experiment.ParseConfig([]byte(j.Config))
			if err != nil {
				t.Fatalf("%s %s: %v", name, v.Slug, err)
			}
			got, err := experiment.RLAgentConfig(*cfg.RL, 1)
			if err != nil {
				t.Fatalf("%s %s: %v", name, v.Slug, err)
			}
			full, err := experiment.RLAgentConfig(v.RL, 1)
			if err != nil {
				t.Fatal(err)
			}
			if got.ActorLR != full.ActorLR || got.CriticLR != full.CriticLR || got.GradNoise != full.GradNoise || got.Mixed != full.Mixed || got.RawAdvantages != full.RawAdvantages {
				t.Errorf("%s %s --quick: actor_lr %v, critic_lr %v, grad_noise %v, mixed %v; the variant's are %v, %v, %v, %v",
					name, v.Slug, got.ActorLR, got.CriticLR, got.GradNoise, got.Mixed, full.ActorLR, full.CriticLR, full.GradNoise, full.Mixed)
			}
			if got.Env != full.Env || got.Algo != full.Algo || got.Unroll != min(full.Unroll, 5) {
				t.Errorf("%s %s --quick: env %s, algo %s, unroll %d", name, v.Slug, got.Env, got.Algo, got.Unroll)
			}
			seen[v.Slug] = true
		}
		if len(seen) != len(rr.Variants) {
			t.Errorf("%s --quick: seed 1 has %d of the %d variants", name, len(seen), len(rr.Variants))
		}
	}
	if stacCartPoleAuthors.Variants[0].RL.Extra["mixed_estimator"] != string(agent.MixedAuthors) {
		t.Fatal("stac-m1-authors does not use the authors' estimator")
	}
}

// TestStacAuthorsQuickRuns runs the quick stac-cartpole-authors, which
// now takes the authors' estimator, steps and noise: every run finishes
// and the report is written.
func TestStacAuthorsQuickRuns(t *testing.T) {
	dir := runQuick(t, "stac-cartpole-authors")
	var res map[string]any
	readResults(t, dir, &res)
	if len(res) == 0 {
		t.Fatal("empty results.json")
	}
	for _, run := range []string{"stac-m1-authors/seed1", "ac-m80-authors/seed2"} {
		b, err := os.ReadFile(filepath.Join(dir, run, experiment.SummaryFile))
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), `"error"`) {
			t.Errorf("%s failed: %s", run, b)
		}
		c, err := os.ReadFile(filepath.Join(dir, run, "config.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(c), "grad_noise: 0.05") {
			t.Errorf("%s/config.yaml has no grad_noise 0.05:\n%s", run, c)
		}
	}
}
