package plot

import (
	"errors"
	"fmt"
	"image/color"
	"math"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Path is a trajectory in the (x, y) plane, e.g. the strategies (x_k, y_k)
// of a learning run. Its first point is marked as the start.
type Path struct {
	// Name is the legend label; a path without a name has no legend entry.
	Name string
	// X and Y hold the points in order; at least one, of equal length.
	X, Y []float64
	// Continues marks a path that goes on from the one before it (a
	// trajectory on a torus, cut where it wraps around an edge): it is
	// drawn in that path's colour, with no start ring and no legend entry.
	// Continues on the first path is ignored.
	Continues bool
}

// PointSet is a named kind of marked point, e.g. all the differential
// Stackelberg equilibria ("DSE") found in a game. Each set gets its own
// marker shape and one legend entry.
type PointSet struct {
	// Name labels the set in the legend.
	Name string
	// X and Y hold the points; of equal length (empty draws nothing but the
	// legend entry).
	X, Y []float64
}

// Curve is the zero-level curve g(x, y) = 0 of a function, e.g. D₂f₂ = 0,
// traced by Contour over the figure's Region. A G that does not cross zero
// in the Region is drawn as nothing, its legend entry (no line) noted "(no
// zero crossing in the region)", or "(zero throughout the region)" where G
// is 0 at every grid point; a G that is NaN or infinite in every grid cell
// is an error.
type Curve struct {
	// Name labels the curve in the legend.
	Name string
	// G is the function whose zero level is drawn.
	G func(x, y float64) float64
}

// PhaseFigure is a figure of trajectories in the (x, y) plane with
// equilibria and zero-level curves.
type PhaseFigure struct {
	Frame
	// Paths are drawn in the palette colours without its black (the colour
	// of the Curves and of the first point set), the 7th to 12th dotted
	// and later ones in the further patterns of LinesFigure.Series, each
	// with its start marked
	// by a ring; a path that Continues the one before takes its colour and
	// has no ring. With a Region, a trajectory (a path and those that
	// Continue it) wholly outside it keeps its legend entry, without a
	// line and noted "(outside the region)", and the "start" entry is left
	// out if no start is in the Region.
	Paths []Path
	// Points are drawn on top of everything else, one marker shape per set
	// (filled triangle, square, diamond, circle, then cross and plus). With
	// a Region, a set with points, none of them in it, keeps its legend
	// entry noted "(outside the region)", without a marker.
	Points []PointSet
	// Curves are drawn below the paths, in black: solid, dashed, dotted,
	// dash-dotted in turn.
	Curves []Curve
	// Region is the rectangle shown (and over which Curves are traced). If
	// it is zero the axes fit the data, with 4 % of their span to spare on
	// each side; it is required when there are Curves. A path reaching
	// far outside it (a diverging run, towards 1e307) is drawn up to its
	// edge.
	Region Rect
	// Grid is the number of marching-squares cells per axis for Curves;
	// 0 means 200; at most 4096 (see MaxContourCells).
	Grid int
}

// markerWeight is how many curve points a marker (a start ring, an
// equilibrium) counts for when the legend's corner is chosen: a legend
// over a marker hides it, over a curve only a stretch of it.
const markerWeight = 1000

// DefaultGrid is the number of cells per axis PhaseFigure.Grid defaults to.
const DefaultGrid = 200

// maxGrid is the largest PhaseFigure.Grid: maxGrid² = MaxContourCells.
const maxGrid = 4096

// Phase returns the figure of f. It returns an error if f has nothing to
// draw (no Paths, Curves or Region, and no point in any point set), a path
// or point set has mismatched lengths or values that are not finite, a
// curve has no function or one that is NaN or infinite in every grid cell
// of the Region (see Contour), there are curves but no Region, Region or
// Grid is invalid, or (without Region) the data are so far apart that an
// axis range overflows float64.
func Phase(f PhaseFigure) (*gplot.Plot, error) {
	if len(f.Paths) == 0 && len(f.Points) == 0 && len(f.Curves) == 0 {
		return nil, errors.New("plot: Phase: nothing to draw (no Paths, Points or Curves)")
	}
	if !f.Region.IsZero() {
		if err := f.Region.check("Phase: Region"); err != nil {
			return nil, err
		}
	}
	grid := f.Grid
	if grid == 0 {
		grid = DefaultGrid
	}
	if grid < 2 || grid > MaxContourCells/grid {
		return nil, fmt.Errorf("plot: Phase: Grid = %d, want 2 to %d (MaxContourCells = %d cells)", f.Grid, maxGrid, MaxContourCells)
	}
	if len(f.Curves) > 0 && f.Region.IsZero() {
		return nil, errors.New("plot: Phase: Curves need a Region to be traced over")
	}

	fig, err := newFigure(f.Frame, "Phase")
	if err != nil {
		return nil, err
	}
	for i, cv := range f.Curves {
		what := name("Curves", i, cv.Name)
		if cv.G == nil {
			return nil, fmt.Errorf("plot: %s: G is nil", what)
		}
		lines, smp, err := contour(cv.G, 0, f.Region, grid, grid)
		if err != nil {
			return nil, err // not reached: G, Region and Grid are checked
		}
		if err := smp.undefined("Phase: "+what+": G", "Region", f.Region); err != nil {
			return nil, err
		}
		if len(lines) == 0 {
			// Defined but without a zero crossing in the region: a fact,
			// not an error, but no line to show in the legend.
			note := noCrossingNote
			if !smp.nonzero {
				note = zeroEverywhereNote
			}
			fig.entry(noted(cv.Name, note))
			continue
		}
		sty := draw.LineStyle{Color: color.Black, Width: vg.Points(1.4), Dashes: curveDashes[i%len(curveDashes)]}
		fig.p.Add(&polylines{lines: lines, style: sty})
		for _, l := range lines {
			fig.data = append(fig.data, dataPoints{pts: xys(l.X, l.Y), joined: true})
		}
		fig.entry(cv.Name, lineThumb(sty))
	}
	if f.Region.IsZero() && len(f.Paths) == 0 {
		empty := true
		for _, ps := range f.Points {
			empty = empty && len(ps.X) == 0 && len(ps.Y) == 0
		}
		if empty {
			// (Drew empty axes over [−1, 1] with the sets' legend entries.)
			return nil, fmt.Errorf("plot: Phase: nothing to draw: all %d point sets are empty and there are no Paths, Curves or Region", len(f.Points))
		}
	}
	if err := fig.addPathsIn(f.Paths, f.Region); err != nil {
		return nil, err
	}
	if err := fig.addPointsIn(f.Points, f.Region); err != nil {
		return nil, err
	}
	if !f.Region.IsZero() {
		setRegion(fig.p, f.Region)
	} else {
		// Fitted to the data, padded by 4 % of the span on each side: a
		// start ring or an equilibrium at the edge of the data (where a
		// trajectory ends) was cut by the axes and the figure's border.
		// (Padding also gives data on one line a range: gonum's own ±1
		// left an axis of zero span, all points at NaN, from |v| = 2^53.)
		x, y := [2]float64{fig.p.X.Min, fig.p.X.Max}, [2]float64{fig.p.Y.Min, fig.p.Y.Max}
		padAxis(&fig.p.X, 0.04)
		padAxis(&fig.p.Y, 0.04)
		if err := checkAxes("Phase", fig.p, x, y); err != nil {
			return nil, err
		}
	}
	return fig.finish(), nil
}

// curveDashes are the dash patterns of successive zero-level curves.
var curveDashes = [][]vg.Length{
	nil,
	{vg.Points(6), vg.Points(3)},
	{vg.Points(1.5), vg.Points(2.5)},
	{vg.Points(6), vg.Points(2.5), vg.Points(1.5), vg.Points(2.5)},
}

// setRegion fixes the axes to r.
func setRegion(p *gplot.Plot, r Rect) {
	p.X.Min, p.X.Max = r.XMin, r.XMax
	p.Y.Min, p.Y.Max = r.YMin, r.YMax
}

// pathPalette holds the colours of paths: the palette without its black,
// which the zero-level curves and the first point set's markers use (a
// black path reads as a curve).
var pathPalette = palette[:len(palette)-1]

// pathColors returns the colour of each path: the next colour of
// pathPalette for each path that starts a trajectory, the colour of the
// path before for one that Continues it.
func pathColors(paths []Path) []color.Color {
	out := make([]color.Color, len(paths))
	for i, k := range trajectories(paths) {
		out[i] = pathPalette[k%len(pathPalette)]
	}
	return out
}

// pathDashes returns the dash pattern of each path: solid on the first
// pass of its trajectory's colour through pathPalette, the patterns of
// wrapDashes on later ones (the 7th path was drawn exactly as the 1st).
func pathDashes(paths []Path) [][]vg.Length {
	out := make([][]vg.Length, len(paths))
	for i, k := range trajectories(paths) {
		out[i] = wrapDashes(k, len(pathPalette))
	}
	return out
}

// trajectories returns the number of the trajectory of each path: one
// more than the path before's for a path that starts one, the same for
// one that Continues it.
func trajectories(paths []Path) []int {
	out := make([]int, len(paths))
	k := -1
	for i, pa := range paths {
		if !pa.Continues || i == 0 {
			k++
		}
		out[i] = k
	}
	return out
}

// Legend notes of curves and paths that are not drawn (see noted).
const (
	noCrossingNote     = "no zero crossing in the region"
	zeroEverywhereNote = "zero throughout the region"
	outsideNote        = "outside the region"
)

// noted returns a legend name with a note in parentheses; "" stays "" (no
// entry).
func noted(name, note string) string {
	if name == "" {
		return ""
	}
	return name + " (" + note + ")"
}

// addPathsIn adds the paths in pathColors, each with a ring at its start
// (none where it continues the path before), with their legend entries
// plus one "start" entry. If region is not zero, it is the rectangle
// shown: a trajectory (a path with the paths that Continue it) wholly
// outside it keeps its legend entry, without a line and noted "(outside the
// region)", and the "start" entry is left out unless some start is in it.
func (fig *figure) addPathsIn(paths []Path, region Rect) error {
	for i, pa := range paths {
		if err := checkXY(name("Paths", i, pa.Name), pa.X, pa.Y); err != nil {
			return err
		}
	}
	// seen[i]: some piece of the trajectory that path i starts or continues
	// is in region.
	seen := make([]bool, len(paths))
	anyStart := region.IsZero()
	for i := len(paths) - 1; i >= 0; i-- {
		pa := paths[i]
		seen[i] = region.IsZero() || pathMeets(pa.X, pa.Y, region)
		if i+1 < len(paths) && paths[i+1].Continues {
			seen[i] = seen[i] || seen[i+1]
		}
		if (!pa.Continues || i == 0) && !anyStart {
			anyStart = region.has(pa.X[0], pa.Y[0])
		}
	}
	var starts []gplot.Plotter
	colors, dashes := pathColors(paths), pathDashes(paths)
	for i, pa := range paths {
		what := name("Paths", i, pa.Name)
		col := colors[i]
		l, err := plotter.NewLine(xys(pa.X, pa.Y))
		if err != nil {
			return fmt.Errorf("plot: %s: %w", what, err)
		}
		l.LineStyle = draw.LineStyle{Color: col, Width: vg.Points(1.5), Dashes: dashes[i]}
		s, err := plotter.NewScatter(xys(pa.X[:1], pa.Y[:1]))
		if err != nil {
			return fmt.Errorf("plot: %s: %w", what, err)
		}
		s.GlyphStyle = draw.GlyphStyle{Color: col, Radius: vg.Points(4.5), Shape: thickRing{}}
		fig.p.Add(denseLine{l})
		fig.data = append(fig.data, dataPoints{pts: l.XYs, joined: true})
		if pa.Continues && i > 0 {
			continue
		}
		starts = append(starts, s)
		fig.data = append(fig.data, dataPoints{pts: s.XYs, weight: markerWeight})
		if !seen[i] {
			fig.entry(noted(pa.Name, outsideNote))
			continue
		}
		fig.entry(pa.Name, l)
	}
	fig.p.Add(starts...)
	if len(paths) > 0 && anyStart {
		fig.entry("start", glyphThumb(draw.GlyphStyle{Color: color.Gray{Y: 60}, Radius: vg.Points(4.5), Shape: thickRing{}}))
	}
	return nil
}

// pointShapes are the marker shapes of successive point sets.
var pointShapes = []draw.GlyphDrawer{
	draw.PyramidGlyph{}, draw.BoxGlyph{}, diamondGlyph{}, draw.CircleGlyph{},
	draw.CrossGlyph{}, draw.PlusGlyph{},
}

// pointColors are the marker colours of successive point sets: dark, so
// that they stand out on the palette colours of the paths.
var pointColors = []color.Color{color.Black, rgb(0x8B0000), rgb(0x1F3A93), rgb(0x3B3B3B)}

// addPointsIn adds the point sets, one marker shape each, outlined in
// white, with their legend entries. If region is not zero, it is the
// rectangle shown: a set with points, none of them in it, keeps its legend
// entry, without a marker and noted "(outside the region)" (an empty set
// keeps its marker: it tells that there are none).
func (fig *figure) addPointsIn(sets []PointSet, region Rect) error {
	for i, ps := range sets {
		what := name("Points", i, ps.Name)
		if len(ps.X) != len(ps.Y) {
			return fmt.Errorf("plot: %s: len(Y) = %d, want len(X) = %d", what, len(ps.Y), len(ps.X))
		}
		if err := checkFinite(what, "X", ps.X); err != nil {
			return err
		}
		if err := checkFinite(what, "Y", ps.Y); err != nil {
			return err
		}
		sty := draw.GlyphStyle{
			Color:  pointColors[i%len(pointColors)],
			Radius: vg.Points(5.5),
			Shape:  outlined{pointShapes[i%len(pointShapes)]},
		}
		if len(ps.X) > 0 {
			s, err := plotter.NewScatter(xys(ps.X, ps.Y))
			if err != nil {
				return fmt.Errorf("plot: %s: %w", what, err)
			}
			s.GlyphStyle = sty
			fig.p.Add(s)
			fig.data = append(fig.data, dataPoints{pts: s.XYs, weight: markerWeight})
			if !region.IsZero() && !anyIn(ps.X, ps.Y, region) {
				fig.entry(noted(ps.Name, outsideNote))
				continue
			}
		}
		fig.entry(ps.Name, glyphThumb(sty))
	}
	return nil
}

// polylines is a plotter that strokes contour polylines in one style.
type polylines struct {
	lines []Polyline
	style draw.LineStyle
}

// Plot implements gplot.Plotter.
func (pl *polylines) Plot(c draw.Canvas, p *gplot.Plot) {
	trX, trY := p.Transforms(&c)
	for _, l := range pl.lines {
		pts := make([]vg.Point, len(l.X))
		for i := range l.X {
			pts[i] = vg.Point{X: trX(l.X[i]), Y: trY(l.Y[i])}
		}
		c.StrokeLines(pl.style, c.ClipLinesXY(pts)...)
	}
}

// lineThumb is a legend thumbnail of a line style.
type lineThumb draw.LineStyle

// Thumbnail implements gplot.Thumbnailer.
func (t lineThumb) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(draw.LineStyle(t), c.Min.X, y, c.Max.X, y)
}

