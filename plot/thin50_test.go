package plot

import (
	"math"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// TestDenseSeriesThinned50: a series of 200 000 points (a long training
// curve logged every step) was drawn through every point: the SVG held
// every vertex (13 MB for a million), and a PNG of a million points took
// 2 min 14 s and 8.9 GB of allocations (gonum's rasterizer slows as
// segments pile up in a pixel; a glyph box per point on every layout
// pass). The line and its band are now drawn through at most four points
// per 0.05 pt column (thinned). The test reads the SVG back through the
// tick labels and checks that the line's vertices are at most 4 per
// column, are data points in order (0.03 pt, the SVG's precision), and
// that every data point lies within 0.05 pt + 0.03 pt of the drawn line;
// the band's outline is thinned likewise; and that the plot gives gonum
// at most 4 glyph boxes per line.
func TestDenseSeriesThinned50(t *testing.T) {
	const n = 200000
	x := make([]float64, n)
	y := make([]float64, n)
	lo := make([]float64, n)
	hi := make([]float64, n)
	for i := range y {
		x[i] = float64(i)
		// A slow wave with a fast zigzag on it: many columns hold points
		// far apart in y.
		y[i] = math.Sin(float64(i)/20000) + 0.2*math.Sin(float64(i)*0.7)
		lo[i], hi[i] = y[i]-0.5, y[i]+0.5
	}
	p, err := Lines(LinesFigure{Series: []Series{{Name: "dense", X: x, Y: y, Lo: lo, Hi: hi}}})
	if err != nil {
		t.Fatal(err)
	}
	if got := len(p.GlyphBoxes(p)); got > 4 {
		t.Errorf("the plot gives %d glyph boxes, want at most 4 (one line)", got)
	}
	base := filepath.Join(t.TempDir(), "dense")
	if _, err := Save(p, base, DefaultSize, "svg"); err != nil {
		t.Fatal(err)
	}
	d := readSVG(t, base+".svg")
	mx, my := readAxis(t, d, true, false), readAxis(t, d, false, false)
	ps := strokes(d, "#0072B2")
	if len(ps) < 1 {
		t.Fatal("no line stroked in #0072B2")
	}
	line := ps[0].pts
	// The data area is narrower than the 432 pt page.
	maxVerts := 4 * int(432/float64(thinColumn)+1)
	if len(line) > maxVerts {
		t.Errorf("line drawn through %d vertices, want at most %d (4 per %v pt column)", len(line), maxVerts, float64(thinColumn))
	}
	page := func(i int) svgPt { return svgPt{mx.a + mx.b*x[i], my.a + my.b*y[i]} }
	// The vertices are data points, in order: at[j] is the index of the
	// data point that vertex j is.
	at := vertexIndices(t, line, n, page)
	// Every data point lies within a column's width of the drawn line
	// (of the segments about the vertices around it).
	tol := float64(thinColumn) + svgTol
	worst := worstDistance(line, at, n, page)
	if !(worst <= tol) {
		t.Errorf("a data point lies %.4g pt from the drawn line, want at most %.4g", worst, tol)
	}
	for _, q := range d.paths {
		if strings.Contains(q.style, "fill:#0071B1;fill-opacity") && len(q.pts) > 2*maxVerts+1 {
			t.Errorf("band outlined through %d vertices, want at most %d", len(q.pts), 2*maxVerts+1)
		}
	}
}

// segDist is the distance from p to the segment from a to b.
func segDist(p, a, b svgPt) float64 {
	dx, dy := b.x-a.x, b.y-a.y
	u := 0.0
	if l2 := dx*dx + dy*dy; l2 > 0 {
		u = math.Max(0, math.Min(1, ((p.x-a.x)*dx+(p.y-a.y)*dy)/l2))
	}
	return math.Hypot(p.x-(a.x+u*dx), p.y-(a.y+u*dy))
}

// TestDensePathThinned50: a phase path of 200 000 points spiralling into
// an equilibrium (most of them within a pixel of it, as a learning run's
// late iterates) is drawn through fewer than 20 000 of them, each a point
// of the path in order, and every point within 0.05 pt + 0.03 pt of the
// drawn path.
func TestDensePathThinned50(t *testing.T) {
	const n = 200000
	x := make([]float64, n)
	y := make([]float64, n)
	for i := range x {
		r, a := math.Exp(-float64(i)/2000), float64(i)/50
		x[i], y[i] = 1+r*math.Cos(a), 2+r*math.Sin(a)
	}
	p, err := Phase(PhaseFigure{Paths: []Path{{Name: "long", X: x, Y: y}}})
	if err != nil {
		t.Fatal(err)
	}
	base := filepath.Join(t.TempDir(), "path")
	if _, err := Save(p, base, DefaultSize, "svg"); err != nil {
		t.Fatal(err)
	}
	d := readSVG(t, base+".svg")
	mx, my := readAxis(t, d, true, false), readAxis(t, d, false, false)
	var line []svgPt
	for _, q := range d.paths {
		if strings.Contains(q.style, "stroke:#0072B2;stroke-width:1.5") && len(q.pts) > len(line) {
			line = q.pts
		}
	}
	if len(line) == 0 || len(line) > 20000 {
		t.Fatalf("path drawn through %d vertices, want 1 to 20000", len(line))
	}
	page := func(i int) svgPt { return svgPt{mx.a + mx.b*x[i], my.a + my.b*y[i]} }
	at := vertexIndices(t, line, n, page)
	worst := worstDistance(line, at, n, page)
	if tol := float64(thinColumn) + svgTol; !(worst <= tol) {
		t.Errorf("a path point lies %.4g pt from the drawn path, want at most %.4g", worst, tol)
	}
}

// TestColumnWidth50: thinned's columns are 0.05 pt wide in an SVG and
// on a fine raster, half a pixel on a coarser one (0.24 pt at 150 dpi).
func TestColumnWidth50(t *testing.T) {
	w, h := 6*vg.Inch, 4*vg.Inch
	for _, c := range []struct {
		name   string
		canvas vg.CanvasSizer
		want   vg.Length
	}{
		{"svg", vgsvg.New(w, h), 0.05},
		{"png 150 dpi", tofuCanvas{vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(150))}}, 0.24},
		{"png 72 dpi", tofuCanvas{vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(72))}}, 0.5},
		{"png 2000 dpi", vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(w/10, h/10), vgimg.UseDPI(2000))}, 0.05},
	} {
		dc := draw.New(c.canvas)
		// (as gonum hands it to a plotter: a data area within padding)
		inner := draw.Canvas{Canvas: dc, Rectangle: dc.Rectangle}
		if got := columnWidth(inner); math.Abs(float64(got-c.want)) > 1e-12 {
			t.Errorf("%s: column %v pt, want %v", c.name, got, c.want)
		}
	}
}

