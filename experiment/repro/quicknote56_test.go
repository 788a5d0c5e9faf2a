package repro

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stackel/stackel/experiment"
)

// flatSettings56 flattens the JSON of v (an agent.Config, a Config) into paths
// ("CG.Iters") and their values' JSON text.
func flatSettings56(t *testing.T, v any) map[string]string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		if o, ok := v.(map[string]any); ok {
			for k, e := range o {
				walk(strings.TrimPrefix(prefix+"."+k, "."), e)
			}
			return
		}
		b, _ := json.Marshal(v)
		out[prefix] = string(b)
	}
	walk("", m)
	return out
}

// quickPhrase56 is how a quick note must write the difference at path
// between a quick run's value q and the full run's f (their JSON text).
func quickPhrase56(path, q, f string, onPolicy bool) (string, bool) {
	none := func(v string) string {
		if v == "0" {
			return "none"
		}
		return v
	}
	switch path {
	case "Steps":
		return q + " steps per run instead of " + f, true
	case "Hidden":
		h := func(s string) string { return strings.ReplaceAll(strings.Trim(s, "[]"), ",", "×") }
		return h(q) + " networks instead of " + h(f), true
	case "Unroll":
		return "the critic unrolled m = " + q + " times instead of " + f, true
	case "StepsPerEpoch":
		if onPolicy {
			return "batches (epochs) of " + q + " steps instead of " + f, true
		}
		return "epochs of " + q + " steps instead of " + f, true
	case "TestEpisodes":
		return q + " test episodes instead of " + none(f), true
	case "CG.Lambda":
		return "λ = " + q + " instead of " + f, true
	case "CG.Iters":
		return q + " conjugate-gradient iterations instead of " + f, true
	case "LanczosIters":
		return q + " Lanczos iterations instead of " + none(f), true
	case "StartSteps":
		return "random actions for the first " + q + " steps instead of " + f, true
	case "UpdateAfter":
		return "updates from step " + q + " instead of " + f, true
	case "BatchSize":
		return "mini-batches of " + q + " instead of " + f, true
	}
	return "", false
}

// rlRepros56 are the RL reproductions' comparisons as their quick notes
// describe them (a MuJoCo suite by its first task).
func rlRepros56() []rlRepro {
	out := []rlRepro{stacCartPole, stddpgPendulum, stsacPendulum, stacCartPoleAuthors, stacCartPoleAblations, stacCartPoleV0}
	for _, s := range []rlSuite{stddpgMuJoCo, stsacMuJoCo, stacMuJoCo} {
		out = append(out, s.forEnv(s.Envs[0]))
	}
	return out
}

// TestRLQuickNoteFieldByField56: a --quick RL reproduction's note states
// every setting its runs change: for each reproduction, with all its
// variants and with each alone, every field of the effective settings
// (agent.Config, every default filled in) in which a selected variant's
// quick run differs from its full run is named in the note with both
// values (CG iterations, Lanczos iterations, the off-policy start, first
// update and mini-batch, which it left out); a field no quick run
// changes has no phrase there. The full runs of the authors'-code
// reproductions run no test episodes or Lanczos iterations (their
// rl.options set 0), which the quick ones do: "instead of none".
func TestRLQuickNoteFieldByField56(t *testing.T) {
	t.Parallel()
	for _, r := range rlRepros56() {
		selections := [][]string{nil}
		for _, v := range r.Variants {
			selections = append(selections, []string{v.Slug})
		}
		for _, sel := range selections {
			opt := Options{Quick: true, Variants: sel}
			note := rlQuickSettings(opt, r)
			differs := map[string]bool{}
			for _, v := range r.Variants {
				if sel != nil && !slices.Contains(sel, v.Slug) {
					continue
				}
				full, err1 := experiment.RLAgentConfig(v.RL, 0)
				quick, err2 := experiment.RLAgentConfig(r.Quick(v.RL), 0)
				if err1 != nil || err2 != nil {
					t.Fatalf("%s %s: %v, %v", r.Name, v.Slug, err1, err2)
				}
				f, q := flatSettings56(t, full), flatSettings56(t, quick)
				for path, fv := range f {
					if q[path] == fv {
						continue
					}
					differs[path] = true
					phrase, ok := quickPhrase56(path, q[path], fv, full.Algo.OnPolicy())
					if !ok {
						t.Errorf("%s %s: --quick changes %s (%s instead of %s), which this test has no phrase for", r.Name, v.Slug, path, q[path], fv)
						continue
					}
					if !strings.Contains(note, phrase) {
						t.Errorf("%s --variants %v: the quick note %q lacks %q (%s of %s)", r.Name, sel, note, phrase, path, v.Slug)
					}
				}
			}
			for _, path := range []string{"Steps", "Hidden", "Unroll", "StepsPerEpoch", "TestEpisodes", "CG.Lambda", "CG.Iters", "LanczosIters", "StartSteps", "UpdateAfter", "BatchSize"} {
				head, _ := quickPhrase56(path, "", "", true)
				head2, _ := quickPhrase56(path, "", "", false)
				if !differs[path] && (strings.Contains(note, strings.TrimSpace(head)) || strings.Contains(note, strings.TrimSpace(head2))) {
					t.Errorf("%s --variants %v: no quick run changes %s, but the note %q speaks of it", r.Name, sel, path, note)
				}
			}
		}
	}
}

