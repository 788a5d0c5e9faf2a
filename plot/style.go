package plot

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Frame is what every figure has besides its data: a title, the axis
// labels and the legend's place. The zero value draws no title or labels and
// places the legend in the corner with the least data (Auto).
type Frame struct {
	// Title is drawn above the figure; XLabel and YLabel label the axes.
	Title  string
	XLabel string
	YLabel string
	// Legend is the corner of the data area that holds the legend; the
	// legend lists every named series, path, point set and curve. In a
	// Lines figure, a legend that would cover data gets room of its own:
	// the y range grows on the legend's side (see legendBox). A name too
	// long for the data area's width is shortened to fit, ending in "…".
	// Entries too many for the data area's height are set in columns.
	Legend Corner
	// XIntegers and YIntegers say that the axis holds integers only
	// (counts: meta-intervals, seeds, epochs, stages): it is ticked at
	// whole numbers only, and in a Lines figure spans at least two of
	// them (a range between two integers, or one point, is widened to
	// the integers around it; in other figures such a range is ticked
	// as without the flag). YIntegers cannot go with LogY.
	XIntegers, YIntegers bool
	// FontSize is the size of the tick labels in points; 0 means
	// DefaultFontSize. The rest of the text keeps its proportion to it:
	// the title is 14/11 of it, the axis labels 13/11, the legend 11/11
	// (and a Grid's cell labels 9/11). It must be positive and finite.
	// Text is set at the size given whatever the figure's size (Size):
	// a figure saved smaller keeps its text's size in points.
	FontSize float64
}

// DefaultFontSize is the tick labels' size in points of a figure whose
// Frame.FontSize is 0.
const DefaultFontSize = tickSize

// Corner places a legend inside the data area.
type Corner int

// The legend places; Auto is the zero value.
const (
	// Auto picks the corner whose legend box covers the fewest data
	// points, preferring TopRight, TopLeft, BottomRight, BottomLeft in
	// that order on ties.
	Auto Corner = iota
	// TopRight, TopLeft, BottomRight and BottomLeft name the corners.
	TopRight
	TopLeft
	BottomRight
	BottomLeft
	// NoLegend draws no legend.
	NoLegend
)

// Text sizes (at Frame.FontSize 0; scaled in proportion to another) and
// line widths of every figure, chosen to stay readable when a figure of
// the default size (6×4 in) is scaled to one column of a paper.
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
// on white, then black (named by Colour, in the same order).
var palette = []color.Color{
	rgb(0x0072B2), // blue
	rgb(0xD55E00), // vermilion
	rgb(0x009E73), // bluish green
	rgb(0xCC79A7), // reddish purple
	rgb(0xE69F00), // orange
	rgb(0x56B4E9), // sky blue
	rgb(0x000000), // black
}

// rgb returns the opaque colour 0xRRGGBB.
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

// figure collects a plot under construction with its legend entries and
// its data points (for placing the legend).
type figure struct {
	p       *gplot.Plot
	frame   Frame
	entries []legendEntry
	data    []dataPoints
	// room lets the legend grow the y range to keep off the data (Lines
	// figures; not phase portraits, whose region is the game's domain).
	room bool
}

// dataPoints are points of a figure in data coordinates; joined says that
// consecutive points are joined by line segments.
type dataPoints struct {
	pts    plotter.XYs
	joined bool
	// weight counts each point (and segment) that many times when the
	// legend's corner is chosen (0 means 1): markers such as start rings
	// and equilibria weigh more than a stretch of curve.
	weight int
}

// textSize returns the size in points of text whose size at the default
// font size is base, in a figure of frame f (f.FontSize checked).
func (f Frame) textSize(base float64) vg.Length {
	if f.FontSize == 0 {
		return vg.Length(base)
	}
	return vg.Length(base * f.FontSize / DefaultFontSize)
}

// MaxFontSize is the largest Frame.FontSize a figure takes, in points:
// text sizes scale with it, and a figure of 10⁴-point text took 52 s to
// draw.
const MaxFontSize = 1000

