package plot

import (
	"fmt"
	"image/color"
	"math"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Frame is what every figure has besides its data: a title, the axis
// labels and the legend's place. The zero value draws no title or labels and
// puts the legend in the top-right corner.
type Frame struct {
	Title  string
	XLabel string
	YLabel string
	// Legend is the corner of the data area that holds the legend; the
	// legend lists every named series, path, point set and curve.
	Legend Corner
}

// Corner places a legend inside the data area.
type Corner int

// The legend places; TopRight is the zero value.
const (
	TopRight Corner = iota
	TopLeft
	BottomRight
	BottomLeft
	// NoLegend draws no legend.
	NoLegend
)

// Text sizes and line widths of every figure, chosen to stay readable when a
// figure of the default size (6×4 in) is scaled to one column of a paper.
const (
	titleSize  = 14
	labelSize  = 13
	tickSize   = 11
	legendSize = 11
	lineWidth  = 1.8
)

// textFont is the font of all text: Liberation Sans, which gonum/plot ships.
var textFont = font.Font{Typeface: "Liberation", Variant: "Sans"}

// palette holds the colours given to series and paths in turn: the
// Okabe–Ito colour-blind-safe palette without its yellow, which is too pale
// on white, then black.
var palette = []color.Color{
	rgb(0x0072B2), // blue
	rgb(0xD55E00), // vermilion
	rgb(0x009E73), // bluish green
	rgb(0xCC79A7), // reddish purple
	rgb(0xE69F00), // orange
	rgb(0x56B4E9), // sky blue
	rgb(0x000000), // black
}

// colorAt returns the palette colour of the i-th series or path.
func colorAt(i int) color.Color { return palette[i%len(palette)] }

func rgb(h uint32) color.RGBA {
	return color.RGBA{R: uint8(h >> 16), G: uint8(h >> 8), B: uint8(h), A: 255}
}

// withAlpha returns c at opacity a ∈ [0, 1], premultiplied as color.RGBA wants.
func withAlpha(c color.Color, a float64) color.Color {
	r, g, b, _ := c.RGBA()
	return color.RGBA{
		R: uint8(float64(r>>8) * a), G: uint8(float64(g>>8) * a), B: uint8(float64(b>>8) * a),
		A: uint8(255 * a),
	}
}

// newPlot returns an empty gonum plot with the fonts, grid and legend of
// every figure in this package. Data plotters are added after it, then
// finish adds the legend.
func newPlot(f Frame) *gplot.Plot {
	p := gplot.New()
	p.Title.Text = f.Title
	p.Title.TextStyle.Font = font.From(textFont, titleSize)
	p.Title.Padding = vg.Points(6)
	for _, ax := range []*gplot.Axis{&p.X, &p.Y} {
		ax.Label.TextStyle.Font = font.From(textFont, labelSize)
		ax.Tick.Label.Font = font.From(textFont, tickSize)
		ax.Label.Padding = vg.Points(4)
		ax.Padding = 0
	}
	p.X.Label.Text = f.XLabel
	p.Y.Label.Text = f.YLabel
	g := plotter.NewGrid()
	g.Vertical.Color = color.Gray{Y: 225}
	g.Horizontal.Color = color.Gray{Y: 225}
	g.Vertical.Width = vg.Points(0.6)
	g.Horizontal.Width = vg.Points(0.6)
	p.Add(g)
	return p
}

// legendEntry is one line of a legend.
type legendEntry struct {
	name   string
	thumbs []gplot.Thumbnailer
}

// finish adds the legend of the named entries to p, drawn last, in the
// frame's corner of the data area on a white box so that it stays readable
// over the data.
func finish(p *gplot.Plot, f Frame, entries []legendEntry) {
	if f.Legend == NoLegend || len(entries) == 0 {
		return
	}
	l := gplot.NewLegend()
	l.TextStyle.Font = font.From(textFont, legendSize)
	l.Top, l.Left = true, true
	l.ThumbnailWidth = vg.Points(24)
	l.Padding = vg.Points(2)
	for _, e := range entries {
		l.Add(e.name, e.thumbs...)
	}
	p.Add(&legendBox{legend: l, entries: entries, corner: f.Legend})
}

// legendBox is a plotter that draws a legend on a white, framed box in a
// corner of the data area. gonum's own legend has no background, so lines
// run through its text.
type legendBox struct {
	legend  gplot.Legend
	entries []legendEntry
	corner  Corner
}

// Plot implements gplot.Plotter.
func (lb *legendBox) Plot(c draw.Canvas, _ *gplot.Plot) {
	sty := lb.legend.TextStyle
	em := sty.Rectangle(" ").Max.X
	var textW, entryH vg.Length
	for _, e := range lb.entries {
		r := sty.Rectangle(e.name)
		textW = max(textW, r.Max.X)
		entryH = max(entryH, r.Max.Y)
	}
	n := vg.Length(len(lb.entries))
	inner := vg.Point{
		X: lb.legend.ThumbnailWidth + em + textW,
		Y: n*entryH + (n-1)*lb.legend.Padding + sty.FontExtents().Descent,
	}
	const margin, inset = 5, 6 // box padding and distance from the axes, in points
	size := vg.Point{X: inner.X + 2*margin, Y: inner.Y + 2*margin}

	var min vg.Point
	switch lb.corner {
	case TopLeft:
		min = vg.Point{X: c.Min.X + inset, Y: c.Max.Y - inset - size.Y}
	case BottomRight:
		min = vg.Point{X: c.Max.X - inset - size.X, Y: c.Min.Y + inset}
	case BottomLeft:
		min = vg.Point{X: c.Min.X + inset, Y: c.Min.Y + inset}
	default:
		min = vg.Point{X: c.Max.X - inset - size.X, Y: c.Max.Y - inset - size.Y}
	}
	box := vg.Rectangle{Min: min, Max: min.Add(size)}
	c.SetColor(color.RGBA{R: 255, G: 255, B: 255, A: 255})
	c.Fill(box.Path())
	c.SetLineStyle(draw.LineStyle{Color: color.Gray{Y: 180}, Width: vg.Points(0.6)})
	c.Stroke(box.Path())

	in := draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
		Min: box.Min.Add(vg.Point{X: margin, Y: margin}),
		Max: box.Max.Sub(vg.Point{X: margin, Y: margin}),
	}}
	lb.legend.Draw(in)
}

