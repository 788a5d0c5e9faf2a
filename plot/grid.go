package plot

import (
	"fmt"
	"image/color"
	"math"
	"slices"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// GridFigure is a map of one value per cell of a parameter grid, e.g. the
// iterations a method needs for each pair of step sizes: cells coloured by
// Z on a light-to-dark blue scale (darker = larger; see gridColors), NaN
// cells neutral grey, and an optional text in every cell (black, or white
// on the darker half of the scale). Columns and rows are nominal (their tick
// labels are XTicks and YTicks), so log-spaced grids read naturally.
type GridFigure struct {
	Frame
	// XTicks and YTicks label the columns and rows.
	XTicks, YTicks []string
	// Z[r][c] is the value of row r, column c (NaN: no value).
	Z [][]float64
	// Labels[r][c], if not nil, is written in the cell.
	Labels [][]string
	// Lo and Hi fix the colour scale (both zero: the range of Z's finite
	// values); finite. If Hi ≤ Lo the scale runs from Lo to
	// Lo + max(1, 1e-9·|Lo|).
	Lo, Hi float64
}

// gridXYZ gives gonum's heat map the cells of z, rescaled so that the
// colour scale [lo, hi] is [0, 1]: gonum divides the palette's length by
// hi − lo, which overflows for a span below about 1e-307 (every cell was
// then drawn in the NaN colour).
type gridXYZ struct {
	z      [][]float64
	lo, hi float64
}

func (g gridXYZ) Dims() (c, r int)   { return len(g.z[0]), len(g.z) }
func (g gridXYZ) Z(c, r int) float64 { return (g.z[r][c] - g.lo) / (g.hi - g.lo) }
func (g gridXYZ) X(c int) float64    { return float64(c) }
func (g gridXYZ) Y(r int) float64    { return float64(r) }

// gridColors is the colour scale of Grid, from light (smallest) to dark
// (largest) blue, with lightness falling linearly (moreland's luminance
// interpolation). A diverging blue–grey–red scale coloured both ends dark,
// so that neither darkness nor the NaN grey could be read as a value.
func gridColors(n int) []color.Color {
	cm, err := moreland.NewLuminance([]color.Color{
		rgb(0x08306B), rgb(0x2171B5), rgb(0x6BAED6), rgb(0xDEEBF7),
	})
	if err != nil {
		panic(err) // not reached: the controls' lightness increases
	}
	cm.SetMin(0)
	cm.SetMax(1)
	cs := cm.Palette(n).Colors()
	slices.Reverse(cs)
	return cs
}

// gridColorSet is a palette.Palette of given colours.
type gridColorSet []color.Color

// Colors implements palette.Palette.
func (g gridColorSet) Colors() []color.Color { return g }

// gridNaN is the colour of NaN cells: a neutral grey, of no hue on the
// blue scale.
var gridNaN = color.Gray{Y: 190}

// relLuminance returns the relative luminance of c in [0, 1] (Rec. 709
// weights on the gamma-encoded channels: enough to choose a text colour).
func relLuminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	return (0.2126*float64(r) + 0.7152*float64(g) + 0.0722*float64(b)) / 0xffff
}

