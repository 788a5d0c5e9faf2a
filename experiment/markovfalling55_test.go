package experiment

import (
	"strings"
	"testing"

	"github.com/stackel/stackel/markov"
)

// TestMarkovHintBRGapStillFalling55: an exact, fixed-step Stackelberg PG
// run on patrol stopped at 2000 iterations, its br_gap falling at every
// record (0.716, 0.024, …, 2.1e-4, 1.7e-4: recorded every 250), was told
// "steps too long for this game make the follower jump across its best
// response; try dynamics.step_rule: backtracking" — which made it worse
// (br_gap 3.4e-4 at 2000, and a different local point at 50 000), where
// it needed only more iterations (br_gap 9.8e-8 at 50 000). The hint
// says so when the last records' br_gap falls at each one; a br_gap that
// rose or stayed keeps the step hint, as does a history too short to
// tell.
func TestMarkovHintBRGapStillFalling55(t *testing.T) {
	mc := markov.Config{Dynamics: markov.StackelbergPG, StepRule: markov.FixedSteps}
	v := markov.Verdict{GradNorm: 9.2e-4, BRGap: 1.7e-4}
	hist := func(gaps ...float64) []markov.Stats {
		h := make([]markov.Stats, len(gaps))
		for i, g := range gaps {
			h[i] = markov.Stats{Iteration: 250 * i, BRGap: g}
		}
		return h
	}
	falling := hist(0.716, 0.024, 2.3e-3, 5.8e-4, 4.2e-4, 3.2e-4, 2.6e-4, 2.1e-4, 1.7e-4)
	got := markovRunHint(mc, v, 0.9, 0.2, falling)
	want := "br_gap is still falling at the last records (0.00026 at iteration 1500, 0.00021 at 1750, 0.00017 at 2000): the run has not finished, not jumped across the best response; give it more iterations (settings.iterations)"
	if got != want {
		t.Errorf("falling br_gap: hint\n%q\nwant\n%q", got, want)
	}
	step := markovHint(mc, v, 0.9, 0.2)
	if !strings.Contains(step, "try dynamics.step_rule: backtracking") {
		t.Fatalf("the step hint changed: %q", step)
	}
	for name, h := range map[string][]markov.Stats{
		"rose at the end":  hist(0.7, 0.02, 2e-3, 5e-4, 6e-4),
		"flat at the end":  hist(0.7, 0.3, 0.3, 0.3),
		"start and end":    hist(0.7, 1.7e-4),
		"no history":       nil,
		"undefined br_gap": hist(0.7, 0.3, -1, 0.1),
	} {
		if got := markovRunHint(mc, v, 0.9, 0.2, h); got != step {
			t.Errorf("%s: hint %q, want the step hint %q", name, got, step)
		}
	}
	// Other hints are not replaced: a sampled run's keeps its own.
	sampled := markov.Config{Dynamics: markov.StackelbergPG, StepRule: markov.FixedSteps, Estimator: markov.Sampled}
	if got, want := markovRunHint(sampled, v, 0.9, 0.2, falling), markovHint(sampled, v, 0.9, 0.2); got != want {
		t.Errorf("sampled: hint %q, want %q", got, want)
	}
}