// checkXY checks that x and y are non-empty, of equal length and finite.
// what names the owner in errors, e.g. `Series[0] "AC"`.
func checkXY(what string, x, y []float64) error {
	if len(y) == 0 {
		return fmt.Errorf("plot: %s: no points (len(Y) = 0)", what)
	}
	if len(x) != len(y) {
		return fmt.Errorf("plot: %s: len(Y) = %d, want len(X) = %d", what, len(y), len(x))
	}
	if err := checkFinite(what, "X", x); err != nil {
		return err
	}
	return checkFinite(what, "Y", y)
}

// checkFinite returns an error naming the first NaN or infinite v[i].
func checkFinite(what, field string, v []float64) error {
	for i, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("plot: %s: %s[%d] = %v is not finite", what, field, i, x)
		}
	}
	return nil
}

// xys returns the points (x[i], y[i]).
func xys(x, y []float64) plotter.XYs {
	pts := make(plotter.XYs, len(x))
	for i := range x {
		pts[i] = plotter.XY{X: x[i], Y: y[i]}
	}
	return pts
}

// name quotes a series or path name for error messages, or says it has none.
func name(kind string, i int, n string) string {
	if n == "" {
		return fmt.Sprintf("%s[%d]", kind, i)
	}
	return fmt.Sprintf("%s[%d] %q", kind, i, n)
}