// Grid draws f. It returns an error if Z has no cells or ragged rows, the
// tick labels or Labels do not match Z's shape, Lo or Hi is not finite, or
// the colour scale's span overflows float64.
func Grid(f GridFigure) (*gplot.Plot, error) {
	rows := len(f.Z)
	if rows == 0 || len(f.Z[0]) == 0 {
		return nil, fmt.Errorf("plot: Grid: no cells")
	}
	cols := len(f.Z[0])
	for r, row := range f.Z {
		if len(row) != cols {
			return nil, fmt.Errorf("plot: Grid: row %d has %d cells, row 0 %d", r, len(row), cols)
		}
	}
	if len(f.XTicks) != cols || len(f.YTicks) != rows {
		return nil, fmt.Errorf("plot: Grid: %d×%d cells but %d column and %d row labels", rows, cols, len(f.XTicks), len(f.YTicks))
	}
	if f.Labels != nil {
		if len(f.Labels) != rows {
			return nil, fmt.Errorf("plot: Grid: %d rows of labels for %d rows of cells", len(f.Labels), rows)
		}
		for r, row := range f.Labels {
			if len(row) != cols {
				return nil, fmt.Errorf("plot: Grid: Labels row %d has %d labels for %d cells", r, len(row), cols)
			}
		}
	}
	if math.IsNaN(f.Lo) || math.IsInf(f.Lo, 0) || math.IsNaN(f.Hi) || math.IsInf(f.Hi, 0) {
		return nil, fmt.Errorf("plot: Grid: colour scale Lo = %v, Hi = %v, want finite", f.Lo, f.Hi)
	}
	lo, hi := f.Lo, f.Hi
	if lo == 0 && hi == 0 {
		lo, hi = math.Inf(1), math.Inf(-1)
		for _, row := range f.Z {
			for _, v := range row {
				if !math.IsNaN(v) && !math.IsInf(v, 0) {
					lo, hi = math.Min(lo, v), math.Max(hi, v)
				}
			}
		}
		if lo > hi {
			lo, hi = 0, 1
		}
	}
	if hi <= lo {
		// (lo + 1 is lo itself from 2^53 on.)
		hi = lo + math.Max(1, math.Abs(lo)*1e-9)
	}
	if !spanFinite(lo, hi) {
		return nil, fmt.Errorf("plot: Grid: colour scale [%g, %g] is too wide (Hi−Lo overflows float64)", lo, hi)
	}
	fig, err := newFigure(f.Frame, "Grid")
	if err != nil {
		return nil, err
	}
	p := fig.p
	cs := gridColors(64)
	g := gridXYZ{z: f.Z, lo: lo, hi: hi}
	hm := plotter.NewHeatMap(g, gridColorSet(cs))
	hm.Min, hm.Max = 0, 1
	hm.NaN = gridNaN
	hm.Underflow, hm.Overflow = cs[0], cs[len(cs)-1]
	p.Add(hm)
	// cellColor is the colour gonum's heat map gives the cell (c, r).
	cellColor := func(c, r int) color.Color {
		switch v := g.Z(c, r); {
		case math.IsNaN(v):
			return hm.NaN
		case v < 0:
			return hm.Underflow
		case v > 1:
			return hm.Overflow
		default:
			return cs[int(v*float64(len(cs)-1)+0.5)]
		}
	}
	if f.Labels != nil {
		var xys plotter.XYs
		var text []string
		var ink []color.Color
		for r, row := range f.Labels {
			for c, s := range row {
				if s == "" {
					continue
				}
				xys = append(xys, plotter.XY{X: float64(c), Y: float64(r)})
				text = append(text, glyphSafe(s))
				ink = append(ink, color.Color(color.Black))
				if relLuminance(cellColor(c, r)) < 0.45 {
					ink[len(ink)-1] = color.White
				}
			}
		}
		if len(text) > 0 {
			lb, err := plotter.NewLabels(plotter.XYLabels{XYs: xys, Labels: text})
			if err != nil {
				return nil, err
			}
			for i := range lb.TextStyle {
				lb.TextStyle[i].Font = font.From(textFont, f.textSize(9))
				lb.TextStyle[i].XAlign = draw.XCenter
				lb.TextStyle[i].YAlign = draw.YCenter
				lb.TextStyle[i].Color = ink[i]
			}
			p.Add(lb)
		}
	}
	p.NominalX(safeAll(f.XTicks)...)
	p.NominalY(safeAll(f.YTicks)...)
	for _, ax := range []*gplot.Axis{&p.X, &p.Y} {
		ax.Tick.Label.Font = font.From(textFont, f.textSize(tickSize))
	}
	p.X.Min, p.X.Max = -0.5, float64(cols)-0.5
	p.Y.Min, p.Y.Max = -0.5, float64(rows)-0.5
	p.X.Padding, p.Y.Padding = vg.Points(0), vg.Points(0)
	return p, nil
}

// safeAll returns glyphSafe of each string.
func safeAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = glyphSafe(s)
	}
	return out
}
