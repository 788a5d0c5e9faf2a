package plot

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"slices"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Series is one named curve y(x), optionally with a shaded band from Lo to
// Hi around it (for example min–max or ±sd across seeds; see MeanBand).
type Series struct {
	// Name is the legend label; a series without a name has no legend entry.
	Name string
	// X holds the abscissae (iterations, stages, …). If X is nil, the
	// points are at 0, 1, …, len(Y)−1.
	X []float64
	// Y holds the ordinates, one per X; at least one. A series of one
	// point is drawn as a dot (its band as a bar through it).
	Y []float64
	// Lo and Hi, if set, bound the band: both or neither, each of length
	// len(Y), with Lo[i] ≤ Hi[i]. A band of no width (Lo = Hi everywhere,
	// as MeanBand gives for one run) is not drawn, and the series' legend
	// entry is its line alone, without a band swatch.
	Lo, Hi []float64
	// Reference marks a reference line (an equilibrium value, a target):
	// drawn dashed in grey below the data lines, taking no palette colour;
	// its band, if any, is shaded in the same grey.
	Reference bool
	// Colour, if set, fixes the series' colour (and Dash its dash
	// pattern), so that one curve (an algorithm) keeps its look across
	// figures whatever is drawn beside it; the series without one take
	// the palette's other colours in turn. The zero value, NextColour,
	// is the next colour in turn. A Reference takes neither.
	Colour Colour
	// Dash is the dash pattern of a series with a Colour: Solid, the
	// zero value, Dotted, DashDotted, LongDashed or DashDotDotted.
	Dash Dash
}

// Colour names a colour of the palette (Okabe–Ito, colour-blind-safe)
// for Series.Colour.
type Colour int

// The palette's colours in the order series take them.
const (
	// NextColour takes the next palette colour in turn.
	NextColour Colour = iota
	Blue
	Vermilion
	BluishGreen
	ReddishPurple
	Orange
	SkyBlue
	Black
)

// Dash names a dash pattern for Series.Dash (those lines take on later
// passes through the palette).
type Dash int

// The dash patterns.
const (
	Solid Dash = iota
	Dotted
	DashDotted
	LongDashed
	DashDotDotted
)

// LinesFigure is a figure of named series against a common x axis.
type LinesFigure struct {
	Frame
	// Series are drawn in order, each in the next palette colour (or its
	// own Colour), bands below all lines. The palette has 7 colours: the
	// 8th to 14th series are dotted, the next 7 dash-dotted, then
	// long-dashed, then dash-dot-dotted (35 series look distinct; then
	// solid again). Series without a Colour skip those fixed by others
	// (if all 7 are fixed, they take the palette from its dotted pass).
	Series []Series
	// LogY puts the y axis on a log scale; every Y, Lo and Hi must then be
	// positive. (The returned plot then holds log10 of the values on a
	// linear axis, with ticks labelled in the original values.)
	LogY bool
	// Distinct gives each series without a Colour a dash pattern of its
	// own beside its colour, in turn solid, dotted, dash-dotted,
	// long-dashed and dash-dot-dotted (then again), so that up to five
	// such series read apart in greyscale too; without it they are solid
	// until the palette's colours run out. A series with a Colour keeps
	// its Dash.
	Distinct bool
}

