package repro

import (
	"fmt"
	"testing"
)

// TestJobsOfFewerSeedsAreAmongMoreWithSelections49 extends
// TestJobsOfFewerSeedsAreAmongMore49 to what a report from disk may be
// asked with: no option, --quick, --steps, each --variants and each
// --envs selection. For every reproduction, the jobs of n seeds (1 to 4)
// are among those of n + 1 in the same directories (completeSeeds'
// binary search relies on it) and number n times those of one seed, or
// the same for every n (a reproduction without seeds): completeSeeds
// bounds the seeds on disk by len(jobs)/len(jobs of one seed), which a
// job shared by all seeds would make too small, so that a report would
// cover fewer seeds than are complete.
func TestJobsOfFewerSeedsAreAmongMoreWithSelections49(t *testing.T) {
	t.Parallel()
	for _, r := range All() {
		selections := []Options{{}, {Quick: true}, {Steps: 1000}, {Quick: true, Steps: 7}}
		for _, v := range r.Variants {
			selections = append(selections, Options{Quick: true, Variants: []string{v}})
		}
		for _, e := range r.Envs {
			selections = append(selections, Options{Quick: true, Envs: []string{e}})
		}
		for _, base := range selections {
			what := fmt.Sprintf("%s (quick %v, steps %d, variants %v, envs %v)", r.Name, base.Quick, base.Steps, base.Variants, base.Envs)
			var prev map[string]string
			one := 0
			for n := 1; n <= 4; n++ {
				o := base
				o.Seeds, o.Out = n, "x"
				sub, err := r.Jobs(o)
				if err != nil {
					t.Fatalf("%s, %d seeds: %v", what, n, err)
				}
				if n == 1 {
					one = len(sub)
				} else if len(sub) != n*one && len(sub) != one {
					t.Errorf("%s: %d jobs for %d seeds, want %d (%d per seed) or %d (no seeds)", what, len(sub), n, n*one, one, one)
				}
				now := make(map[string]string, len(sub))
				for _, j := range sub {
					now[j.ID] = j.Out
				}
				for id, out := range prev {
					if now[id] != out {
						t.Errorf("%s: job %s (%s) of %d seeds is not among those of %d", what, id, out, n-1, n)
					}
				}
				prev = now
			}
		}
	}
}
