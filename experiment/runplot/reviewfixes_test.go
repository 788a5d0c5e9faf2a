package runplot

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stackel/stackel/experiment"
	"github.com/stackel/stackel/plot"
)

// TestLegendKeyedBeforeRunCount: a series means over 3 runs in one panel
// and over 2 in another (a run without the second column) is one series:
// the caption adds " (n = 2)" to its name in the second panel only, but
// the legend outside the data lists it once, in one colour and dash in
// both panels, its entry naming both counts ("n = 2 to 3").
func TestLegendKeyedBeforeRunCount(t *testing.T) {
	mk := func(runs []int) Panel {
		var p Panel
		for i, n := range runs {
			p.Series = append(p.Series, plot.Series{Name: "cfg" + string(rune('a'+i)), Y: []float64{1, 2}})
			p.Runs = append(p.Runs, n)
		}
		p.Caption = caption(&p)
		return p
	}
	same := []int{3, 3, 3, 3, 3, 3, 3, 3, 3}
	mixed := []int{2, 3, 3, 3, 3, 3, 3, 3, 3}
	panels := []Panel{mk(mixed), mk(same)}
	lay, legend := layoutOf(panels, false)
	if lay.Entries != 9 || len(legend) != 9 {
		t.Fatalf("legend of %d entries (%d); want 9", len(legend), lay.Entries)
	}
	if legend[0].Name != "cfga (n = 2 to 3)" || legend[1].Name != "cfgb (n = 3)" {
		t.Errorf("legend entries %q, %q; want \"cfga (n = 2 to 3)\", \"cfgb (n = 3)\"", legend[0].Name, legend[1].Name)
	}
	for i := range 9 {
		a, b := panels[1].Series[i], panels[0].Series[i]
		if a.Colour != b.Colour || a.Dash != b.Dash {
			t.Errorf("series %d: %v/%v in one panel, %v/%v in the other", i, a.Colour, a.Dash, b.Colour, b.Dash)
		}
	}
}

// TestReproFinderTruncatedWalk: a run deeper than the four levels the
// lookup walks (DIR/v/archive/old/x/seed9) finds no reproduction, but the
// directories it walked must not be remembered as holding none: a run at
// DIR/v/seed1, found after it, still finds DIR's reproduction.
func TestReproFinderTruncatedWalk(t *testing.T) {
	root := t.TempDir()
	writeRepro(t, root, "stac-cartpole", cartPoleVariants[:1])
	deep := filepath.Join(root, "stac-m1", "archive", "old", "x", "seed9")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	f := reproFinder{}
	if r := f.find(deep); r != nil {
		t.Errorf("deep run: reproduction %q; want none (beyond 4 levels)", r.Name)
	}
	r := f.find(filepath.Join(root, "stac-m1", "seed1"))
	if r == nil || r.Name != "stac-cartpole" {
		t.Errorf("run after the deep one: reproduction %v; want stac-cartpole", r)
	}
}

// TestClippedOnlyWhenChanged: the bands are said to be clipped (in the
// caption and on stdout) only when clipping changed a value: one run
// (no band), each seed drawn alone, or bands within [0, 500] are not.
func TestClippedOnlyWhenChanged(t *testing.T) {
	root := t.TempDir()
	rep := filepath.Join(root, "rep")
	writeRepro(t, rep, "stac-cartpole", cartPoleVariants)
	inside := filepath.Join(root, "inside")
	writeRepro(t, inside, "stac-cartpole", cartPoleVariants[1:]) // bands within [0, 500]
	for _, o := range []Options{
		{Dirs: []string{filepath.Join(rep, "stac-m1", "seed1")}},
		{Dirs: []string{rep}, EachSeed: true},
		{Dirs: []string{inside}},
	} {
		res, err := Plot(Options{Dirs: o.Dirs, EachSeed: o.EachSeed, Y: []string{"test_return"}, Out: filepath.Join(root, "p")})
		if err != nil {
			t.Fatal(err)
		}
		p := res.Panels[0]
		if len(p.Clipped) != 0 || strings.Contains(p.Caption, "clipped") {
			t.Errorf("%v each seed %v: clipped %q, caption %q; want no clipping said", o.Dirs, o.EachSeed, p.Clipped, p.Caption)
		}
		for _, s := range res.Said {
			if strings.Contains(s, "clipped") {
				t.Errorf("%v each seed %v: said %q", o.Dirs, o.EachSeed, s)
			}
		}
	}
}