// Lines returns the figure of f: one line per series, with its band shaded
// in the same colour. It returns an error if f has no series, or a series
// has no points, lengths that differ, values that are not finite, only one
// of Lo and Hi, Lo > Hi, (with LogY) a value that is not positive, or
// values so far apart that the axis range overflows float64.
func Lines(f LinesFigure) (*gplot.Plot, error) {
	if len(f.Series) == 0 {
		return nil, errors.New("plot: Lines: no series")
	}
	if f.YIntegers && f.LogY {
		return nil, errors.New("plot: Lines: YIntegers with LogY (a log axis is ticked at powers of ten)")
	}
	fig, err := newFigure(f.Frame, "Lines")
	if err != nil {
		return nil, err
	}
	fig.room = true
	var bands, refs, lines []gplot.Plotter
	var drawn []int // the data series drawn so far
	tol := coincideTol(f.Series, f.LogY)
	free, colour, err := freeColours(f.Series)
	if err != nil {
		return nil, err
	}
	for i, s := range f.Series {
		what := name("Series", i, s.Name)
		x := s.X
		if x == nil {
			x = make([]float64, len(s.Y))
			for k := range x {
				x[k] = float64(k)
			}
		}
		if err := checkXY(what, x, s.Y); err != nil {
			return nil, err
		}
		if err := checkBand(what, s); err != nil {
			return nil, err
		}
		if f.LogY {
			for _, v := range []struct {
				field string
				v     []float64
			}{{"Y", s.Y}, {"Lo", s.Lo}, {"Hi", s.Hi}} {
				for k, y := range v.v {
					if y <= 0 {
						return nil, fmt.Errorf("plot: %s: %s[%d] = %v is not positive (LogY)", what, v.field, k, y)
					}
				}
			}
		}

		y, lo, hi := s.Y, s.Lo, s.Hi
		if f.LogY {
			y, lo, hi = log10s(y), log10s(lo), log10s(hi)
		}
		l, err := plotter.NewLine(xys(x, y))
		if err != nil {
			return nil, fmt.Errorf("plot: %s: %w", what, err)
		}
		var col color.Color = color.Gray{Y: 90}
		if s.Reference {
			l.LineStyle = draw.LineStyle{Color: col, Width: vg.Points(1.2), Dashes: []vg.Length{vg.Points(5), vg.Points(3)}}
			refs = append(refs, denseLine{l})
		} else {
			if s.Colour != NextColour {
				col = palette[s.Colour-1]
				l.LineStyle = draw.LineStyle{Color: col, Width: vg.Points(lineWidth), Dashes: cycleDashes[s.Dash]}
			} else {
				col = free[colour%len(free)]
				dashes := wrapDashes(colour, len(free))
				if f.Distinct {
					dashes = cycleDashes[colour%len(cycleDashes)]
				}
				l.LineStyle = draw.LineStyle{Color: col, Width: vg.Points(lineWidth), Dashes: dashes}
				colour++
			}
			if l.LineStyle.Dashes == nil && coincides(x, y, drawn, f.Series, f.LogY, tol) {
				// Drawn over an earlier line it would hide: dashed, so
				// that both colours show.
				l.LineStyle.Dashes = []vg.Length{vg.Points(6), vg.Points(4)}
			}
			drawn = append(drawn, i)
			lines = append(lines, denseLine{l})
		}
		fig.data = append(fig.data, dataPoints{pts: l.XYs, joined: true})
		thumbs := []gplot.Thumbnailer{l}
		if len(x) == 1 {
			// A line through one point draws nothing: mark the point, and
			// draw its band (a polygon of no width) as a bar.
			dot, err := plotter.NewScatter(l.XYs)
			if err != nil {
				return nil, fmt.Errorf("plot: %s: %w", what, err)
			}
			dot.GlyphStyle = draw.GlyphStyle{Color: col, Radius: vg.Points(3), Shape: draw.CircleGlyph{}}
			if lo != nil {
				bar, err := plotter.NewLine(plotter.XYs{{X: x[0], Y: lo[0]}, {X: x[0], Y: hi[0]}})
				if err != nil {
					return nil, fmt.Errorf("plot: %s: band: %w", what, err)
				}
				bar.LineStyle = draw.LineStyle{Color: withAlpha(col, 0.4), Width: vg.Points(6)}
				bands = append(bands, bar)
				fig.data = append(fig.data, dataPoints{pts: bar.XYs, joined: true})
			}
			if s.Reference {
				refs = append(refs, dot)
			} else {
				lines = append(lines, dot)
			}
			fig.entry(s.Name, l, dot)
			continue
		}
		if lo != nil && !slices.Equal(lo, hi) {
			// (A reference's band, e.g. a closed-form value ± its
			// tolerance, is shaded in its grey: it was once dropped.)
			// A band of no width anywhere (MeanBand of one run) is no
			// band: neither drawn nor shown as a swatch in the legend,
			// whose entry is then the line alone.
			ring := append(xys(x, hi), reversed(xys(x, lo))...)
			band, err := plotter.NewPolygon(ring)
			if err != nil {
				return nil, fmt.Errorf("plot: %s: band: %w", what, err)
			}
			band.Color = withAlpha(col, 0.22)
			band.LineStyle.Width = 0
			bands = append(bands, densePolygon{band})
			fig.data = append(fig.data, dataPoints{pts: ring, joined: true})
			thumbs = []gplot.Thumbnailer{band, l}
		}
		fig.entry(s.Name, thumbs...)
	}
	p := fig.p
	p.Add(bands...)
	p.Add(refs...)
	p.Add(lines...)
	if f.LogY {
		// gonum's LogScale misplaces the y label's glyph box (it takes the
		// arithmetic mean of the range as the centre), which leaves a gap
		// under the title; plotting log10 on a linear axis avoids it.
		p.Y.Tick.Marker = log10Ticks{}
	}
	x, y := [2]float64{p.X.Min, p.X.Max}, [2]float64{p.Y.Min, p.Y.Max}
	widenFlat(&p.X)
	padY(p, 0.04)
	if f.XIntegers {
		integerRange(&p.X)
	}
	if f.YIntegers {
		integerRange(&p.Y)
	}
	if err := checkAxes("Lines", p, x, y); err != nil {
		return nil, err
	}
	return fig.finish(), nil
}