// checkFontSize returns an error naming who if f.FontSize is negative,
// not finite or above MaxFontSize.
func (f Frame) checkFontSize(who string) error {
	if !(f.FontSize >= 0 && f.FontSize <= MaxFontSize) {
		return fmt.Errorf("plot: %s: Frame.FontSize = %v, want positive and finite points up to %d (0: %v)", who, f.FontSize, MaxFontSize, DefaultFontSize)
	}
	return nil
}

// newFigure returns an empty figure with the fonts, ticks and grid of every
// figure in this package, or an error naming who if f.FontSize is not
// valid. Data plotters are added to fig.p after it, then finish adds the
// legend.
func newFigure(f Frame, who string) (*figure, error) {
	if err := f.checkFontSize(who); err != nil {
		return nil, err
	}
	p := gplot.New()
	p.Title.Text = glyphSafe(f.Title)
	p.Title.TextStyle.Font = font.From(textFont, f.textSize(titleSize))
	p.Title.Padding = vg.Points(6)
	for _, a := range []struct {
		ax       *gplot.Axis
		integers bool
	}{{&p.X, f.XIntegers}, {&p.Y, f.YIntegers}} {
		ax := a.ax
		ax.Label.TextStyle.Font = font.From(textFont, f.textSize(labelSize))
		ax.Tick.Label.Font = font.From(textFont, f.textSize(tickSize))
		ax.Label.Padding = vg.Points(4)
		ax.Padding = 0
		ax.Tick.Marker = niceTicks{integers: a.integers}
	}
	p.X.Label.Text = glyphSafe(f.XLabel)
	p.Y.Label.Text = glyphSafe(f.YLabel)
	g := plotter.NewGrid()
	g.Vertical.Color = color.Gray{Y: 225}
	g.Horizontal.Color = color.Gray{Y: 225}
	g.Vertical.Width = vg.Points(0.6)
	g.Horizontal.Width = vg.Points(0.6)
	p.Add(g)
	return &figure{p: p, frame: f}, nil
}

// entry adds a legend entry (none if name is empty).
func (fig *figure) entry(name string, thumbs ...gplot.Thumbnailer) {
	if name != "" {
		fig.entries = append(fig.entries, legendEntry{name: glyphSafe(name), thumbs: thumbs})
	}
}

// legendEntry is one line of a legend.
type legendEntry struct {
	name   string
	thumbs []gplot.Thumbnailer
}

// finish adds the legend to the plot, drawn last, in the frame's corner of
// the data area on a white box so that it stays readable over the data, and
// returns the plot.
func (fig *figure) finish() *gplot.Plot {
	if fig.frame.Legend == NoLegend || len(fig.entries) == 0 {
		return fig.p
	}
	names := make([]string, len(fig.entries))
	for i, e := range fig.entries {
		names[i] = e.name
	}
	l := newLegend(fig.entries, names, fig.frame.textSize(legendSize))
	fig.p.Add(&legendBox{legend: l, entries: fig.entries, corner: fig.frame.Legend, data: fig.data, room: fig.room})
	return fig.p
}

// newLegend returns the legend of entries, entry i labelled names[i], in
// text of the given size.
func newLegend(entries []legendEntry, names []string, size vg.Length) gplot.Legend {
	l := gplot.NewLegend()
	l.TextStyle.Font = font.From(textFont, size)
	l.Top, l.Left = true, true
	l.ThumbnailWidth = vg.Points(24)
	l.Padding = vg.Points(2)
	for i, e := range entries {
		l.Add(names[i], e.thumbs...)
	}
	return l
}

// fitName returns name, or, if it is wider than w in sty, its longest
// prefix that fits with "…" after it ("…" alone if none does).
func fitName(sty draw.TextStyle, name string, w vg.Length) string {
	if sty.Width(name) <= w {
		return name
	}
	return ellipsize(sty, name, w)
}

