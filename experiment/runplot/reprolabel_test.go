package runplot

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/experiment/repro"
	"github.com/stackel/stackel/plot"
)

// reproVariant is one variant of the reproduction writeRepro lays out:
// its slug, its label in results.json, its config's algorithm and unroll,
// and its runs' test_return at steps 500 and 1000, one row per seed.
type reproVariant struct {
	slug, label, algo string
	unroll            int
	returns           [][2]float64
}

// cartPoleVariants are stac-cartpole's three variants, with returns
// whose mean ± sd bands reach below 0 and above 500 (CartPole-v1's
// returns): at step 500 returns 0 and 40 (mean 20, sd 20√2 = 28.28), at
// step 1000 490 and 500 (mean 495, sd 5√2 = 7.07).
var cartPoleVariants = []reproVariant{
	{"stac-m1", "STAC (m = 1)", "stac", 1, [][2]float64{{0, 490}, {40, 500}}},
	{"stac-m80", "STAC (m = 80)", "stac", 80, [][2]float64{{10, 300}, {12, 310}}},
	{"ac-m80", "AC (m = 80)", "ac", 80, [][2]float64{{20, 100}, {22, 110}}},
}

// writeRepro lays out in dir the output of a CartPole-v1 reproduction
// named name, as `stackel reproduce` writes it: dir/<slug>/seed<k> with
// metrics.csv, config.yaml, job.json and summary.json per run, and
// reproduction.json and results.json (with each variant's label) in dir;
// without name, the runs alone (a sweep's, or copied out of one).
func writeRepro(t *testing.T, dir, name string, variants []reproVariant) {
	t.Helper()
	write := func(path, text string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	results := "{"
	for i, v := range variants {
		for k, r := range v.returns {
			seed := k + 1
			run := filepath.Join(dir, v.slug, fmt.Sprintf("seed%d", seed))
			write(filepath.Join(run, "metrics.csv"), fmt.Sprintf("epoch,steps,avg_return,test_return\n1,500,%g,%g\n2,1000,%g,%g\n", r[0], r[0], r[1], r[1]))
			write(filepath.Join(run, "config.yaml"), fmt.Sprintf("name: %s-%s\nseed: %d\nrl:\n  env: CartPole-v1\n  algo: %s\n  steps: 1000\n  unroll: %d\n", name, v.slug, seed, v.algo, v.unroll))
			write(filepath.Join(run, "job.json"), fmt.Sprintf(`{"seed": %d, "labels": {"seed": "%d", "variant": %q}, "status": "done"}`, seed, seed, v.slug))
			write(filepath.Join(run, "summary.json"), fmt.Sprintf(`{"env": "CartPole-v1", "final": {"avg_return": %g, "test_return": %g}}`, r[1], r[1]))
		}
		if i > 0 {
			results += ", "
		}
		results += fmt.Sprintf(`%q: {"label": %q, "finished": %d}`, v.slug, v.label, len(v.returns))
	}
	if name != "" {
		write(filepath.Join(dir, "reproduction.json"), fmt.Sprintf(`{"reproduction": %q}`, name))
		write(filepath.Join(dir, "results.json"), results+`, "env": "CartPole-v1"}`)
	}
}

// TestPlotReproductionLabelsColoursClip: the runs of a reproduction's
// output (reproduction.json and results.json in DIR) are named by the
// labels its tables and figures give its variants, drawn in its
// figures' colours (a baseline blue, STAC with m = 1 vermilion, with
// m = 80 reddish purple, each with repro.VariantStyle's dash), and their
// test_return bands are clipped to CartPole-v1's returns, [0, 500]
// (exactly, by the limits), as its figures' are: the band of STAC (m = 1)
// is [20 − 28.28, 20 + 28.28] at step 500 and [495 − 7.07, 495 + 7.07] at
// 1000, drawn [0, 48.28] and [487.93, 500] (to 1e-9). The same runs
// without the reproduction's files (a sweep's) keep their slugs as names
// but are still coloured by their algorithms and clipped by their
// environment; given below DIR (one variant's directory) they are still
// named by DIR's labels.
func TestPlotReproductionLabelsColoursClip(t *testing.T) {
	root := t.TempDir()
	rep, bare := filepath.Join(root, "rep"), filepath.Join(root, "bare")
	writeRepro(t, rep, "stac-cartpole", cartPoleVariants)
	writeRepro(t, bare, "", cartPoleVariants)
	sd500, sd1000 := 20*math.Sqrt2, 5*math.Sqrt2
	for _, c := range []struct {
		dir   string
		names []string
	}{
		{rep, []string{"AC (m = 80)", "STAC (m = 1)", "STAC (m = 80)"}},
		{bare, []string{"ac-m80", "stac-m1", "stac-m80"}},
	} {
		panels, notes, err := Build(Options{Dirs: []string{c.dir}, Y: []string{"test_return"}})
		if err != nil {
			t.Fatal(err)
		}
		if len(notes) != 0 {
			t.Errorf("%s: notes %q; want none", c.dir, notes)
		}
		ss := panels[0].Series
		var names []string
		for _, s := range ss {
			names = append(names, s.Name)
		}
		if !slices.Equal(names, c.names) {
			t.Fatalf("%s: series %q; want %q", c.dir, names, c.names)
		}
		for i, v := range []struct {
			slug   string
			colour plot.Colour
		}{{"ac-m80", plot.Blue}, {"stac-m1", plot.Vermilion}, {"stac-m80", plot.ReddishPurple}} {
			_, dash, _ := repro.VariantStyle(v.slug)
			if ss[i].Colour != v.colour || ss[i].Dash != dash {
				t.Errorf("%s: %s drawn in colour %v dash %v; want %v, %v", c.dir, ss[i].Name, ss[i].Colour, ss[i].Dash, v.colour, dash)
			}
		}
		s := ss[1] // STAC (m = 1)
		const tol = 1e-9
		if s.Lo[0] != 0 || math.Abs(s.Hi[0]-(20+sd500)) > tol || math.Abs(s.Lo[1]-(495-sd1000)) > tol || s.Hi[1] != 500 {
			t.Errorf("%s: %s band [%v, %v], [%v, %v]; want [0, %v], [%v, 500]", c.dir, s.Name, s.Lo[0], s.Hi[0], s.Lo[1], s.Hi[1], 20+sd500, 495-sd1000)
		}
	}
	// One variant's directory, below the reproduction's.
	panels, _, err := Build(Options{Dirs: []string{filepath.Join(rep, "stac-m80")}, Y: []string{"test_return"}})
	if err != nil {
		t.Fatal(err)
	}
	if n := panels[0].Series[0].Name; n != "STAC (m = 80)" {
		t.Errorf("stac-m80 alone: series %q; want STAC (m = 80)", n)
	}
}

// TestPlotAxisNamedByCount: the x axis is named by what the step column
// counts, whichever command made the runs: an RL run's steps
// "environment steps", a smooth-game learner's iter "iteration".
func TestPlotAxisNamedByCount(t *testing.T) {
	root := t.TempDir()
	writeRepro(t, filepath.Join(root, "rl"), "stac-cartpole", cartPoleVariants[:1])
	run(t, duopoly("duo", "10"), 1, filepath.Join(root, "duo"))
	for _, c := range []struct{ dir, want string }{{"rl", "environment steps"}, {"duo", "iteration"}} {
		panels, _, err := Build(Options{Dirs: []string{filepath.Join(root, c.dir)}})
		if err != nil {
			t.Fatal(err)
		}
		if panels[0].XLabel != c.want {
			t.Errorf("%s: x axis %q; want %q", c.dir, panels[0].XLabel, c.want)
		}
	}
}

// TestVariantSlugFromConfig: an RL run without a job.json variant (a
// sweep's) is styled as the reproductions' variant its algorithm, leader
// and unroll make: DDPG and SAC as themselves, their Stackelberg versions
// by the leader (the actor by default), AC with unroll 80 as AC (m = 80)
// (another unroll is none), STAC by its
// unroll (1 or 80; another unroll is none of them); a variant label wins.
func TestVariantSlugFromConfig(t *testing.T) {
	for _, c := range []struct {
		rl     experiment.RLConfig
		labels map[string]string
		want   string
	}{
		{experiment.RLConfig{Algo: "ddpg"}, nil, "ddpg"},
		{experiment.RLConfig{Algo: "stddpg"}, nil, "stddpg-al"},
		{experiment.RLConfig{Algo: "stsac", Leader: "critic"}, nil, "stsac-cl"},
		{experiment.RLConfig{Algo: "ac", Unroll: 5}, nil, ""},
		{experiment.RLConfig{Algo: "stac", Unroll: 1}, nil, "stac-m1"},
		{experiment.RLConfig{Algo: "stac", Unroll: 5}, nil, ""},
		{experiment.RLConfig{Algo: "ddpg"}, map[string]string{"variant": "stddpg-cl"}, "stddpg-cl"},
	} {
		rl := c.rl
		r := Run{Config: &experiment.Config{RL: &rl}, Labels: c.labels}
		if got := variantSlug(r); got != c.want {
			t.Errorf("%+v %v: %q; want %q", c.rl, c.labels, got, c.want)
		}
		if _, _, ok := repro.VariantStyle(c.want); c.want != "" && !ok {
			t.Errorf("%q: no reproduction's variant", c.want)
		}
	}
}