// TestVariantSlugCaseAndDefaultUnroll: the algorithm and leader are read
// in any case, as the config takes them (DDPG, Critic), and an unroll
// left out is the algorithm's default (80 for AC and STAC); AC with
// another unroll is no reproduction's variant.
func TestVariantSlugCaseAndDefaultUnroll(t *testing.T) {
	for _, c := range []struct {
		rl   experiment.RLConfig
		want string
	}{
		{experiment.RLConfig{Algo: "DDPG"}, "ddpg"},
		{experiment.RLConfig{Algo: "StDDPG", Leader: "Critic"}, "stddpg-cl"},
		{experiment.RLConfig{Algo: "STSAC", Leader: "ACTOR"}, "stsac-al"},
		{experiment.RLConfig{Algo: "stac"}, "stac-m80"},
		{experiment.RLConfig{Algo: "AC"}, "ac-m80"},
		{experiment.RLConfig{Algo: "ac", Unroll: 80}, "ac-m80"},
		{experiment.RLConfig{Algo: "ac", Unroll: 5}, ""},
	} {
		rl := c.rl
		if got := variantSlug(Run{Config: &experiment.Config{RL: &rl}}); got != c.want {
			t.Errorf("%+v: %q; want %q", c.rl, got, c.want)
		}
	}
}