// ellipsize returns the longest prefix of s that fits in w in sty with
// "…" after it ("…" alone if none does).
func ellipsize(sty draw.TextStyle, s string, w vg.Length) string {
	runes := []rune(s)
	// The widest prefix that fits, by bisection on the number of runes
	// (widths grow with the prefix).
	lo, hi := 0, len(runes)
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if sty.Width(string(runes[:mid])+"…") <= w {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return strings.TrimRight(string(runes[:lo]), " ") + "…"
}

// legendBox is a plotter that draws a legend on a white, framed box in a
// corner of the data area. gonum's own legend has no background, so lines
// run through its text.
//
// With room set, a legend whose corner (for Auto, the emptiest one) still
// meets data makes room for itself when it is first drawn: it grows the y
// range on its side (up for a top or Auto corner, down for a bottom one)
// just enough that the data under the box clear it by legendInset (see
// makeRoom).
// That first drawing is thrown away: Save draws every figure twice, the
// first time on a layoutCanvas, where room made before (for a save at
// another size, or as a panel) is taken back and made anew.
type legendBox struct {
	legend  gplot.Legend
	entries []legendEntry
	corner  Corner
	data    []dataPoints // for Auto and room
	room    bool
	// decided says that room was considered (on the first drawing, or
	// the last layout drawing); grown says that it was made then, and
	// before holds the y axis as it was.
	decided bool
	grown   bool
	before  gplot.Axis
}

// Plot implements gplot.Plotter.
func (lb *legendBox) Plot(c draw.Canvas, p *gplot.Plot) {
	sty := lb.legend.TextStyle
	em := sty.Rectangle(" ").Max.X
	const margin = 5 // padding inside the box, in points
	// Entries too many for one column in the data area's height go in
	// as many columns as they need (they ran off the figure's bottom
	// edge, the last ones lost), filled top to bottom, left to right.
	entries := lb.entries
	n := len(entries)
	rowH := sty.Rectangle("Ay").Max.Y
	fit := int((c.Max.Y - c.Min.Y - 2*legendInset - 2*margin - sty.FontExtents().Descent + lb.legend.Padding) / (rowH + lb.legend.Padding))
	gap := em
	cols := 1
	more := 0 // the entries counted in a last line, "… and k more"
	if fit >= 1 && n > fit {
		cols = (n + fit - 1) / fit
		// No more columns than fit across the data area with room for
		// each name, or for a few characters of it when longer: beyond
		// that (hundreds of series) the columns ran off the figure's
		// right edge. The entries that do not fit are counted in a last
		// line, "… and k more", which needs its own room. Short names
		// need narrow columns: 80 series named s0…s79 fit at 6×4 in.
		var widest vg.Length
		for _, e := range entries {
			widest = max(widest, sty.Width(e.name))
		}
		need := min(widest, sty.Width("MMMMM…"))
		across := c.Max.X - c.Min.X - 2*legendInset - 2*margin + gap
		colsFor := func(w vg.Length) int {
			return max(1, int(across/(lb.legend.ThumbnailWidth+em+w+gap)))
		}
		if cols > colsFor(need) {
			// The columns are sized for the names and for "+n" (no
			// narrower than "+k", k < n): the count line reads "+k" where
			// its column is too narrow for "… and k more" (below). Sized
			// for that text, 120 names s0…s119 at 6×4 in got 3 columns
			// where 6 fit; for the names alone, 400 named aa, ab, … cut
			// the count to "+…".
			cols = colsFor(max(need, sty.Width(fmt.Sprintf("+%d", n))))
			shown := fit*cols - 1
			more = n - shown
			entries = append(slices.Clip(entries[:shown]), legendEntry{name: fmt.Sprintf("… and %d more", more)})
			n = len(entries)
		}
	}
	rows := (n + cols - 1) / cols
	// A name too long for its column's width is shortened with "…"
	// (the box ran off the figure's left edge, cutting the names' starts).
	colRoom := (c.Max.X-c.Min.X-2*legendInset-2*margin-vg.Length(cols-1)*gap)/vg.Length(cols) - lb.legend.ThumbnailWidth - em
	names := make([]string, n)
	for i, e := range entries {
		names[i] = fitName(sty, e.name, colRoom)
	}
	if more > 0 && names[n-1] != entries[n-1].name {
		// "… and k more" cut to "… and 2…" misstated k (298 series
		// in a 2×1.5 in figure): a column too narrow for it says "+k".
		names[n-1] = fitName(sty, fmt.Sprintf("+%d", more), colRoom)
	}
	var textW, entryH vg.Length
	for _, name := range names {
		r := sty.Rectangle(name)
		textW = max(textW, r.Max.X)
		entryH = max(entryH, r.Max.Y)
	}
	colW := lb.legend.ThumbnailWidth + em + textW
	inner := vg.Point{
		X: vg.Length(cols)*colW + vg.Length(cols-1)*gap,
		Y: vg.Length(rows)*entryH + vg.Length(rows-1)*lb.legend.Padding + sty.FontExtents().Descent,
	}
	size := vg.Point{X: inner.X + 2*margin, Y: inner.Y + 2*margin}

	// Room is made on the first drawing, and made anew on each layout
	// drawing of Save (the plot saved again at another size, or as a
	// panel): the figure must not depend on what was saved before it.
	remake := lb.room && (!lb.decided || isLayout(c))
	if remake {
		lb.undoRoom(p)
		lb.decided = true
	}
	corner := lb.corner
	if corner == Auto {
		corner = lb.emptiest(c, p, size)
	}
	if remake && lb.covered(c, p, legendRect(c, size, corner)) > 0 {
		lb.makeRoom(c, p, size)
	}
	box := legendRect(c, size, corner)
	c.SetColor(color.RGBA{R: 255, G: 255, B: 255, A: 255})
	c.Fill(box.Path())
	c.SetLineStyle(draw.LineStyle{Color: color.Gray{Y: 180}, Width: vg.Points(0.6)})
	c.Stroke(box.Path())

	for j := 0; j < cols; j++ {
		lo, hi := j*rows, min((j+1)*rows, n)
		if lo >= hi {
			break
		}
		x0 := box.Min.X + margin + vg.Length(j)*(colW+gap)
		in := draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
			Min: vg.Point{X: x0, Y: box.Min.Y + margin},
			Max: vg.Point{X: x0 + colW, Y: box.Max.Y - margin},
		}}
		l := newLegend(entries[lo:hi], names[lo:hi], sty.Font.Size)
		l.Draw(in)
	}
}

