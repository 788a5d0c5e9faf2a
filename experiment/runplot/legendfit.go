package runplot

import (
	"fmt"
	"math"
	"slices"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"

	"github.com/stackel/stackel/plot"
)

// The measures of plot's legend box (plot.Lines draws a legend on a framed
// box inset in the data area): its entries' thumbnails, the padding
// between rows, the box's margin and inset, in points. legendFit mirrors
// them to know what a legend of given names needs.
const (
	legendThumb   = 24
	legendPadding = 2
	legendMargin  = 5
	legendInsetPt = 6
)

// legendStyle is the text style of a legend's entries at the figure's
// font size fontSize (0: the default), as plot.Lines sets it: the tick
// labels' style, of the legend's size.
func legendStyle(fontSize float64) (text.Style, error) {
	p, err := plot.Lines(plot.LinesFigure{Frame: plot.Frame{FontSize: fontSize}, Series: []plot.Series{{Y: []float64{0, 1}}}})
	if err != nil {
		return text.Style{}, err
	}
	sty := p.X.Tick.Label
	sty.XAlign, sty.YAlign, sty.Rotation = 0, 0, 0 // as a legend's, from its corner
	return sty, nil
}

// cellPoints is the size in points of one cell of a figure of size (in
// inches) split into cols × rows panels (plot.SavePanels: 4 mm between
// cells).
func cellPoints(size plot.Size, cols, rows int) (w, h vg.Length) {
	pad := vg.Millimeter * 4
	w = (vg.Length(size.Width)*vg.Inch - vg.Length(cols-1)*pad) / vg.Length(cols)
	h = (vg.Length(size.Height)*vg.Inch - vg.Length(rows-1)*pad) / vg.Length(rows)
	return w, h
}

// dataArea is what is left of a panel's cell of w × h points for its data
// once its title and caption (two lines), x label and tick labels, and y
// label and tick labels are drawn, as measured in sty's size (taken
// generously: a legend sized on it fits).
func dataArea(sty text.Style, w, h vg.Length) (dw, dh vg.Length) {
	line := sty.Rectangle("Ay").Max.Y
	dh = h - 2*line*14/11 - 6 - line*13/11 - 4 - line - 8
	dw = w - line*13/11 - 4 - sty.Width("−0.0000") - 8
	return dw, dh
}

// legendBoxSize is the size of the legend box plot.Lines draws for names
// in one column, in sty.
func legendBoxSize(sty text.Style, names []string) (w, h vg.Length) {
	em := sty.Rectangle(" ").Max.X
	var widest vg.Length
	for _, n := range names {
		widest = max(widest, sty.Width(n))
	}
	rowH := sty.Rectangle("Ay").Max.Y
	n := vg.Length(len(names))
	w = legendThumb + em + widest + 2*legendMargin
	h = n*rowH + (n-1)*legendPadding + sty.FontExtents().Descent + 2*legendMargin
	return w, h
}

// legendInsideFits reports whether a legend of names fits inside a data
// area of w × h points without covering much of it: at most 3/4 of its
// width, 45 % of its height (above that plot.Lines makes no room for it,
// and it hid the data) and a quarter of its area.
func legendInsideFits(sty text.Style, names []string, w, h vg.Length) bool {
	bw, bh := legendBoxSize(sty, names)
	bh += 2 * legendInsetPt
	return bw <= 0.75*w && bh <= 0.45*h && bw*bh <= 0.25*w*h
}

// legendRows is how many entries one column of a legend holds in a panel
// of h points (plot's legend box in a hidden-axes panel).
func legendRows(sty text.Style, h vg.Length) int {
	rowH := sty.Rectangle("Ay").Max.Y
	return int((h - 2*legendInsetPt - 2*legendMargin - sty.FontExtents().Descent + legendPadding) / (rowH + legendPadding))
}

// legendColRoom is the room for each name in a legend of cols columns
// across w points (as plot's legend box sizes them).
func legendColRoom(sty text.Style, w vg.Length, cols int) vg.Length {
	em := sty.Rectangle(" ").Max.X
	return (w-2*legendInsetPt-2*legendMargin-vg.Length(cols-1)*em)/vg.Length(cols) - legendThumb - em
}

// cutKeepingTail shortens name to fit in w in sty keeping both ends, "…"
// between: the start and the distinguishing end ("duopoly-stackelb… seed
// 17"); its end gets at least half the room. When its first keep bytes
// (the series' own name and number of runs, before the keys that tell it
// apart) fit with room for "…", they are kept whole and the rest is cut
// so ("STAC (m = 1) (n = 2) (rl.cg…=[16 16])", at least "STAC (m = 1) (n
// = 2)…").
func cutKeepingTail(sty text.Style, name string, w vg.Length, keep int) string {
	return cutSharing(sty, name, w, keep, 1, 2)
}

