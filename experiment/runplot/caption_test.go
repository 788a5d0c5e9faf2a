package runplot

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stackel/stackel/experiment/repro"
)

// TestPlotCaptionBandAndRuns: each panel says under its title what its
// band is and over how many runs: "mean ± 1 sd band over n = 2 runs"
// with the clipping of a return column, "(clipped to returns in [0,
// 500])"; series over different numbers of runs name theirs in the
// legend (" (n = 3)") and the caption says so; one run per series (or
// EachSeed) "one run per line, no band". Plot draws the caption on the
// figure (PanelTitle) and says on stdout (Result.Said) whose labels and
// which clipping it used.
func TestPlotCaptionBandAndRuns(t *testing.T) {
	root := t.TempDir()
	rep := filepath.Join(root, "rep")
	writeRepro(t, rep, "stac-cartpole", cartPoleVariants)
	res, err := Plot(Options{Dirs: []string{rep}})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"avg_return":  "mean ± 1 sd band over n = 2 runs (clipped to returns in [0, 500])",
		"test_return": "mean ± 1 sd band over n = 2 runs (clipped to returns in [0, 500])",
	}
	for _, p := range res.Panels {
		if p.Caption != want[p.Column] {
			t.Errorf("panel %s: caption %q; want %q", p.Column, p.Caption, want[p.Column])
		}
		if got, w := PanelTitle("", p, 2), p.Column+"\n"+want[p.Column]; got != w {
			t.Errorf("panel %s: title %q; want %q", p.Column, got, w)
		}
	}
	wantSaid := []string{
		"series named and coloured as the figures of stac-cartpole name and colour its variants",
		"avg_return, test_return: bands clipped to the returns CartPole-v1 can give, [0, 500]",
	}
	if !slices.Equal(res.Said, wantSaid) {
		t.Errorf("said %q;\nwant %q", res.Said, wantSaid)
	}

	// A third seed of one variant: the series are means over 3 and 2 runs
	// (STAC (m = 1)'s band, 20 ± 20 and 495 ± 5, now within [0, 500]:
	// nothing clipped, none said).
	vs := slices.Clone(cartPoleVariants)
	vs[0].returns = append(slices.Clone(vs[0].returns), [2]float64{20, 495})
	mixed := filepath.Join(root, "mixed")
	writeRepro(t, mixed, "stac-cartpole", vs)
	panels, _, err := Build(Options{Dirs: []string{mixed}, Y: []string{"avg_return"}})
	if err != nil {
		t.Fatal(err)
	}
	p := panels[0]
	if w := "mean ± 1 sd band over each line's runs, n = 2 to 3 (in the legend)"; p.Caption != w {
		t.Errorf("mixed: caption %q; want %q", p.Caption, w)
	}
	var names []string
	for _, s := range p.Series {
		names = append(names, s.Name)
	}
	if w := []string{"AC (m = 80) (n = 2)", "STAC (m = 1) (n = 3)", "STAC (m = 80) (n = 2)"}; !slices.Equal(names, w) || !slices.Equal(p.Runs, []int{2, 3, 2}) {
		t.Errorf("mixed: series %q, runs %v; want %q, [2 3 2]", names, p.Runs, w)
	}

	for _, o := range []Options{{Dirs: []string{rep}, EachSeed: true}, {Dirs: []string{filepath.Join(rep, "ac-m80", "seed1")}}} {
		panels, _, err := Build(o)
		if err != nil {
			t.Fatal(err)
		}
		if c := panels[0].Caption; c != "one run per line, no band" {
			t.Errorf("%v each seed %v: caption %q; want one run per line, no band", o.Dirs, o.EachSeed, c)
		}
	}
	// Pendulum's returns are bounded above only.
	if got := rangeText(repro.ReturnBounds("Pendulum-v1")); got != "≤ 0" {
		t.Errorf("Pendulum-v1: %q; want ≤ 0", got)
	}
	if got := boundsText("Acrobot-v1", -500, 0); !strings.HasSuffix(got, "[-500, 0]") {
		t.Errorf("Acrobot-v1: %q", got)
	}
}
