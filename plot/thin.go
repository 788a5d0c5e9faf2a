package plot

import (
	"math"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// thinColumn is the width, on the page, of the columns in which thinned
// draws a polyline through at most four of its points: 0.05 pt, under a
// pixel up to 1440 dpi and a thirtieth of a data line's width. On a
// raster canvas the columns are half a pixel wide where that is more
// (0.24 pt in a PNG of 150 dpi; see columnWidth).
const thinColumn = vg.Length(0.05)

// columnWidth is the width of thinned's columns on c: thinColumn, or half
// a pixel of a raster canvas where that is wider. (The rasterizer's time
// grows with the segments that cross a pixel: a PNG of 150 dpi of a
// million noisy points took about 15 s with columns of 0.05 pt, 4 s with
// 0.24 pt; the SVG takes 0.7 s.)
func columnWidth(c draw.Canvas) vg.Length {
	var vc vg.Canvas = c.Canvas
	for range 64 {
		switch inner := vc.(type) {
		case interface{ DPI() float64 }:
			if px := vg.Inch / vg.Length(inner.DPI()); px/2 > thinColumn {
				return px / 2
			}
			return thinColumn
		case draw.Canvas:
			vc = inner.Canvas
		case *draw.Canvas:
			vc = inner.Canvas
		case tofuCanvas:
			vc = inner.CanvasSizer
		default:
			return thinColumn
		}
	}
	return thinColumn
}

// thinned returns the indices, in order, of the points of the polyline
// pts (page coordinates) that are drawn: of each run of consecutive points
// in one column of width w (floor(X/w) equal), every point if there are
// at most four, else its first and last point and those of its least and
// greatest Y. The polyline through them lies within w of the whole one
// and the whole one within w of it: a run's points all lie in its column
// between its least and greatest Y, which the kept points join, and the
// segments between runs are kept as they are (a band's fill, likewise,
// changes only inside such columns). A curve of a million points across
// a figure keeps at most four per column (about 64 000 across 800 pt),
// where drawing every point took minutes and gigabytes (gonum's
// rasterizer slows down as segments pile up in one pixel), and the SVG
// held every vertex. A polyline of at most four points a run on average
// (a smooth curve, whose runs are single points but near a vertical
// tangent) is kept whole, as it was drawn before: nil, which means every
// point.
func thinned(pts []vg.Point, w vg.Length) []int {
	col := func(p vg.Point) float64 { return math.Floor(float64(p.X / w)) }
	runs := 0
	for i, n := 0, len(pts); i < n; runs++ {
		j := i + 1
		for c := col(pts[i]); j < n && col(pts[j]) == c; j++ {
		}
		i = j
	}
	if len(pts) <= 4*runs {
		return nil
	}
	var keep []int
	for i, n := 0, len(pts); i < n; {
		c := col(pts[i])
		lo, hi := i, i
		j := i + 1
		for ; j < n && col(pts[j]) == c; j++ {
			if pts[j].Y < pts[lo].Y {
				lo = j
			}
			if pts[j].Y > pts[hi].Y {
				hi = j
			}
		}
		if j-i <= 4 {
			for k := i; k < j; k++ {
				keep = append(keep, k)
			}
			i = j
			continue
		}
		last := j - 1
		if lo > hi {
			lo, hi = hi, lo
		}
		for _, k := range [4]int{i, lo, hi, last} {
			if len(keep) == 0 || keep[len(keep)-1] < k {
				keep = append(keep, k)
			}
		}
		i = j
	}
	return keep
}

// pageXYs returns the page coordinates of pts on c as p transforms them.
func pageXYs(c draw.Canvas, p *gplot.Plot, pts plotter.XYs) []vg.Point {
	trX, trY := p.Transforms(&c)
	out := make([]vg.Point, len(pts))
	for i, xy := range pts {
		out[i] = vg.Point{X: trX(xy.X), Y: trY(xy.Y)}
	}
	return out
}

// pick returns pts[k] for each k of keep.
func pick(pts plotter.XYs, keep []int) plotter.XYs {
	out := make(plotter.XYs, len(keep))
	for i, k := range keep {
		out[i] = pts[k]
	}
	return out
}

// denseLine is a plotter.Line drawn through the points thinned keeps at
// the size it is drawn.
type denseLine struct{ *plotter.Line }

// Plot implements gplot.Plotter. A path reaching far outside the axes is
// drawn in the pieces clipFar leaves.
func (l denseLine) Plot(c draw.Canvas, p *gplot.Plot) {
	pieces := clipFar(l.XYs, p)
	if pieces == nil {
		pieces = []plotter.XYs{l.XYs}
	}
	for _, pts := range pieces {
		thin := *l.Line
		thin.XYs = pts
		if keep := thinned(pageXYs(c, p, pts), columnWidth(c)); keep != nil {
			thin.XYs = pick(pts, keep)
		}
		thin.Plot(c, p)
	}
}

// GlyphBoxes implements gplot.GlyphBoxer: the boxes of plotter.Line
// (half the line's width about a point) at the points of least and
// greatest x and y among those that gonum keeps (in the axes' range), the
// only ones that its padding of the data area looks at. (A box for every
// point, made on every one of the several layout passes of each drawing,
// allocated gigabytes for a million points. Extremes over all points
// lost the padding of a path that leaves a Region: gonum drops the boxes
// outside it.)
func (l denseLine) GlyphBoxes(p *gplot.Plot) []gplot.GlyphBox {
	pts := l.XYs
	if len(pts) <= 4 {
		return l.Line.GlyphBoxes(p)
	}
	kept := func(xy plotter.XY) bool {
		x, y := p.X.Norm(xy.X), p.Y.Norm(xy.Y)
		return x >= 0 && x <= 1 && y >= 0 && y <= 1
	}
	ext := [4]int{-1, -1, -1, -1} // the first least x, greatest x, least y, greatest y
	for i, xy := range pts {
		if !kept(xy) {
			continue
		}
		if ext[0] < 0 {
			ext = [4]int{i, i, i, i}
		}
		if xy.X < pts[ext[0]].X {
			ext[0] = i
		}
		if xy.X > pts[ext[1]].X {
			ext[1] = i
		}
		if xy.Y < pts[ext[2]].Y {
			ext[2] = i
		}
		if xy.Y > pts[ext[3]].Y {
			ext[3] = i
		}
	}
	if ext[0] < 0 {
		return nil
	}
	thin := *l.Line
	thin.XYs = pick(pts, ext[:])
	return thin.GlyphBoxes(p)
}

// densePolygon is a plotter.Polygon (a band) whose rings are drawn through
// the points thinned keeps at the size it is drawn, each ring as a
// polyline: its outline, and so the area filled, moves by at most
// thinColumn.
type densePolygon struct{ *plotter.Polygon }

// Plot implements gplot.Plotter.
func (g densePolygon) Plot(c draw.Canvas, p *gplot.Plot) {
	thin := *g.Polygon
	thin.XYs = make([]plotter.XYs, len(g.XYs))
	w := columnWidth(c)
	for i, ring := range g.XYs {
		thin.XYs[i] = ring
		if keep := thinned(pageXYs(c, p, ring), w); keep != nil {
			thin.XYs[i] = pick(ring, keep)
		}
	}
	thin.Plot(c, p)
}

// clipFar returns the pieces of the polyline pts that lie in the box
// three times the size of p's axes about their centre, each segment that
// crosses the box's edge cut there, or nil if every point lies in the box
// (nearly always: the axes fit the data, or a Region holds the path).
// A point far outside a Region (a trajectory diverging towards 1e307) is
// placed by gonum at ±Inf on the page, and its clipping made NaN of the
// lines' coordinates; in the box every page coordinate is finite.
func clipFar(pts plotter.XYs, p *gplot.Plot) []plotter.XYs {
	// (Halves, so that neither the span nor the box overflows.)
	cx, cy := p.X.Min/2+p.X.Max/2, p.Y.Min/2+p.Y.Max/2
	hx, hy := 1.5*(p.X.Max/2-p.X.Min/2)*2, 1.5*(p.Y.Max/2-p.Y.Min/2)*2
	b := Rect{XMin: cx - hx, XMax: cx + hx, YMin: cy - hy, YMax: cy + hy}
	if !spanFinite(b.XMin, b.XMax) || !spanFinite(b.YMin, b.YMax) || !(hx > 0 && hy > 0) {
		return nil
	}
	in := func(q plotter.XY) bool { return b.has(q.X, q.Y) }
	all := true
	for _, q := range pts {
		all = all && in(q)
	}
	if all {
		return nil
	}
	var pieces []plotter.XYs
	var cur plotter.XYs
	for i, q := range pts {
		if i == 0 {
			if in(q) {
				cur = plotter.XYs{q}
			}
			continue
		}
		a := pts[i-1]
		switch inA, inQ := in(a), in(q); {
		case inA && inQ:
			cur = append(cur, q)
		case inA: // leaves the box
			if _, t1, ok := cut(a, q, b); ok {
				cur = append(cur, along(a, q, t1, b))
			}
			pieces = append(pieces, cur)
			cur = nil
		case inQ: // comes back (cut from q, the end in the box)
			cur = plotter.XYs{q}
			if _, t1, ok := cut(q, a, b); ok {
				cur = plotter.XYs{along(q, a, t1, b), q}
			}
		default: // may cross the box
			if t0, t1, ok := cut(a, q, b); ok && t0 < t1 {
				pieces = append(pieces, plotter.XYs{along(a, q, t0, b), along(a, q, t1, b)})
			}
		}
	}
	if len(cur) > 0 {
		pieces = append(pieces, cur)
	}
	return pieces
}

// cut returns the parameters t0 ≤ t1 in [0, 1] between which the segment
// from a to c lies in b (Liang–Barsky), computed on halved coordinates so
// that no difference overflows; ok is false if it misses b.
func cut(a, c plotter.XY, b Rect) (t0, t1 float64, ok bool) {
	t0, t1 = 0, 1
	dx, dy := c.X/2-a.X/2, c.Y/2-a.Y/2
	for _, e := range [4][2]float64{
		{-dx, a.X/2 - b.XMin/2}, {dx, b.XMax/2 - a.X/2},
		{-dy, a.Y/2 - b.YMin/2}, {dy, b.YMax/2 - a.Y/2},
	} {
		pp, q := e[0], e[1]
		if pp == 0 {
			if q < 0 {
				return 0, 0, false
			}
			continue
		}
		if t := q / pp; pp < 0 {
			t0 = math.Max(t0, t)
		} else {
			t1 = math.Min(t1, t)
		}
		if t0 > t1 {
			return 0, 0, false
		}
	}
	return t0, t1, true
}

// along returns the point at parameter t of the segment from a to c,
// clamped into b (against rounding), from a: accurate where a lies in or
// near b.
func along(a, c plotter.XY, t float64, b Rect) plotter.XY {
	x := (a.X/2 + t*(c.X/2-a.X/2)) * 2
	y := (a.Y/2 + t*(c.Y/2-a.Y/2)) * 2
	return plotter.XY{X: math.Min(math.Max(x, b.XMin), b.XMax), Y: math.Min(math.Max(y, b.YMin), b.YMax)}
}
