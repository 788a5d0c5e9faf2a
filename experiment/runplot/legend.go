package runplot

import (
	"fmt"
	"math"
	"slices"

	gplot "gonum.org/v1/plot"

	"github.com/stackel/stackel/plot"
)

// MaxLegendInside is the most series a panel's legend lists inside the
// panel's data area: with more (a reproduction of 24 series), the legend
// covered the data, and is drawn in a panel of its own beside or below
// the data instead (Layout).
const MaxLegendInside = 8

// Legend places, Layout.LegendPlace.
const (
	LegendInside = "inside"
	LegendBeside = "beside"
	LegendBelow  = "below"
)

// Layout is how Plot lays out a figure's panels and legend.
type Layout struct {
	// Cols and Rows are the grid of panels, the legend's panel included:
	// one panel alone is 1 × 1, panels are two to a row.
	Cols, Rows int
	// LegendOutside says that the legend is a panel of its own, after
	// the data panels (the last cell of the grid), listing every series
	// of every panel once; the data panels then have none. It is when a
	// panel has more than MaxLegendInside series.
	LegendOutside bool
	// LegendPlace is LegendInside, or, for a legend outside, where its
	// panel is: LegendBeside the last data panel (an odd number of
	// panels) or LegendBelow them (an even number).
	LegendPlace string
	// Entries is the number of the legend's entries: the most series of
	// a panel, or outside, the series of all panels, each once.
	Entries int
	// LegendCells is the number of grid cells the legend outside takes:
	// 1 beside the data, 2 (the whole last row) below them; 0 inside.
	LegendCells int
	// TooBig says that the legend went outside because, inside, it would
	// have covered much of the data (wider than half the data area, or
	// taller than 45 % of it), though it has no more than MaxLegendInside
	// entries.
	TooBig bool
	// GrownTo is the figure's height in inches when Plot made it taller
	// than the default so that the legend outside lists every entry with
	// its name; 0 when it did not.
	GrownTo float64
	// alike says that some of the legend's names, cut to its columns,
	// read alike (a warning says which).
	alike bool
	// keep is, for each entry of a legend outside, the length of its
	// name before the keys that tell it apart (its number of runs
	// included), which a cut keeps.
	keep []int
}

// layoutOf decides the layout of panels (Layout), and, with the legend
// outside (more than MaxLegendInside series in a panel), gives every series its colour and dash: the same series (by
// name) keeps them in every panel and in the legend's panel, which lists
// legend, the series of all panels once each in the order they first
// appear. Series drawn in their reproduction's styles keep those; the
// others take the palette's colours in turn, then its dashes, as
// plot.Lines gives them (plot.LinesFigure).
//
// With outside, the legend goes outside whatever its number of entries
// (Plot found that it does not fit inside). Outside, it takes the cell
// beside the last data panel (an odd number of panels), or the whole last
// row below them, two cells (an even number).
func layoutOf(panels []Panel, outside bool) (lay Layout, legend []plot.Series) {
	most := 0
	for _, p := range panels {
		most = max(most, len(p.Series))
	}
	lay = Layout{Cols: min(2, len(panels)), LegendPlace: LegendInside, Entries: most}
	if most > MaxLegendInside || outside {
		lay.LegendOutside = true
		lay.Cols = 2
		lay.LegendPlace, lay.LegendCells = LegendBelow, 2
		if len(panels)%2 == 1 {
			lay.LegendPlace, lay.LegendCells = LegendBeside, 1
		}
		// A series is known by its name before the caption added its
		// number of runs (Panel.base), which may differ from panel to
		// panel (a run without one panel's column): keyed by the name
		// drawn, one series had two entries and two colours.
		index := map[string]int{} // a series' name → its place in legend
		var runs [][]int          // each entry's numbers of runs, in its panels
		var plain []int           // each entry's name's length before the keys that tell it apart
		counted := map[int]bool{} // the entries a panel names with their numbers
		for pi := range panels {
			p := &panels[pi]
			p.entry = p.entry[:0]
			for i, s := range p.Series {
				key := s.Name
				if i < len(p.base) {
					key = p.base[i]
				}
				k, ok := index[key]
				if !ok {
					k = len(legend)
					index[key] = k
					if !p.Styled {
						s.Colour, s.Dash = turnStyle(k)
					}
					s.Name = key
					legend = append(legend, s)
					runs = append(runs, nil)
					at := len(key)
					if i < len(p.plain) && p.plain[i] > 0 && p.plain[i] < at {
						at = p.plain[i]
					}
					plain = append(plain, at)
				}
				if i < len(p.Runs) {
					runs[k] = append(runs[k], p.Runs[i])
				}
				p.entry = append(p.entry, k)
				counted[k] = counted[k] || p.Series[i].Name != key
				p.Series[i].Colour, p.Series[i].Dash = legend[k].Colour, legend[k].Dash
			}
		}
		for k := range legend {
			if counted[k] && len(runs[k]) > 0 {
				lo, hi := slices.Min(runs[k]), slices.Max(runs[k])
				n := fmt.Sprintf(" (n = %d)", lo)
				if lo != hi {
					n = fmt.Sprintf(" (n = %d to %d)", lo, hi)
				}
				// Before the keys that tell the series apart, as caption
				// puts it.
				name := legend[k].Name
				legend[k].Name = name[:plain[k]] + n + name[plain[k]:]
				plain[k] += len(n)
			}
		}
		lay.keep = plain
		lay.Entries = len(legend)
	}
	n := len(panels) + lay.LegendCells
	lay.Rows = (n + lay.Cols - 1) / lay.Cols
	return lay, legend
}

