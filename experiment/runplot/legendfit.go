package runplot

import (
	"fmt"
	"math"

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
	if sty.Width(name) <= w {
		return name
	}
	if keep > 0 && keep < len(name) {
		head := name[:keep]
		if rest := w - sty.Width(head); rest >= sty.Width("…") {
			return head + cutKeepingTail(sty, name[keep:], rest, 0)
		}
	}
	r := []rune(name)
	// The longest cut that fits, by bisection on the runes kept, the end
	// keeping ⌈k/2⌉ of them (up to the whole name's end).
	fits := func(k int) bool {
		tail := min((k+1)/2, len(r))
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
	tail := (lo + 1) / 2
	return string(r[:lo-tail]) + "…" + string(r[len(r)-tail:])
}

// minNameRoom is the least room a legend's column leaves each name: ten
// characters, enough for a cut name's start and its distinguishing end.
const minNameRoom = "MMMMMMMMMM"

// legendFit is how a legend of names is laid out in cells legend panels
// of w × h points each (the entries split in order, the first cells
// taking the most): each cell's columns, the names as cut to them
// (cutKeepingTail, keeping the first keep[i] bytes of name i if it can),
// and the height in points each cell needs so that
// every entry is listed with at least minNameRoom for its name (h when
// it does).
func legendFit(sty text.Style, names []string, keep []int, cells int, w, h vg.Length) (cut []string, need vg.Length) {
	per := (len(names) + cells - 1) / cells
	rows := max(1, legendRows(sty, h))
	cols := (per + rows - 1) / rows
	minRoom := sty.Width(minNameRoom)
	need = h
	if legendColRoom(sty, w, cols) < minRoom {
		// Fewer columns, each with room for a name: taller cells.
		cols = 1
		for legendColRoom(sty, w, cols+1) >= minRoom {
			cols++
		}
		rows = (per + cols - 1) / cols
		rowH := sty.Rectangle("Ay").Max.Y
		need = vg.Length(rows)*(rowH+legendPadding) - legendPadding + 2*legendInsetPt + 2*legendMargin + sty.FontExtents().Descent + 1
	}
	// A little less than the room, so that plot's legend, measuring the
	// panel it is drawn in, never cuts a name again (its start kept).
	room := legendColRoom(sty, w, cols)*0.95 - sty.Rectangle(" ").Max.X
	cut = make([]string, len(names))
	for i, n := range names {
		k := 0
		if i < len(keep) {
			k = keep[i]
		}
		cut[i] = cutKeepingTail(sty, n, room, k)
	}
	return cut, need
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