// makeRoom grows the y range of p just enough that the data under the
// legend box of the given size, in the data area c, clear it by
// legendInset: for a top corner the highest value v met in the box's
// columns is drawn legendInset below the box, at the fraction 1−r of the
// area's height (r: the box and two insets over that height), so the top
// grows to Min + (v − Min)/(1−r); a bottom corner is the mirror image. For
// Auto, the top corner that needs less wins. (The whole range was grown by
// r/(1−r) of its span, the room a box over the range's padded top would
// need, whatever the data under the box: a legend over a dip grew the
// range as if the peak were under it.) A legend taller than 45 % of the
// area is left as it is, and so is a range whose growth would overflow
// float64. undoRoom takes the growth back.
func (lb *legendBox) makeRoom(c draw.Canvas, p *gplot.Plot, size vg.Point) {
	r := float64(size.Y+2*legendInset) / float64(c.Max.Y-c.Min.Y)
	if !(r < 0.45) {
		return
	}
	top := lb.corner != BottomLeft && lb.corner != BottomRight
	corners := []Corner{lb.corner}
	if lb.corner == Auto {
		corners = []Corner{TopRight, TopLeft}
	}
	trX, _ := p.Transforms(&c)
	grow := math.Inf(1)
	for _, k := range corners {
		box := legendRect(c, size, k)
		lo, hi, ok := lb.column(trX, box.Min.X, box.Max.X)
		if !ok {
			continue
		}
		var g float64
		if top {
			g = p.Y.Min + (hi-p.Y.Min)/(1-r) - p.Y.Max
		} else {
			g = p.Y.Min - (p.Y.Max - (p.Y.Max-lo)/(1-r))
		}
		grow = math.Min(grow, g)
	}
	if !(grow > 0 && spanFinite(p.Y.Min-grow, p.Y.Max+grow)) {
		return
	}
	lb.grown = true
	lb.before = p.Y
	// The new band holds no data: it gets no tick labels either (a return
	// axis should not read above the attainable).
	p.Y.Tick.Marker = rangeTicks{Ticker: p.Y.Tick.Marker, min: p.Y.Min, max: p.Y.Max}
	if top {
		p.Y.Max += grow
	} else {
		p.Y.Min -= grow
	}
}