// glyphThumb is a legend thumbnail of a marker.
type glyphThumb draw.GlyphStyle

// Thumbnail implements gplot.Thumbnailer.
func (t glyphThumb) Thumbnail(c *draw.Canvas) {
	c.DrawGlyph(draw.GlyphStyle(t), c.Center())
}

// outlined draws a glyph over a slightly larger white copy of itself, so
// that markers stay visible where they sit on lines of any colour.
type outlined struct{ draw.GlyphDrawer }

// DrawGlyph implements draw.GlyphDrawer.
func (o outlined) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	halo := sty
	halo.Color = color.White
	halo.Radius += vg.Points(1.5)
	o.GlyphDrawer.DrawGlyph(c, halo, pt)
	o.GlyphDrawer.DrawGlyph(c, sty, pt)
}

// diamondGlyph is a filled diamond (a square on its corner).
type diamondGlyph struct{}

// DrawGlyph implements draw.GlyphDrawer.
func (diamondGlyph) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	c.SetColor(sty.Color)
	r := sty.Radius * 1.2
	var p vg.Path
	p.Move(vg.Point{X: pt.X, Y: pt.Y + r})
	p.Line(vg.Point{X: pt.X + r, Y: pt.Y})
	p.Line(vg.Point{X: pt.X, Y: pt.Y - r})
	p.Line(vg.Point{X: pt.X - r, Y: pt.Y})
	p.Close()
	c.Fill(p)
}