// TestRLQuickNoteExact56: whole quick notes, each clause naming the
// variants it applies to unless it applies to every one selected (the
// critic's unrolled steps and λ name them always, as the rows' labels
// say otherwise).
func TestRLQuickNoteExact56(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		r    rlRepro
		opt  Options
		want string
	}{
		{stacCartPole, Options{Quick: true}, "2 seeds instead of 5, 1000 steps per run instead of 300000, 16×16 networks instead of 64×32, " +
			"the critic unrolled m = 5 times instead of 80 (STAC (m = 80), AC (m = 80)), batches (epochs) of 500 steps instead of 4000, " +
			"2 test episodes instead of 10, 3 conjugate-gradient iterations instead of 10 (STAC (m = 1), STAC (m = 80)), 3 Lanczos iterations instead of 10"},
		{stacCartPole, Options{Quick: true, Seeds: 3, Steps: 2000, Variants: []string{"stac-m1"}}, "16×16 networks instead of 64×32, " +
			"batches (epochs) of 500 steps instead of 4000, 2 test episodes instead of 10, 3 conjugate-gradient iterations instead of 10, 3 Lanczos iterations instead of 10"},
		{stddpgPendulum, Options{Quick: true}, "2 seeds instead of 5, 600 steps per run instead of 50000, 16×16 networks instead of 256×256, " +
			"epochs of 300 steps instead of 4000, 2 test episodes instead of 10, 3 conjugate-gradient iterations instead of 10 (STDDPG-AL, STDDPG-CL), " +
			"3 Lanczos iterations instead of 10, random actions for the first 200 steps instead of 10000, updates from step 200 instead of 1000, mini-batches of 32 instead of 100"},
		{stacCartPoleAuthors, Options{Quick: true}, "2 seeds instead of 10, 1000 steps per run instead of 300000, 16×16 networks instead of 64×32, " +
			"the critic unrolled m = 5 times instead of 80 (AC (m = 80), authors' code), batches (epochs) of 500 steps instead of 4000, " +
			"2 test episodes instead of none, 3 conjugate-gradient iterations instead of 10 (STAC (m = 1), authors' code), 3 Lanczos iterations instead of none"},
		{stacMuJoCo.forEnv("Hopper-v4"), Options{Quick: true}, "2 seeds instead of 5, 1000 steps per run instead of 1000000, 16×16 networks instead of 64×32, " +
			"the critic unrolled m = 5 times instead of 80 (STAC (m = 80), AC (m = 80)), batches (epochs) of 500 steps instead of 4000, " +
			"2 test episodes instead of 10, λ = 0 instead of 500 (STAC (m = 1), STAC (m = 80)), 3 conjugate-gradient iterations instead of 10 (STAC (m = 1), STAC (m = 80)), " +
			"3 Lanczos iterations instead of 10"},
	} {
		if got := rlQuickSettings(c.opt, c.r); got != c.want {
			t.Errorf("%s %+v:\n got %q\nwant %q", c.r.Name, c.opt, got, c.want)
		}
	}
	// Labels that hold a comma are set apart by semicolons.
	got := rlQuickSettings(Options{Quick: true, Seeds: 2}, stacCartPoleAblations)
	want := "3 conjugate-gradient iterations instead of 10 (STAC (m = 1), paper's settings; STAC (m = 1), authors' mixed term; STAC (m = 1), steps 0.1 / 0.01; STAC (m = 1), gradient noise 0.05)"
	if !strings.Contains(got, want) {
		t.Errorf("stac-cartpole-ablations: %q lacks %q", got, want)
	}
	_ = fmt.Sprint
}
