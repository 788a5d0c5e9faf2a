package runplot

import (
	"testing"

	"github.com/stackel/stackel/experiment"
)

// TestSeriesNameNoSeed55r4: two series of one name are told apart by the
// keys their configurations differ in, never by the seed: a series holds
// every seed of its configuration, and its first run's seed named it
// ("th (rl.steps=1000, seed=1)" for a series of seeds 1 and 2). With
// --each-seed the name ends in " seed S" already.
func TestSeriesNameNoSeed55r4(t *testing.T) {
	rl := func(seed uint64, steps int) Run {
		return Run{Dir: "d", Seed: seed, HasSeed: true, Config: &experiment.Config{Name: "th", Seed: seed, RL: &experiment.RLConfig{
			Env: "CartPole-v1", Algo: "ac", Steps: steps}}}
	}
	for _, c := range []struct {
		name     string
		eachSeed bool
		runs     []Run
		want     []string
		sizes    []int
	}{
		{"series of two seeds", false, []Run{rl(1, 1000), rl(2, 2000), rl(2, 1000)},
			[]string{"th (rl.steps=1000)", "th (rl.steps=2000)"}, []int{2, 1}},
		{"each seed", true, []Run{rl(1, 1000), rl(1, 2000), rl(2, 1000)},
			[]string{"th seed 1 (rl.steps=1000)", "th seed 1 (rl.steps=2000)", "th seed 2"}, []int{1, 1, 1}},
	} {
		gs := Groups(c.runs, c.eachSeed)
		if len(gs) != len(c.want) {
			t.Fatalf("%s: %d groups, want %d", c.name, len(gs), len(c.want))
		}
		for i, g := range gs {
			if g.Name != c.want[i] || len(g.Runs) != c.sizes[i] {
				t.Errorf("%s: series %d named %q with %d runs, want %q with %d", c.name, i, g.Name, len(g.Runs), c.want[i], c.sizes[i])
			}
		}
	}
}
