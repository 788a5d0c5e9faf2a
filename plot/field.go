package plot

import (
	"errors"
	"fmt"
	"image/color"
	"math"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// FieldFigure is a quiver plot of a 2-D vector field with trajectories and
// marked points overlaid.
type FieldFigure struct {
	Frame
	// Field gives the vector (u, v) at (x, y); for learning dynamics, the
	// update direction (e.g. the negative gradients). Required. Where it is
	// NaN or infinite no arrow is drawn (nowhere finite is an error).
	Field func(x, y float64) (u, v float64)
	// Region is the rectangle shown, split into Arrows×Arrows cells with one
	// arrow at the centre of each. Required.
	Region Rect
	// Arrows is the number of arrows per axis; 0 means 20; at most
	// MaxArrows.
	Arrows int
	// Normalize draws every arrow at the same length, showing direction
	// only; otherwise lengths are proportional to |(u, v)|.
	Normalize bool
	// Paths and Points are drawn over the arrows as in PhaseFigure (one
	// wholly outside Region keeps its legend entry, noted "(outside the
	// region)").
	Paths  []Path
	Points []PointSet
}

// DefaultArrows is the number of arrows per axis FieldFigure.Arrows
// defaults to.
const DefaultArrows = 20

// MaxArrows is the most arrows per axis VectorField draws (a million
// arrows, each under a pixel at any paper size): more is an error rather
// than an allocation of n² vectors that exhausts memory.
const MaxArrows = 1000

// VectorField returns the figure of f: an arrow centred in each grid cell,
// pointing along the field, the longest one (or, with Normalize, every one)
// 90% of the cell in length, measured on the page so that arrows fit their
// cells whatever the axes' scales. Directions are those of (u, v) in data
// coordinates as drawn. It returns an error if Field is nil, Region is
// empty or not finite, Arrows is below 1 or above MaxArrows, Field is NaN or
// infinite at every arrow, or a path or point set is invalid (see Phase).
func VectorField(f FieldFigure) (*gplot.Plot, error) {
	if f.Field == nil {
		return nil, errors.New("plot: VectorField: Field is nil")
	}
	if err := f.Region.check("VectorField: Region"); err != nil {
		return nil, err
	}
	n := f.Arrows
	if n == 0 {
		n = DefaultArrows
	}
	if n < 1 || n > MaxArrows {
		return nil, fmt.Errorf("plot: VectorField: Arrows = %d, want 1 to MaxArrows = %d", f.Arrows, MaxArrows)
	}
	q := &quiver{region: f.Region, n: n, normalize: f.Normalize}
	q.x, q.y = make([]float64, n), make([]float64, n)
	for i := 0; i < n; i++ {
		q.x[i] = f.Region.XMin + (f.Region.XMax-f.Region.XMin)*(float64(i)+0.5)/float64(n)
		q.y[i] = f.Region.YMin + (f.Region.YMax-f.Region.YMin)*(float64(i)+0.5)/float64(n)
	}
	q.u, q.v = make([]float64, n*n), make([]float64, n*n)
	defined := false
	for j, y := range q.y {
		for i, x := range q.x {
			u, v := f.Field(x, y)
			q.u[j*n+i], q.v[j*n+i] = u, v
			defined = defined || !math.IsNaN(u) && !math.IsInf(u, 0) && !math.IsNaN(v) && !math.IsInf(v, 0)
		}
	}
	if !defined {
		// (A field undefined everywhere drew an empty region, without
		// a word.)
		u, v := q.u[0], q.v[0]
		return nil, fmt.Errorf("plot: VectorField: Field is NaN or infinite at all %d×%d arrow points of Region %+v (at (%g, %g): (%v, %v)): no arrow to draw", n, n, f.Region, q.x[0], q.y[0], u, v)
	}

	fig, err := newFigure(f.Frame, "VectorField")
	if err != nil {
		return nil, err
	}
	fig.p.Add(q)
	if err := fig.addPathsIn(f.Paths, f.Region); err != nil {
		return nil, err
	}
	if err := fig.addPointsIn(f.Points, f.Region); err != nil {
		return nil, err
	}
	setRegion(fig.p, f.Region)
	return fig.finish(), nil
}

// quiver is a plotter of arrows at the centres of an n×n grid of cells.
type quiver struct {
	region    Rect
	n         int
	normalize bool
	x, y      []float64 // cell centres
	u, v      []float64 // u[j*n+i] at (x[i], y[j])
}

// arrowColor is the colour of quiver arrows: grey, so trajectories drawn
// over them stand out.
var arrowColor = color.Gray{Y: 115}

// Plot implements gplot.Plotter.
func (q *quiver) Plot(c draw.Canvas, p *gplot.Plot) {
	trX, trY := p.Transforms(&c)
	r := q.region
	// Page lengths per data unit, and the page size of a cell.
	sx := float64(trX(r.XMax)-trX(r.XMin)) / (r.XMax - r.XMin)
	sy := float64(trY(r.YMax)-trY(r.YMin)) / (r.YMax - r.YMin)
	cell := math.Min(sx*(r.XMax-r.XMin), sy*(r.YMax-r.YMin)) / float64(q.n)

	// The vectors are divided by their largest finite component m first,
	// so that page lengths neither overflow (a field of 1e308 would give
	// infinite lengths and no arrows) nor underflow (a subnormal field
	// would give an infinite scale and NaN coordinates).
	finite := func(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
	m := 0.0
	for k := range q.u {
		if finite(q.u[k]) && finite(q.v[k]) {
			m = math.Max(m, math.Max(math.Abs(q.u[k]), math.Abs(q.v[k])))
		}
	}
	if m == 0 {
		return
	}
	longest := 0.0
	for k := range q.u {
		if l := math.Hypot(q.u[k]/m*sx, q.v[k]/m*sy); finite(l) {
			longest = math.Max(longest, l)
		}
	}
	c.SetColor(arrowColor)
	c.SetLineStyle(draw.LineStyle{Color: arrowColor, Width: vg.Points(0.9)})
	for j, y := range q.y {
		for i, x := range q.x {
			du, dv := q.u[j*q.n+i]/m*sx, q.v[j*q.n+i]/m*sy
			l := math.Hypot(du, dv)
			if l == 0 || !finite(l) {
				continue
			}
			if q.normalize {
				du, dv = du/l, dv/l // (0.9·cell/l may overflow)
			} else {
				du, dv = du/longest, dv/longest
			}
			drawArrow(c, vg.Point{X: trX(x), Y: trY(y)}, du*0.9*cell, dv*0.9*cell)
		}
	}
}

// drawArrow draws an arrow of page vector (dx, dy) centred on mid, with a
// filled head a third of its length (at most 6 pt) long.
func drawArrow(c draw.Canvas, mid vg.Point, dx, dy float64) {
	l := math.Hypot(dx, dy)
	ux, uy := dx/l, dy/l
	head := math.Min(l/3, 6)
	from := vg.Point{X: mid.X - vg.Length(dx/2), Y: mid.Y - vg.Length(dy/2)}
	tip := vg.Point{X: mid.X + vg.Length(dx/2), Y: mid.Y + vg.Length(dy/2)}
	base := vg.Point{X: tip.X - vg.Length(ux*head), Y: tip.Y - vg.Length(uy*head)}

	var shaft vg.Path
	shaft.Move(from)
	shaft.Line(base)
	c.Stroke(shaft)

	w := head * 0.45 // half-width of the head
	var h vg.Path
	h.Move(tip)
	h.Line(vg.Point{X: base.X - vg.Length(uy*w), Y: base.Y + vg.Length(ux*w)})
	h.Line(vg.Point{X: base.X + vg.Length(uy*w), Y: base.Y - vg.Length(ux*w)})
	h.Close()
	c.Fill(h)
}

// DataRange implements gplot.DataRanger: the field's region.
func (q *quiver) DataRange() (xmin, xmax, ymin, ymax float64) {
	return q.region.XMin, q.region.XMax, q.region.YMin, q.region.YMax
}