// freeColours checks the Colour and Dash of every series and returns the
// palette colours left to the series without a Colour, those no series
// fixes, and the turn the first of those series takes: 0, or if every
// colour is fixed the whole palette from its second pass (dotted), so
// that none is drawn as the solid series fixed to its colour.
func freeColours(all []Series) ([]color.Color, int, error) {
	fixed := map[Colour]bool{}
	for i, s := range all {
		switch {
		case s.Colour < NextColour || s.Colour > Black:
			return nil, 0, fmt.Errorf("plot: %s: Colour %d is none of the palette's (Blue … Black)", name("Series", i, s.Name), s.Colour)
		case s.Dash < Solid || s.Dash > DashDotDotted:
			return nil, 0, fmt.Errorf("plot: %s: Dash %d is none of Solid … DashDotDotted", name("Series", i, s.Name), s.Dash)
		case s.Reference && (s.Colour != NextColour || s.Dash != Solid):
			return nil, 0, fmt.Errorf("plot: %s: a Reference takes no Colour or Dash (it is drawn dashed in grey)", name("Series", i, s.Name))
		case s.Colour == NextColour && s.Dash != Solid:
			return nil, 0, fmt.Errorf("plot: %s: Dash %d without a Colour", name("Series", i, s.Name), s.Dash)
		}
		if !s.Reference && s.Colour != NextColour {
			fixed[s.Colour] = true
		}
	}
	var free []color.Color
	for k, c := range palette {
		if !fixed[Colour(k+1)] {
			free = append(free, c)
		}
	}
	if len(free) == 0 {
		return palette, len(palette), nil
	}
	return free, 0, nil
}

// cycleDashes are the dash patterns of the lines of each pass through a
// palette: solid, dotted, dash-dotted, long-dashed, dash-dot-dotted, then
// again. (The 8th series was drawn exactly as the 1st, in the same colour
// and solid, in the figure and in the legend.) None is the 6-4 dash of a
// coincident line.
var cycleDashes = [][]vg.Length{
	nil,
	{vg.Points(2), vg.Points(2)},
	{vg.Points(8), vg.Points(3), vg.Points(2), vg.Points(3)},
	{vg.Points(12), vg.Points(4)},
	{vg.Points(8), vg.Points(3), vg.Points(2), vg.Points(3), vg.Points(2), vg.Points(3)},
}

