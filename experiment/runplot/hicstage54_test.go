package runplot

import (
	"math"
	"path/filepath"
	"slices"
	"testing"
)

// hicRun is a Hi-C run of 2000 stages recorded every 200 (11 rows) on the
// Cournot game.
const hicRun = `name: hic
game: {builtin: cournot}
dynamics:
  kind: hic
  alpha: {power: {a: 0.01, b: 0, p: 0.1}}
  delta: {power: {a: 1, b: 0, p: 0.6}}
  commitment: {constant: 20}
  baseline: previous
  follower: {kind: gradient, lr: 0.1}
stages: 2000
record_every: 200
init: {uniform: {x: [[0, 50]], y: [[0, 50]]}}
`

// TestPlotHiCStagesAndMean54: the x axis of a Hi-C run's panels is
// labelled "stage" (its step column, iter, counts stages), and its
// default panels add the leader's mean strategy xm0 (what Theorem 3.6 is
// about) to the final metrics f1 and f2; the xm0 panel's line is the mean
// of the two seeds' xm0 columns (to 1e-12). A smooth run's axis is
// "iteration"; Hi-C and smooth runs in one figure name both, "iteration
// or stage".
func TestPlotHiCStagesAndMean54(t *testing.T) {
	root := t.TempDir()
	a, b := filepath.Join(root, "hic", "s1"), filepath.Join(root, "hic", "s2")
	run(t, hicRun, 1, a)
	run(t, hicRun, 2, b)
	panels, _, err := Build(Options{Dirs: []string{filepath.Join(root, "hic")}})
	if err != nil {
		t.Fatal(err)
	}
	var cols []string
	for _, p := range panels {
		cols = append(cols, p.Column)
		if p.XLabel != "stage" {
			t.Errorf("panel %s: x label %q; want stage", p.Column, p.XLabel)
		}
	}
	if !slices.Equal(cols, []string{"f1", "f2", "xm0"}) {
		t.Fatalf("default panels %v; want f1, f2, xm0", cols)
	}
	ma, mb := column(t, a, "xm0"), column(t, b, "xm0")
	s := panels[2].Series[0]
	if len(s.Y) != 11 || len(ma) != 11 {
		t.Fatalf("xm0 series of %d points, runs of %d rows; want 11", len(s.Y), len(ma))
	}
	for i := range s.Y {
		if want := (ma[i] + mb[i]) / 2; math.Abs(s.Y[i]-want) > 1e-12 {
			t.Errorf("xm0 row %d: mean %v; want %v", i, s.Y[i], want)
		}
	}

	smooth := filepath.Join(root, "duo")
	run(t, duopoly("duo", "10"), 1, smooth)
	panels, _, err = Build(Options{Dirs: []string{smooth}})
	if err != nil {
		t.Fatal(err)
	}
	if panels[0].XLabel != "iteration" {
		t.Errorf("smooth run: x label %q; want iteration", panels[0].XLabel)
	}
	panels, _, err = Build(Options{Dirs: []string{root}, Y: []string{"f1"}})
	if err != nil {
		t.Fatal(err)
	}
	if panels[0].XLabel != "iteration or stage" {
		t.Errorf("Hi-C and smooth runs: x label %q; want iteration or stage", panels[0].XLabel)
	}
}