// TestVariantLabelsFromRepro: series are named by the labels the
// reproduction (identified by reproduction.json, or by the runs' config
// names, <reproduction>-<slug>, as in the committed results/ sets, which
// have no reproduction.json) gives its variants in the repro package: a
// results.json without a variant, or none at all, still names it; a run
// copied in from another reproduction (stac-cartpole-v0's stac-m1) takes
// that reproduction's label, not the one of the directory above.
func TestVariantLabelsFromRepro(t *testing.T) {
	root := t.TempDir()
	names := func(dir string) ([]string, []string) {
		t.Helper()
		panels, notes, err := Build(Options{Dirs: []string{dir}, Y: []string{"test_return"}})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, s := range panels[0].Series {
			out = append(out, s.Name)
		}
		return out, notes
	}
	full := []string{"AC (m = 80)", "STAC (m = 1)", "STAC (m = 80)"}
	// results.json naming one variant only.
	part := filepath.Join(root, "part")
	writeRepro(t, part, "stac-cartpole", cartPoleVariants)
	if err := os.WriteFile(filepath.Join(part, "results.json"), []byte(`{"stac-m1": {"label": "STAC (m = 1)"}, "env": "CartPole-v1"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, _ := names(part); !slices.Equal(got, full) {
		t.Errorf("results.json with one variant: %q; want %q", got, full)
	}
	// No reproduction.json nor results.json (a committed results/ set
	// without the former): the config names say stac-cartpole.
	bare := filepath.Join(root, "bare")
	writeRepro(t, bare, "stac-cartpole", cartPoleVariants)
	for _, f := range []string{"reproduction.json", "results.json"} {
		if err := os.Remove(filepath.Join(bare, f)); err != nil {
			t.Fatal(err)
		}
	}
	if got, _ := names(bare); !slices.Equal(got, full) {
		t.Errorf("no reproduction.json: %q; want %q", got, full)
	}
	// stac-cartpole-v0's stac-m1 copied under stac-cartpole's output.
	mixed := filepath.Join(root, "mixed")
	writeRepro(t, mixed, "stac-cartpole", cartPoleVariants)
	writeRepro(t, filepath.Join(mixed, "fromv0"), "stac-cartpole-v0", cartPoleVariants[:1])
	if err := os.Remove(filepath.Join(mixed, "fromv0", "reproduction.json")); err != nil {
		t.Fatal(err)
	}
	got, _ := names(mixed)
	want := []string{"AC (m = 80)", "STAC (m = 1)", "STAC (m = 1), paper's settings", "STAC (m = 80)"}
	if slices.Sort(got); !slices.Equal(got, want) {
		t.Errorf("a run of stac-cartpole-v0 under stac-cartpole: %q; want %q", got, want)
	}
}

// TestLabelMissingNoted: a variant of a reproduction without a label
// (neither the repro package's nor results.json's) keeps its slug, and a
// note says so.
func TestLabelMissingNoted(t *testing.T) {
	root := t.TempDir()
	vs := append([]reproVariant{{"stac-odd", "", "stac", 3, [][2]float64{{1, 2}}}}, cartPoleVariants[1:]...)
	writeRepro(t, root, "stac-cartpole", vs)
	if err := os.WriteFile(filepath.Join(root, "results.json"), []byte(`{"env": "CartPole-v1"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	_, notes, err := Build(Options{Dirs: []string{root}, Y: []string{"test_return"}})
	if err != nil {
		t.Fatal(err)
	}
	want := `series "stac-odd": stac-cartpole has no label for its variant "stac-odd" (neither stackel's list of its variants nor its results.json): named by the slug`
	if !slices.Contains(notes, want) {
		t.Errorf("notes %q; want %q among them", notes, want)
	}
}

// TestCaptionBandlessAndRunCountPlace: a series drawn without its band
// (on a log axis, its mean − sd at or below zero) is counted in the
// caption, "(1 without band)"; the number of runs a legend entry adds goes
// right after the series' own name, before the keys that tell apart
// series of one name ("cfg (n = 2) (a=1)"), which a cut name loses first.
func TestCaptionBandlessAndRunCountPlace(t *testing.T) {
	p := Panel{
		Series: []plot.Series{
			{Name: "cfg (a=1)", Y: []float64{1, 2}, Lo: []float64{0.5, 1}, Hi: []float64{1.5, 3}},
			{Name: "cfg (a=2)", Y: []float64{1, 2}},
			{Name: "other", Y: []float64{1, 2}, Lo: []float64{0.5, 1}, Hi: []float64{1.5, 3}},
		},
		Runs:  []int{2, 3, 3},
		plain: []int{3, 3, 5},
	}
	c := caption(&p)
	if w := "mean ± 1 sd band over each line's runs, n = 2 to 3 (in the legend) (1 without band)"; c != w {
		t.Errorf("caption %q; want %q", c, w)
	}
	var names []string
	for _, s := range p.Series {
		names = append(names, s.Name)
	}
	if w := []string{"cfg (n = 2) (a=1)", "cfg (n = 3) (a=2)", "other (n = 3)"}; !slices.Equal(names, w) {
		t.Errorf("names %q; want %q", names, w)
	}
}

// TestAxisNamePerPanel: each panel's x axis is named from the runs drawn
// in it: Hi-C and smooth runs together name both ("iteration or stage")
// in a panel of a column both have (f1), only "stage" in one that only
// the Hi-C runs have (xm0); with --x iter too (the name of each run's
// iter joined, where it said "iteration" for all).
func TestAxisNamePerPanel(t *testing.T) {
	root := t.TempDir()
	run(t, hicRun, 1, filepath.Join(root, "hic", "s1"))
	run(t, duopoly("duo", "10"), 1, filepath.Join(root, "duo"))
	for _, x := range []string{"", "iter"} {
		panels, _, err := Build(Options{Dirs: []string{root}, Y: []string{"f1", "xm0"}, X: x})
		if err != nil {
			t.Fatal(err)
		}
		for i, want := range []string{"iteration or stage", "stage"} {
			if panels[i].XLabel != want {
				t.Errorf("--x %q, panel %s: x label %q; want %q", x, panels[i].Column, panels[i].XLabel, want)
			}
		}
	}
}

// TestLegendPanelDashesCoincidingLine: a solid line that lies on an
// earlier one (within 1 % of the y range) is drawn dashed in its data
// panel (plot.Lines), and, with the legend outside the data, dashed in the
// legend's panel too (6 pt on, 4 pt off in its SVG), not solid.
func TestLegendPanelDashesCoincidingLine(t *testing.T) {
	var p Panel
	for i := range 9 {
		y := []float64{float64(i), float64(i + 1)}
		if i == 4 {
			y = []float64{3.001, 4.001} // on series 3
		}
		p.Series = append(p.Series, plot.Series{Name: "s" + string(rune('a'+i)), X: []float64{0, 1}, Y: y})
		p.Runs = append(p.Runs, 1)
	}
	p.Caption = caption(&p)
	panels := []Panel{p}
	lay, legend := layoutOf(panels, false)
	if !lay.LegendOutside {
		t.Fatal("legend inside; want outside")
	}
	if got := coincident(panels[0].Series, false); !slices.Equal(got, []bool{false, false, false, false, true, false, false, false, false}) {
		t.Errorf("coincident %v; want only the fifth", got)
	}
	dashed := make([]bool, len(legend))
	for i, c := range coincident(panels[0].Series, false) {
		dashed[panels[0].entry[i]] = c
	}
	lp, err := legendPanel(legend, dashed, 0, "")
	if err != nil {
		t.Fatal(err)
	}
	base := filepath.Join(t.TempDir(), "legend")
	if _, err := plot.Save(lp, base, plot.Size{Width: 6, Height: 4}, "svg"); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(base + ".svg")
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(b), "stroke-dasharray:6,4"); n != 1 {
		t.Errorf("legend SVG: %d lines dashed 6,4; want 1 (the coinciding series' thumbnail)", n)
	}
}

// TestLegendOutsideRunCountBeforeKeys: in a legend outside the data the
// number of runs goes, as in one inside, right after the series' own name,
// before the keys that tell apart series of one name.
func TestLegendOutsideRunCountBeforeKeys(t *testing.T) {
	var p Panel
	for i := range 9 {
		p.Series = append(p.Series, plot.Series{Name: fmt.Sprintf("cfg (a=%d)", i), Y: []float64{1, 2}})
		p.Runs = append(p.Runs, 2+i%2)
		p.plain = append(p.plain, 3)
	}
	p.Caption = caption(&p)
	_, legend := layoutOf([]Panel{p}, false)
	if legend[0].Name != "cfg (n = 2) (a=0)" || legend[1].Name != "cfg (n = 3) (a=1)" {
		t.Errorf("legend %q, %q; want \"cfg (n = 2) (a=0)\", \"cfg (n = 3) (a=1)\"", legend[0].Name, legend[1].Name)
	}
}

// TestLegendOutsideWhenTooWide: six series (fewer than MaxLegendInside)
// whose names are too long for a legend inside the data (wider than 3/4
// of the data area) get the legend in a panel of its own, and stdout says
// why; with short names it stays inside.
func TestLegendOutsideWhenTooWide(t *testing.T) {
	for _, c := range []struct {
		prefix  string
		outside bool
	}{
		{"v", false},
		{"a very long series name that no legend inside the data area holds well-", true},
	} {
		root := t.TempDir()
		var vs []reproVariant
		for i := range 6 {
			vs = append(vs, reproVariant{fmt.Sprintf("%s%d", c.prefix, i), "", "ac", 80, [][2]float64{{float64(i), float64(2 * i)}}})
		}
		writeRepro(t, root, "", vs)
		res, err := Plot(Options{Dirs: []string{root}, Y: []string{"avg_return"}})
		if err != nil {
			t.Fatal(err)
		}
		if res.Layout.LegendOutside != c.outside || res.Layout.TooBig != c.outside {
			t.Errorf("%q names: layout %+v; want outside %v", c.prefix, res.Layout, c.outside)
		}
		want := "legend drawn beside the data, in a panel of its own: inside, its 6 entries would cover much of the data"
		if got := slices.Contains(res.Said, want); got != c.outside {
			t.Errorf("%q names: said %q; want %q among them: %v", c.prefix, res.Said, want, c.outside)
		}
	}
}

// TestFlatConfigEmptyOptions: an empty rl.options ({}) is no setting, as
// one left out is: two series differing in an option are told apart by
// that option alone, not also by "rl.options=map[]" against "default".
func TestFlatConfigEmptyOptions(t *testing.T) {
	empty := &experiment.Config{Name: "x", RL: &experiment.RLConfig{Env: "CartPole-v1", Algo: "ac", Extra: map[string]any{}}}
	if v, ok := flatConfig(empty)["rl.options"]; ok {
		t.Errorf("rl.options {}: flattened as %q; want left out", v)
	}
}

// TestEachSeedNumericOrder: with --each-seed the runs of one configuration
// are drawn in the order of their seeds as numbers (seed 2 before seed
// 10), not of their directories' names as text (s10 before s2).
func TestEachSeedNumericOrder(t *testing.T) {
	root := t.TempDir()
	for _, seed := range []int{1, 2, 10} {
		run(t, duopoly("duo", "10"), uint64(seed), filepath.Join(root, fmt.Sprintf("s%d", seed)))
	}
	runs, _, err := FindRuns([]string{root})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, g := range Groups(runs, true) {
		names = append(names, g.Name)
	}
	if w := []string{"duo seed 1", "duo seed 2", "duo seed 10"}; !slices.Equal(names, w) {
		t.Errorf("series %q; want %q", names, w)
	}
}