// BenchmarkSaveDense saves a series of 100 000 noisy points (a training
// curve logged every step) as SVG and as PNG.
func BenchmarkSaveDense(b *testing.B) {
	const n = 100000
	y := make([]float64, n)
	for i := range y {
		y[i] = math.Log1p(float64(i)/1000) + 0.3*math.Sin(float64(i)*12.9898)
	}
	p, err := Lines(LinesFigure{Series: []Series{{Name: "dense", Y: y}}})
	if err != nil {
		b.Fatal(err)
	}
	base := filepath.Join(b.TempDir(), "dense")
	for _, f := range []string{"svg", "png"} {
		b.Run(f, func(b *testing.B) {
			for b.Loop() {
				if _, err := Save(p, base, DefaultSize, f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// vertexIndices returns, for each vertex of the drawn line, the index of
// the data point (of n, at page(i) on the page) that it is, checking that
// the vertices are data points in their order (to svgTol).
func vertexIndices(t *testing.T, line []svgPt, n int, page func(int) svgPt) []int {
	t.Helper()
	at := make([]int, len(line))
	k := 0
	for j, q := range line {
		for k < n && (math.Abs(page(k).x-q.x) > svgTol || math.Abs(page(k).y-q.y) > svgTol) {
			k++
		}
		if k == n {
			t.Fatalf("vertex %d at (%v, %v) is no data point after the previous vertex's", j, q.x, q.y)
		}
		at[j] = k
		k++
	}
	return at
}

// worstDistance returns the largest distance of a data point (of n, at
// page(i)) from the drawn line, each measured to the segments about the
// vertex at or before it (at from vertexIndices); NaN if any is.
func worstDistance(line []svgPt, at []int, n int, page func(int) svgPt) float64 {
	j, worst := 0, 0.0
	for i := range n {
		for j+1 < len(at) && at[j+1] <= i {
			j++
		}
		best := math.Inf(1)
		for s := max(0, j-3); s < min(len(line)-1, j+3); s++ {
			best = math.Min(best, segDist(page(i), line[s], line[s+1]))
		}
		if math.IsNaN(best) {
			return best
		}
		worst = math.Max(worst, best)
	}
	return worst
}
