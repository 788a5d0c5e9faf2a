package plot

import (
	"math"
	"path/filepath"
	"strings"
	"testing"

	gplot "gonum.org/v1/plot"
)

// TestPathFarOutsideRegion50: a trajectory that diverges (a point at
// 1e307 or -1.7e308, just short of overflowing) drawn in a fixed Region
// put "NaN" coordinates in the SVG: the axis transform overflowed to ±Inf
// on the page and gonum's clipping made NaN of it. Such a path is now
// cut at a box three times the axes' size before it is drawn: the SVG
// has no NaN or Inf, and the segment from (0.5, 0.5) towards (far, 0.5)
// is drawn along y = 0.5 to the region's right edge (0.03 pt, the SVG's
// precision), in Phase and VectorField alike.
func TestPathFarOutsideRegion50(t *testing.T) {
	for _, far := range []float64{1e307, 1.7e308} {
		path := Path{Name: "diverges", X: []float64{0.5, far, -far, 0.2}, Y: []float64{0.5, 0.5, 0.5, 0.9}}
		for _, kind := range []string{"Phase", "VectorField"} {
			var p *gplot.Plot
			var err error
			switch kind {
			case "Phase":
				p, err = Phase(PhaseFigure{Paths: []Path{path}, Region: Rect{0, 1, 0, 1}})
			case "VectorField":
				p, err = VectorField(FieldFigure{Field: func(x, y float64) (float64, float64) { return 1, 0 }, Region: Rect{0, 1, 0, 1}, Paths: []Path{path}})
			}
			if err != nil {
				t.Fatal(err)
			}
			savedSVG(t, p)
			base := filepath.Join(t.TempDir(), "f")
			if _, err := Save(p, base, DefaultSize, "svg"); err != nil {
				t.Fatal(err)
			}
			d := readSVG(t, base+".svg")
			mx, my := readAxis(t, d, true, false), readAxis(t, d, false, false)
			found := false
			for _, q := range d.paths {
				if !strings.Contains(q.style, "stroke:#0072B2;stroke-width:1.5") || len(q.pts) < 2 {
					continue
				}
				a, b := q.pts[0], q.pts[1]
				if math.Abs(a.x-(mx.a+mx.b*0.5)) <= svgTol && math.Abs(a.y-(my.a+my.b*0.5)) <= svgTol &&
					math.Abs(b.x-mx.hi) <= svgTol && math.Abs(b.y-(my.a+my.b*0.5)) <= svgTol {
					found = true
				}
			}
			if !found {
				t.Errorf("%s, far %g: no stroke from (0.5, 0.5) along y = 0.5 to the right edge", kind, far)
			}
		}
	}
}