// thickRing is a ring drawn with a line width of 0.4 times its radius
// (gonum's RingGlyph uses a hairline).
type thickRing struct{}

// DrawGlyph implements draw.GlyphDrawer.
func (thickRing) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	c.SetLineStyle(draw.LineStyle{Color: sty.Color, Width: sty.Radius / 2.5})
	var p vg.Path
	p.Move(vg.Point{X: pt.X + sty.Radius, Y: pt.Y})
	p.Arc(pt, sty.Radius, 0, 2*math.Pi)
	p.Close()
	c.Stroke(p)
}

// has reports whether (x, y) lies in the closed rectangle r.
func (r Rect) has(x, y float64) bool {
	return r.XMin <= x && x <= r.XMax && r.YMin <= y && y <= r.YMax
}

// anyIn reports whether some point (x[i], y[i]) lies in r.
func anyIn(x, y []float64, r Rect) bool {
	for i := range x {
		if r.has(x[i], y[i]) {
			return true
		}
	}
	return false
}

// pathMeets reports whether the polyline through the points (x[i], y[i])
// has a point in or passes through the closed rectangle r: a path whose
// points all lie outside r may still cross it. (Data coordinates as page
// lengths for segmentMeets: both are float64.)
func pathMeets(x, y []float64, r Rect) bool {
	if anyIn(x, y, r) {
		return true
	}
	box := vg.Rectangle{
		Min: vg.Point{X: vg.Length(r.XMin), Y: vg.Length(r.YMin)},
		Max: vg.Point{X: vg.Length(r.XMax), Y: vg.Length(r.YMax)},
	}
	for i := 1; i < len(x); i++ {
		a := vg.Point{X: vg.Length(x[i-1]), Y: vg.Length(y[i-1])}
		b := vg.Point{X: vg.Length(x[i]), Y: vg.Length(y[i])}
		if segmentMeets(a, b, box) {
			return true
		}
	}
	return false
}