// column returns the least and greatest y (data coordinates) of the data
// points, and of the segments between joined points, that lie between x0
// and x1 on the canvas (trX maps x to it); ok is false if none do.
func (lb *legendBox) column(trX func(float64) vg.Length, x0, x1 vg.Length) (lo, hi float64, ok bool) {
	lo, hi = math.Inf(1), math.Inf(-1)
	add := func(y float64) {
		lo, hi, ok = math.Min(lo, y), math.Max(hi, y), true
	}
	for _, d := range lb.data {
		for k, xy := range d.pts {
			px := trX(xy.X)
			if px >= x0 && px <= x1 {
				add(xy.Y)
			}
			if k == 0 || !d.joined {
				continue
			}
			// The segment from the previous point, cut at x0 and x1:
			// y is linear in x along it, so its ends there are the
			// extremes (the points themselves are added above).
			prev := d.pts[k-1]
			qx := trX(prev.X)
			if px == qx {
				continue
			}
			for _, e := range []vg.Length{x0, x1} {
				if t := float64((e - qx) / (px - qx)); t > 0 && t < 1 {
					add(prev.Y + t*(xy.Y-prev.Y))
				}
			}
		}
	}
	return lo, hi, ok
}

// undoRoom restores the y range and ticks of p that makeRoom changed.
func (lb *legendBox) undoRoom(p *gplot.Plot) {
	if !lb.grown {
		return
	}
	lb.grown = false
	p.Y.Min, p.Y.Max, p.Y.Tick.Marker = lb.before.Min, lb.before.Max, lb.before.Tick.Marker
}

// legendRect returns the rectangle of the given size in corner of the data
// area c, 6 pt from its edges.
func legendRect(c draw.Canvas, size vg.Point, corner Corner) vg.Rectangle {
	const inset = legendInset
	var min vg.Point
	switch corner {
	case TopLeft:
		min = vg.Point{X: c.Min.X + inset, Y: c.Max.Y - inset - size.Y}
	case BottomRight:
		min = vg.Point{X: c.Max.X - inset - size.X, Y: c.Min.Y + inset}
	case BottomLeft:
		min = vg.Point{X: c.Min.X + inset, Y: c.Min.Y + inset}
	default:
		min = vg.Point{X: c.Max.X - inset - size.X, Y: c.Max.Y - inset - size.Y}
	}
	return vg.Rectangle{Min: min, Max: min.Add(size)}
}

// rangeTicks are the ticks of Ticker within [min, max] only.
type rangeTicks struct {
	gplot.Ticker
	min, max float64
}

// Ticks implements gplot.Ticker.
func (t rangeTicks) Ticks(min, max float64) []gplot.Tick {
	var out []gplot.Tick
	for _, k := range t.Ticker.Ticks(min, max) {
		if k.Value >= t.min && k.Value <= t.max {
			out = append(out, k)
		}
	}
	return out
}

// legendInset is the gap between the legend box and the data area's edges,
// in points.
const legendInset = 6

// emptiest returns the corner whose legend box of the given size meets the
// fewest data points and segments between joined points (markers weighted,
// see dataPoints), the first of
// TopRight, TopLeft, BottomRight, BottomLeft on ties.
func (lb *legendBox) emptiest(c draw.Canvas, p *gplot.Plot, size vg.Point) Corner {
	trX, trY := p.Transforms(&c)
	corners := []Corner{TopRight, TopLeft, BottomRight, BottomLeft}
	boxes := make([]vg.Rectangle, len(corners))
	for i, k := range corners {
		boxes[i] = legendRect(c, size, k)
	}
	counts := lb.counts(trX, trY, boxes)
	best := 0
	for i := range counts {
		if counts[i] < counts[best] {
			best = i
		}
	}
	return corners[best]
}

