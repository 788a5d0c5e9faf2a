package sweep

import (
	"fmt"
	"testing"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/experiment/repro"
)

// A reproduction's jobs have no grid: their labels say which run each is.
// Before session 46 only an RL comparison's "variant" label was shown, so
// `sweep status` and `run --manifest` called fiez-duopoly's stackelberg and
// sga runs of a seed both "base", and a MuJoCo suite's runs of one variant
// on two tasks both by the variant alone.
func TestLabelNamesReproductionRun46d(t *testing.T) {
	for _, c := range []struct {
		labels map[string]string
		grid   []Assign
		want   string
	}{
		{map[string]string{"dynamics": "stackelberg"}, nil, "stackelberg"},
		{map[string]string{"dynamics": "sga"}, nil, "sga"},
		{map[string]string{"variant": "stddpg-al", "seed": "1"}, nil, "stddpg-al"},
		{map[string]string{"env": "Hopper-v4", "variant": "ddpg", "seed": "2"}, nil, "Hopper-v4, ddpg"},
		{map[string]string{"schedule": "beta-x3", "game": "cournot"}, nil, "cournot, beta-x3"},
		{map[string]string{"rule": "stackelberg-l0"}, nil, "stackelberg-l0"},
		// A sweep's own jobs: the grid point, "base" without a grid.
		{map[string]string{"sweep": "s", "point": "base"}, nil, "base"},
		{map[string]string{"sweep": "s", "point": "iterations=10"}, []Assign{{Key: "iterations", Value: 10}}, "iterations=10"},
		{nil, nil, "base"},
	} {
		j := Job{Job: experiment.Job{Labels: c.labels}, Grid: c.grid}
		if got := j.Label(); got != c.want {
			t.Errorf("labels %v, grid %v: Label() = %q, want %q", c.labels, c.grid, got, c.want)
		}
	}
}

// TestLabelNamesUnlabelledTaskRun46j: the task jobs of fiez-torus,
// hic-cournot and stackelberg-oligopoly carry no labels; each is labelled
// by its directory without the seed (stackelberg, sga; hic, hic_previous,
// sga; case0, case1), so that a seed's runs are told apart. They all read
// "base" after TestLabelNamesReproductionRun46d's change. Every
// reproduction's runs of one seed have distinct labels: before session 47
// stac-toy's four starts of a rule, and its sweep cells of one rule, shared
// the rule's label.
func TestLabelNamesUnlabelledTaskRun46j(t *testing.T) {
	for _, c := range []struct{ out, want string }{
		{"stackelberg/seed0", "stackelberg"},
		{"hic_previous/seed12", "hic_previous"},
		{"case1/seed3", "case1"},
		{"a/b/seed1", "a/b"},
		{"run", "run"},
		{"", "base"},
	} {
		j := Job{Job: experiment.Job{Out: c.out}}
		if got := j.Label(); got != c.want {
			t.Errorf("out %q: Label() = %q, want %q", c.out, got, c.want)
		}
	}
	for _, r := range repro.All() {
		name := r.Name
		jobs, err := r.Jobs(repro.Options{Seeds: 2})
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]string{}
		for _, j := range Wrap(name, jobs) {
			key := fmt.Sprintf("%s seed %d", j.Label(), j.Seed)
			if prev, ok := seen[key]; ok {
				t.Errorf("%s: %s and %s are both %q", name, prev, j.Out, key)
			}
			seen[key] = j.Out
		}
	}
}