// wrapDashes returns the dash pattern of the line given colour k of a
// palette of n colours: nil (solid) on the first pass through it, and
// another pattern of cycleDashes on each later one.
func wrapDashes(k, n int) []vg.Length {
	return cycleDashes[(k/n)%len(cycleDashes)]
}

// coincideTol is one percent of the y range of all series, bands included
// (about two line widths at the default size); with logY, of its log10.
// (Computed once per figure: once per series made Lines quadratic in the
// number of series, seconds for a thousand seeds drawn as lines.)
func coincideTol(all []Series, logY bool) float64 {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, s := range all {
		for _, vs := range [][]float64{s.Y, s.Lo, s.Hi} { // the plotted range, bands included
			for _, v := range vs {
				if logY {
					v = log10(v)
				}
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	return 0.01 * (hi - lo)
}

// coincides reports whether the line (x, y) lies, at every point, within
// tol (see coincideTol) of one of the series drawn before it (indices into
// all), at the same abscissae. With logY, y and tol are in log10.
func coincides(x, y []float64, drawn []int, all []Series, logY bool, tol float64) bool {
	for _, j := range drawn {
		s := all[j]
		if len(s.Y) != len(y) {
			continue
		}
		same := true
		for k := range y {
			sx := float64(k)
			if s.X != nil {
				sx = s.X[k]
			}
			v := s.Y[k]
			if logY {
				v = log10(v)
			}
			if sx != x[k] || math.Abs(v-y[k]) > tol {
				same = false
				break
			}
		}
		if same {
			return true
		}
	}
	return false
}

// checkBand checks the band of s against its Y.
func checkBand(what string, s Series) error {
	if (s.Lo == nil) != (s.Hi == nil) {
		return fmt.Errorf("plot: %s: only one of Lo (len %d) and Hi (len %d) is set", what, len(s.Lo), len(s.Hi))
	}
	if s.Lo == nil {
		return nil
	}
	if len(s.Lo) != len(s.Y) || len(s.Hi) != len(s.Y) {
		return fmt.Errorf("plot: %s: len(Lo) = %d, len(Hi) = %d, want len(Y) = %d", what, len(s.Lo), len(s.Hi), len(s.Y))
	}
	if err := checkFinite(what, "Lo", s.Lo); err != nil {
		return err
	}
	if err := checkFinite(what, "Hi", s.Hi); err != nil {
		return err
	}
	for k := range s.Lo {
		if s.Lo[k] > s.Hi[k] {
			return fmt.Errorf("plot: %s: Lo[%d] = %v > Hi[%d] = %v", what, k, s.Lo[k], k, s.Hi[k])
		}
	}
	return nil
}

// padY widens the y range by frac of its span on each side (see padAxis),
// so that lines do not run along the axes.
func padY(p *gplot.Plot, frac float64) { padAxis(&p.Y, frac) }

// padAxis widens the range of ax by frac of its span on each side (by
// frac·|v| or 0.5 if the span is 0, or below 1e-12 of |v|: rounding noise,
// such as 0.1+0.2 against 0.3, is drawn flat rather than stretched over the
// whole axis). An axis without data (Min > Max) is left alone.
func padAxis(ax *gplot.Axis, frac float64) {
	if !(ax.Min <= ax.Max) {
		return
	}
	span := ax.Max - ax.Min
	if span <= 1e-12*math.Max(math.Abs(ax.Min), math.Abs(ax.Max)) {
		span = math.Abs(ax.Max)
		if span == 0 {
			span = 0.5 / frac
		}
	}
	// (Clamped to the largest float64: a flat axis near it would
	// otherwise overflow.)
	ax.Min = math.Max(ax.Min-frac*span, -math.MaxFloat64)
	ax.Max = math.Min(ax.Max+frac*span, math.MaxFloat64)
}

// log10s returns log10 of each value (nil for nil).
func log10s(v []float64) []float64 {
	if v == nil {
		return nil
	}
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = log10(x)
	}
	return out
}

func reversed(pts plotter.XYs) plotter.XYs {
	for i, j := 0, len(pts)-1; i < j; i, j = i+1, j-1 {
		pts[i], pts[j] = pts[j], pts[i]
	}
	return pts
}

// Band says what MeanBand shades around the mean.
type Band int

const (
	// MinMax shades from the smallest to the largest run at each x.
	MinMax Band = iota
	// StdDev shades the mean ± one sample standard deviation (n − 1 in the
	// denominator; zero width for a single run).
	StdDev
	// StdErr shades the mean ± one standard error, sd/√n: where the mean
	// over the seeds lies, rather than where single runs go.
	StdErr
)

// MeanBand returns the series of the mean of runs (one slice per seed, each
// of len(x), or of any common length when x is nil) with the band chosen by
// band, to draw multi-seed curves with Lines. It returns an error if there
// are no runs, they differ in length from each other or from x, hold a
// value that is not finite, band is none of MinMax, StdDev and StdErr, or
// the band overflows float64 (mean ± sd of values near ±1.8e308).
func MeanBand(name string, x []float64, runs [][]float64, band Band) (Series, error) {
	if band != MinMax && band != StdDev && band != StdErr {
		return Series{}, fmt.Errorf("plot: MeanBand %q: unknown band %d (want MinMax, StdDev or StdErr)", name, band)
	}
	if len(runs) == 0 {
		return Series{}, fmt.Errorf("plot: MeanBand %q: no runs", name)
	}
	n := len(runs[0])
	if x != nil {
		n = len(x)
	}
	if n == 0 {
		return Series{}, fmt.Errorf("plot: MeanBand %q: no points (len(runs[0]) = 0)", name)
	}
	for r, run := range runs {
		if len(run) != n {
			return Series{}, fmt.Errorf("plot: MeanBand %q: len(runs[%d]) = %d, want %d", name, r, len(run), n)
		}
		if err := checkFinite(fmt.Sprintf("MeanBand %q", name), fmt.Sprintf("runs[%d]", r), run); err != nil {
			return Series{}, err
		}
	}
	s := Series{Name: name, X: x, Y: make([]float64, n), Lo: make([]float64, n), Hi: make([]float64, n)}
	k := float64(len(runs))
	for i := 0; i < n; i++ {
		sum, lo, hi := 0.0, math.Inf(1), math.Inf(-1)
		for _, run := range runs {
			sum += run[i]
			lo, hi = math.Min(lo, run[i]), math.Max(hi, run[i])
		}
		mean := sum / k
		// Values near the float64 limit overflow the sum, and deviations
		// past about 1e154 their squares; both are then taken in units of
		// the largest |value| m, where neither can overflow.
		m := math.Max(math.Abs(lo), math.Abs(hi))
		if math.IsInf(sum, 0) {
			mean = 0
			for _, run := range runs {
				mean += run[i] / m
			}
			mean = mean / k * m
		}
		s.Y[i] = mean
		switch band {
		case StdDev, StdErr:
			sd := 0.0
			if len(runs) > 1 {
				ss := 0.0
				for _, run := range runs {
					ss += (run[i] - mean) * (run[i] - mean)
				}
				sd = math.Sqrt(ss / (k - 1))
				if math.IsInf(ss, 0) {
					ss = 0
					for _, run := range runs {
						d := run[i]/m - mean/m
						ss += d * d
					}
					sd = math.Sqrt(ss/(k-1)) * m
				}
			}
			if band == StdErr {
				sd /= math.Sqrt(k)
			}
			s.Lo[i], s.Hi[i] = mean-sd, mean+sd
		default:
			s.Lo[i], s.Hi[i] = lo, hi
		}
		if math.IsInf(s.Lo[i], 0) || math.IsInf(s.Hi[i], 0) {
			return Series{}, fmt.Errorf("plot: MeanBand %q: band at point %d = [%v, %v] overflows float64 (mean %g)", name, i, s.Lo[i], s.Hi[i], mean)
		}
	}
	return s, nil
}