// covered returns how many data points and segments (markers weighted)
// meet the box.
func (lb *legendBox) covered(c draw.Canvas, p *gplot.Plot, box vg.Rectangle) int {
	trX, trY := p.Transforms(&c)
	return lb.counts(trX, trY, []vg.Rectangle{box})[0]
}

// counts returns, for each box, how many data points and segments between
// joined points (markers weighted, see dataPoints) meet it.
func (lb *legendBox) counts(trX, trY func(float64) vg.Length, boxes []vg.Rectangle) []int {
	counts := make([]int, len(boxes))
	for _, d := range lb.data {
		var prev vg.Point
		w := max(d.weight, 1)
		for k, xy := range d.pts {
			pt := vg.Point{X: trX(xy.X), Y: trY(xy.Y)}
			for i, b := range boxes {
				if k > 0 && d.joined && segmentMeets(prev, pt, b) || inRect(pt, b) {
					counts[i] += w
				}
			}
			prev = pt
		}
	}
	return counts
}

// inRect reports whether p lies in r (edges included).
func inRect(p vg.Point, r vg.Rectangle) bool {
	return p.X >= r.Min.X && p.X <= r.Max.X && p.Y >= r.Min.Y && p.Y <= r.Max.Y
}

// segmentMeets reports whether the segment from a to b meets r, by
// Liang–Barsky clipping.
func segmentMeets(a, b vg.Point, r vg.Rectangle) bool {
	t0, t1 := 0.0, 1.0
	dx, dy := float64(b.X-a.X), float64(b.Y-a.Y)
	for _, e := range [4][2]float64{
		{-dx, float64(a.X - r.Min.X)}, {dx, float64(r.Max.X - a.X)},
		{-dy, float64(a.Y - r.Min.Y)}, {dy, float64(r.Max.Y - a.Y)},
	} {
		p, q := e[0], e[1]
		if p == 0 {
			if q < 0 {
				return false // parallel to this edge and outside it
			}
			continue
		}
		t := q / p
		if p < 0 {
			t0 = math.Max(t0, t)
		} else {
			t1 = math.Min(t1, t)
		}
		if t0 > t1 {
			return false
		}
	}
	return true
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

// glyphReplacements spell out symbols Liberation Sans has no glyph for
// (the PNG renderer would leave a gap; SVG viewers fall back to another
// font): ∇ (U+2207) becomes "grad ". A tab becomes a space and a carriage
// return (alone or before a newline) a line break, as SVG viewers show
// them: the PNG renderer drew a tab as nothing ("b\tc" read "bc") and
// left a carriage return at a line's end.
var glyphReplacements = strings.NewReplacer("∇", "grad ", "\t", " ", "\r\n", "\n", "\r", "\n")

// glyphSafe returns s with glyphReplacements applied, and with what an
// SVG file cannot hold as text (bytes that are not UTF-8, and the
// characters XML 1.0 excludes: control characters other than tab, newline
// and carriage return, U+FFFE and U+FFFF) replaced by U+FFFD. gonum's SVG
// canvas escapes <, >, &, ' and " but writes everything else as it is,
// which would leave a file that XML parsers and browsers refuse. Bidi
// controls (see isBidiControl) are replaced by U+FFFD too.
func glyphSafe(s string) string { return xmlSafe(glyphReplacements.Replace(s)) }

// isBidiControl reports whether r is an explicit bidi formatting
// character: U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069. In an
// SVG viewer one reorders the text after it ("run\u202E-12" showed as
// "run21-"); the PNG renderer, which does no bidi, drew it as nothing: the
// two files showed different names.
func isBidiControl(r rune) bool {
	return r == 0x061C || r == 0x200E || r == 0x200F || r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069
}

// xmlSafe returns s with invalid UTF-8, the characters outside XML 1.0's
// Char production and bidi controls replaced by U+FFFD.
func xmlSafe(s string) string {
	ok := func(r rune) bool {
		return r == '\t' || r == '\n' || r == '\r' || r >= 0x20 && r != utf8.RuneError && r != 0xFFFE && r != 0xFFFF && !isBidiControl(r)
	}
	clean := true
	for _, r := range s {
		if !ok(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for _, r := range s { // invalid bytes come as utf8.RuneError
		if !ok(r) {
			r = utf8.RuneError
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Most lines a title and an axis label are wrapped into; text beyond them
// ends the last line in "…".
// textMargin is the least gap between wrapped text and the canvas's edges.
const (
	titleLines = 3
	labelLines = 2
	textMargin = vg.Length(4) // points
)

// wrapText returns s broken at spaces into lines no wider than w in sty,
// at most maxLines of them (lines already in s, split at "\n", are kept
// and count): a word wider than w alone, or a last line with more text
// after it, is shortened to fit, ending in "…" (fitName). Text that fits
// is returned as it is.
func wrapText(sty draw.TextStyle, s string, w vg.Length, maxLines int) string {
	if s == "" || w <= 0 {
		return s
	}
	fits := true
	for _, line := range strings.Split(s, "\n") {
		if sty.Width(line) > w {
			fits = false
			break
		}
	}
	if fits && strings.Count(s, "\n") < maxLines {
		return s
	}
	var lines []string
	for _, para := range strings.Split(s, "\n") {
		cur := ""
		for _, word := range strings.Fields(para) {
			switch {
			case cur == "":
				cur = word
			case sty.Width(cur+" "+word) <= w:
				cur += " " + word
			default:
				lines = append(lines, cur)
				cur = word
			}
		}
		lines = append(lines, cur)
	}
	more := len(lines) > maxLines
	if more {
		rest := strings.Join(lines[maxLines-1:], " ")
		lines = lines[:maxLines]
		// The last line keeps as much of the rest as fits, with "…".
		lines[maxLines-1] = ellipsize(sty, rest, w)
	}
	for i, line := range lines {
		lines[i] = fitName(sty, line, w)
	}
	return strings.Join(lines, "\n")
}

// fitText wraps the title and axis labels of p to the canvas c that p is
// about to be drawn on, so that long text (seed numbers, game names) is
// neither cut at the figure's edges nor run over them: the title to the
// canvas's width, then the rotated y label and the x label to the room
// they have about the centre of the data area, on which gonum centres
// them. It returns a function that restores the texts as they were, so
// that a plot saved again at another size is wrapped anew.
func fitText(p *gplot.Plot, c draw.Canvas) (restore func()) {
	title, xl, yl := p.Title.Text, p.X.Label.Text, p.Y.Label.Text
	restore = func() { p.Title.Text, p.X.Label.Text, p.Y.Label.Text = title, xl, yl }
	p.Title.Text = wrapText(p.Title.TextStyle, title, c.Max.X-c.Min.X-2*textMargin, titleLines)
	top := c.Max.Y
	if p.Title.Text != "" {
		top -= p.Title.TextStyle.Rectangle(p.Title.Text).Size().Y + p.Title.Padding
	}
	// The data area's height depends on the x label's lines, its width on
	// the y label's: wrap the x label on the full width first, then the y
	// label, then the x label again on the room it has.
	p.X.Label.Text = wrapText(p.X.Label.TextStyle, xl, c.Max.X-c.Min.X-2*textMargin, labelLines)
	// The centre is measured without the y label: gonum shrinks the data
	// area until the label, centred on it, fits, so a label longer than
	// the area is tall collapsed it (its top below its bottom), and the
	// room came out negative and the label was left whole.
	p.Y.Label.Text = ""
	d := p.DataCanvas(c)
	cy := (d.Min.Y + d.Max.Y) / 2
	p.Y.Label.Text = wrapText(p.Y.Label.TextStyle, yl, 2*(min(cy-c.Min.Y, top-cy)-textMargin), labelLines)
	d = p.DataCanvas(c)
	cx := (d.Min.X + d.Max.X) / 2
	p.X.Label.Text = wrapText(p.X.Label.TextStyle, xl, 2*(min(cx-c.Min.X, c.Max.X-cx)-textMargin), labelLines)
	return restore
}