// turnStyle is the colour and dash of the k-th series (from 0) that takes
// the palette's in turn: its 7 colours solid, then dotted, dash-dotted,
// long-dashed, dash-dot-dotted, then solid again, as plot.Lines draws
// series without a Colour.
func turnStyle(k int) (plot.Colour, plot.Dash) {
	const colours, dashes = int(plot.Black), int(plot.DashDotDotted) + 1
	return plot.Colour(k%colours + 1), plot.Dash(k / colours % dashes)
}

// legendPanel is a panel holding only the legend of series, in its top
// left corner, in text of fontSize (0: the default), under title (the
// start its names share, left out of them; "" none): each entry drawn as
// in the data panels, its line in its colour and dash and, for a series
// with a band, the band's swatch. (Its data, one line per series, lie
// outside the panel's range and are not drawn; its axes are hidden.)
//
// An entry whose line a data panel draws dashed because it lies on an
// earlier line (plot.Lines; coincident, dashed[i]) is drawn dashed in the
// legend too: its line here lies on the first entry's, which plot.Lines
// dashes alike (the first entry itself cannot be).
func legendPanel(series []plot.Series, dashed []bool, fontSize float64, title string) (*gplot.Plot, error) {
	ls := make([]plot.Series, len(series))
	for i, s := range series {
		y := float64(i) // apart, so that no line is drawn dashed as coinciding with another
		if i < len(dashed) && dashed[i] {
			y = 0
		}
		ls[i] = plot.Series{Name: s.Name, X: []float64{0, 1}, Y: []float64{y, y}, Colour: s.Colour, Dash: s.Dash}
		if s.Lo != nil && !slices.Equal(s.Lo, s.Hi) {
			ls[i].Lo, ls[i].Hi = []float64{y - 0.25, y - 0.25}, []float64{y + 0.25, y + 0.25}
		}
	}
	p, err := plot.Lines(plot.LinesFigure{Frame: plot.Frame{Title: title, Legend: plot.TopLeft, FontSize: fontSize}, Series: ls})
	if err != nil {
		return nil, err
	}
	p.HideAxes()
	p.X.Min, p.X.Max = -3, -2
	p.Y.Min, p.Y.Max = -3, -2
	return p, nil
}

// coincident reports, for each series of a panel drawn with LogY or not,
// whether plot.Lines draws it dashed because it lies on a line drawn
// before it: a solid line of a set colour within 1 % of the panel's y
// range (bands included; of log10 with logY) of an earlier one at every
// point, at the same x (plot's coincideTol and coincides).
func coincident(series []plot.Series, logY bool) []bool {
	f := func(v float64) float64 {
		if logY {
			return math.Log10(v)
		}
		return v
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, s := range series {
		for _, vs := range [][]float64{s.Y, s.Lo, s.Hi} {
			for _, v := range vs {
				lo, hi = math.Min(lo, f(v)), math.Max(hi, f(v))
			}
		}
	}
	tol := 0.01 * (hi - lo)
	out := make([]bool, len(series))
	for i, s := range series {
		if s.Colour == plot.NextColour || s.Dash != plot.Solid {
			continue
		}
		for j := range i {
			e := series[j]
			if len(e.Y) != len(s.Y) {
				continue
			}
			same := true
			for k := range s.Y {
				if xAt(e, k) != xAt(s, k) || math.Abs(f(e.Y[k])-f(s.Y[k])) > tol {
					same = false
					break
				}
			}
			if same {
				out[i] = true
				break
			}
		}
	}
	return out
}

// xAt is the x of point k of s (k without an X).
func xAt(s plot.Series, k int) float64 {
	if s.X == nil {
		return float64(k)
	}
	return s.X[k]
}