// cutSharing is cutKeepingTail with the end of a name cut in the middle
// getting num/den of the runes kept (cutKeepingTail: half).
func cutSharing(sty text.Style, name string, w vg.Length, keep, num, den int) string {
	if sty.Width(name) <= w {
		return name
	}
	if keep > 0 && keep < len(name) {
		head := name[:keep]
		if rest := w - sty.Width(head); rest >= sty.Width("…") {
			return head + cutSharing(sty, name[keep:], rest, 0, num, den)
		}
	}
	r := []rune(name)
	// The longest cut that fits, by bisection on the runes kept, the end
	// keeping ⌈k·num/den⌉ of them (up to the whole name's end).
	tailOf := func(k int) int { return min((k*num+den-1)/den, len(r), k) }
	fits := func(k int) bool {
		tail := tailOf(k)
		head := k - tail
		return sty.Width(string(r[:head])+"…"+string(r[len(r)-tail:])) <= w
	}
	lo, hi := 0, len(r)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if fits(mid) {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	tail := tailOf(lo)
	return string(r[:lo-tail]) + "…" + string(r[len(r)-tail:])
}

// minBoxName is the least room plot's legend box leaves each name
// (plot/style.go's legendBox: five characters and "…").
const minBoxName = "MMMMM…"

// widest is the width of the widest of names in sty.
func widest(sty text.Style, names []string) vg.Length {
	var w vg.Length
	for _, n := range names {
		w = max(w, sty.Width(n))
	}
	return w
}

// minNameRoom is the least room a legend's column leaves each name: ten
// characters, enough for a cut name's start and its distinguishing end.
const minNameRoom = "MMMMMMMMMM"

// legendCut is a legend of names laid out in cells legend panels
// (legendFit).
type legendCut struct {
	// names are the entries as drawn: cut to their columns, the start
	// their cell's entries share left out.
	names []string
	// titles are, for each cell, the start its entries share, said once
	// in its title ("HalfCheetah-v4, …"); "" when none was left out.
	titles []string
	// cols is the number of columns of each cell.
	cols int
	// need is the height in points each cell needs to list every entry
	// in cols columns (at least the cell's).
	need vg.Length
	// alike are two full names whose entries read alike in one cell, or
	// one cut to "…" alone (both the same); nil when none do.
	alike []string
}

// legendFit is how a legend of names is laid out in cells legend panels
// of w × h points each (the entries split in order, the first cells
// taking the most): each cell's columns, as many as its height needs,
// but no more than leave minNameRoom for each name; the names cut to
// them (cutKeepingTail, keeping the first keep[i] bytes of name i if it
// can), once the start a cell's entries all share is left out (said in
// the cell's title) when a name does not fit whole. When taller is set
// and the names cut so read alike, fewer columns are used (a taller
// cell) while that sets them apart.
func legendFit(sty text.Style, names []string, keep []int, cells int, w, h vg.Length, taller bool) legendCut {
	per := (len(names) + cells - 1) / cells
	rows := max(1, legendRows(sty, h))
	cols := max(1, (per+rows-1)/rows)
	minRoom := sty.Width(minNameRoom)
	if legendColRoom(sty, w, cols) < minRoom {
		// Fewer columns, each with room for a name: taller cells.
		most := 1
		for legendColRoom(sty, w, most+1) >= minRoom {
			most++
		}
		cols = min(cols, most)
	}
	fit := cutNames(sty, names, keep, cells, w, cols)
	for taller && fit.alike != nil && cols > 1 {
		cols--
		fit = cutNames(sty, names, keep, cells, w, cols)
	}
	rows = (per + cols - 1) / cols
	rowH := sty.Rectangle("Ay").Max.Y
	fit.need = max(h, vg.Length(rows)*(rowH+legendPadding)-legendPadding+2*legendInsetPt+2*legendMargin+sty.FontExtents().Descent+1)
	return fit
}

// cutNames cuts names to legend cells of w points in cols columns
// (legendFit), the start a cell's entries share left out when one of them
// does not fit whole.
func cutNames(sty text.Style, names []string, keep []int, cells int, w vg.Length, cols int) legendCut {
	// A little less than the room, so that plot's legend, measuring the
	// panel it is drawn in, never cuts a name again (its start kept).
	room := legendColRoom(sty, w, cols)*0.95 - sty.Rectangle(" ").Max.X
	fit := legendCut{names: make([]string, len(names)), titles: make([]string, cells), cols: cols}
	per := (len(names) + cells - 1) / cells
	for c := range cells {
		lo, hi := min(c*per, len(names)), min((c+1)*per, len(names))
		group := names[lo:hi]
		shared := ""
		if len(group) > 1 && slices.ContainsFunc(group, func(n string) bool { return sty.Width(n) > room }) {
			shared = sharedStart(group)
		}
		if shared != "" {
			fit.titles[c] = shared + "…"
		}
		// The end of a name cut in the middle gets half the room, or,
		// when the names so cut read alike, the share that sets them
		// apart ("STAC (m…80) seed 1", not "STAC (… seed 1" for both
		// STAC (m = 1) and STAC (m = 80)).
		var alike []string
		for _, share := range [][2]int{{1, 2}, {2, 3}, {3, 4}, {1, 3}, {1, 4}, {1, 1}, {0, 1}} {
			alike = nil
			seen := map[string]int{}
			for i := lo; i < hi; i++ {
				k := 0
				if i < len(keep) {
					k = max(0, keep[i]-len(shared))
				}
				fit.names[i] = cutSharing(sty, names[i][len(shared):], room, k, share[0], share[1])
				if j, ok := seen[fit.names[i]]; ok && alike == nil {
					alike = []string{names[j], names[i]}
				}
				if fit.names[i] == "…" && alike == nil {
					alike = []string{names[i], names[i]}
				}
				seen[fit.names[i]] = i
			}
			if alike == nil {
				break
			}
		}
		if alike != nil {
			// None sets them apart: the ends get half the room.
			alike = nil
			seen := map[string]int{}
			for i := lo; i < hi; i++ {
				k := 0
				if i < len(keep) {
					k = max(0, keep[i]-len(shared))
				}
				fit.names[i] = cutKeepingTail(sty, names[i][len(shared):], room, k)
				if j, ok := seen[fit.names[i]]; ok && alike == nil {
					alike = []string{names[j], names[i]}
				}
				if fit.names[i] == "…" && alike == nil {
					alike = []string{names[i], names[i]}
				}
				seen[fit.names[i]] = i
			}
		}
		if fit.alike == nil {
			fit.alike = alike
		}
	}
	return fit
}

// sharedStart is the start every one of names shares, up to a space
// outside brackets ("HalfCheetah-v4, " of "HalfCheetah-v4, STAC (m = 1)
// seed 1" and "HalfCheetah-v4, AC (m = 80) seed 2", not "STAC (m = " of
// "STAC (m = 1)" and "STAC (m = 80)"), leaving something of each; "" when
// they share none.
func sharedStart(names []string) string {
	if len(names) == 0 {
		return ""
	}
	common := names[0]
	for _, n := range names[1:] {
		i := 0
		for i < len(common) && i < len(n) && common[i] == n[i] {
			i++
		}
		common = common[:i]
	}
	end, depth := 0, 0
	for i := 0; i < len(common); i++ {
		switch common[i] {
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			depth--
		case ' ':
			if depth == 0 {
				end = i + 1
			}
		}
	}
	for _, n := range names {
		if len(n) <= end {
			return ""
		}
	}
	return common[:end]
}

// inchesFor is the height in inches a figure needs for its rows of cells
// to be h points high each.
func inchesFor(h vg.Length, rows int) float64 {
	pad := vg.Millimeter * 4
	return math.Ceil(float64(vg.Length(rows)*h+vg.Length(rows-1)*pad)/float64(vg.Inch)*100) / 100
}

// droppedNote says that the legend leaves out entries for want of room.
func droppedNote(n int, height float64) string {
	return fmt.Sprintf("legend: its %d entries need a figure about %.3g in high to be listed each with its name; at the height given some are counted in its last line (\"… and k more\") instead: give a larger --height", n, height)
}

// legendPanels adds to the data panels' plots the legend's panels
// (legendPanel; lay.LegendCells of them) and gives the figure's size,
// for the legend of a figure of opts outside the data: measured in the
// data areas plot.SavePanels gives its panels (plot.PanelDataAreas, the
// rule plot's legend lays itself out by), its names are cut to its
// columns (legendFit), and the figure is made taller, when its height is
// not given, for every entry to be listed with a name that reads apart
// from the others. Panels too narrow for a legend's column go one to a
// row. warnings say what the figure still lacks: entries left out, or
// names that read alike.
func legendPanels(opts Options, lay *Layout, data []*gplot.Plot, legend []plot.Series, dashed []bool, size plot.Size) (plots []*gplot.Plot, _ plot.Size, warnings []string, err error) {
	sty, err := legendStyle(opts.FontSize)
	if err != nil {
		return nil, size, nil, err
	}
	names := make([]string, len(legend))
	for i, s := range legend {
		names[i] = s.Name
	}
	build := func(fit legendCut) error {
		plots = slices.Clone(data)
		per := (len(legend) + lay.LegendCells - 1) / lay.LegendCells
		for c := range lay.LegendCells {
			lo, hi := min(c*per, len(legend)), min((c+1)*per, len(legend))
			if lo == hi {
				break
			}
			cell := slices.Clone(legend[lo:hi])
			title := ""
			if fit.names != nil {
				for i := range cell {
					cell[i].Name = fit.names[lo+i]
				}
				title = fit.titles[c]
			}
			lp, err := legendPanel(cell, dashed[lo:hi], opts.FontSize, title)
			if err != nil {
				return err
			}
			plots = append(plots, lp)
		}
		return nil
	}
	// The room of the legend's first cell (the others are as large).
	measure := func() (w, h vg.Length, err error) {
		areas, err := plot.PanelDataAreas(plots, lay.Cols, size)
		if err != nil {
			return 0, 0, err
		}
		r := areas[len(data)]
		return r.Max.X - r.Min.X, r.Max.Y - r.Min.Y, nil
	}
	grow := opts.Height == 0
	var fit, last legendCut
	if err := build(fit); err != nil {
		return nil, size, nil, err
	}
	fits := false
	// A few rounds: a cell's title, or a taller figure, changes its room.
	for range 6 {
		w, h, err := measure()
		if err != nil {
			return nil, size, nil, err
		}
		if lay.Cols == 2 && legendColRoom(sty, w, 1) < min(widest(sty, names), sty.Width(minBoxName)) {
			// Too narrow for a column of names (a box of "…"s ran off
			// the figure's right edge): one panel to a row, the
			// legend's cells below them.
			one := *lay
			one.Cols, one.LegendPlace = 1, LegendBelow
			one.Rows = len(data) + one.LegendCells
			if s, err := figureSize(opts, one.Cols, one.Rows); err == nil {
				*lay, size, lay.GrownTo = one, s, 0
				fit = legendCut{}
				if err := build(fit); err != nil {
					return nil, size, nil, err
				}
				continue
			}
		}
		fit = legendFit(sty, names, lay.keep, lay.LegendCells, w, h, grow)
		fits = fit.need <= h
		if !fits && grow {
			height := math.Ceil((size.Height+float64(fit.need-h)*float64(lay.Rows)/float64(vg.Inch))*100) / 100
			grown := opts
			grown.Width, grown.Height = size.Width, height
			if g, err := figureSize(grown, lay.Cols, lay.Rows); err == nil {
				size, lay.GrownTo = g, height
			} else {
				grow = false
				fit = legendFit(sty, names, lay.keep, lay.LegendCells, w, h, false)
			}
		}
		if err := build(fit); err != nil {
			return nil, size, nil, err
		}
		if fits && slices.Equal(fit.names, last.names) && slices.Equal(fit.titles, last.titles) {
			break
		}
		last = fit
	}
	if !fits {
		height := size.Height
		if w, h, err := measure(); err == nil {
			need := legendFit(sty, names, lay.keep, lay.LegendCells, w, h, true).need
			height = math.Ceil((size.Height+float64(need-h)*float64(lay.Rows)/float64(vg.Inch))*100) / 100
		}
		warnings = append(warnings, droppedNote(len(legend), height))
	}
	if fit.alike != nil {
		lay.alike = true
		warnings = append(warnings, alikeNote(fit.alike, opts.Height != 0 && fit.cols > 1))
	}
	return plots, size, warnings, nil
}

// alikeNote says that the legend's names, cut to its columns, read alike
// (a and b, full names), and what gives them room: a larger --height
// (fewer columns) when heightHelps, else a larger --width.
func alikeNote(alike []string, heightHelps bool) string {
	what := fmt.Sprintf("%q and %q read alike", alike[0], alike[1])
	if alike[0] == alike[1] {
		what = fmt.Sprintf("%q is cut to \"…\"", alike[0])
	}
	give := "--width"
	if heightHelps {
		give = "--height (fewer, wider columns) or --width"
	}
	return fmt.Sprintf("legend: its names are cut to its columns, and some read alike (%s): give a larger %s", what, give)
}
