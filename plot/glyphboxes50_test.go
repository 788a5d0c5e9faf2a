package plot

import (
	"testing"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// TestDenseLineGlyphBoxes50: gonum pads the data area so that the glyph
// boxes at its extremes fit, dropping the boxes of points outside the
// axes. denseLine gives boxes at the extreme points only (a box for each
// point allocated gigabytes); taken over all points, a path leaving a
// phase portrait's Region had its extremes outside, dropped, and the data
// area lost the padding of the points at the Region's edge (the figure
// moved by half a point). The extremes of the boxes gonum keeps (least
// and greatest X and Y) are now those of plotter.Line's, exactly.
func TestDenseLineGlyphBoxes50(t *testing.T) {
	x := []float64{0.2, 0.5, 0.99, 1.0, 1.3, 1.6, 1.2, 0.5, -0.3, 0.01}
	y := []float64{0.2, 0.4, 0.6, 0.8, 0.99, 1.3, -0.5, 0.001, 0.5, 1.2}
	for _, r := range []Rect{{0, 1, 0, 1}, {-1, 2, -1, 2}, {0.4, 0.6, 0.3, 0.7}} {
		extremes := func(add func(p *gplot.Plot, l *plotter.Line)) [4]float64 {
			p := gplot.New()
			l, err := plotter.NewLine(xys(x, y))
			if err != nil {
				t.Fatal(err)
			}
			l.LineStyle.Width = vg.Points(1.5)
			add(p, l)
			setRegion(p, r)
			e := [4]float64{2, -1, 2, -1}
			for _, b := range p.GlyphBoxes(p) {
				e[0], e[1] = min(e[0], b.X), max(e[1], b.X)
				e[2], e[3] = min(e[2], b.Y), max(e[3], b.Y)
			}
			return e
		}
		want := extremes(func(p *gplot.Plot, l *plotter.Line) { p.Add(l) })
		got := extremes(func(p *gplot.Plot, l *plotter.Line) { p.Add(denseLine{l}) })
		if got != want {
			t.Errorf("region %+v: glyph boxes span x %v…%v, y %v…%v; plotter.Line's %v…%v, %v…%v", r, got[0], got[1], got[2], got[3], want[0], want[1], want[2], want[3])
		}
	}
}
