package plot

import (
	"math"
	"path/filepath"
	"strings"
	"testing"
)

// TestLegendRoomIsWhatTheBoxNeeds: a legend over a plateau below the
// data's peak grows the y range just enough that the plateau clears the box
// by legendInset (6 pt), not by the box's height over the whole padded
// range. Data from 1 to 3 (a peak of 3 at the left, a plateau at 2.6 under
// a four-entry legend in the top right) grew the range to [0.92, 4.016]:
// the plateau 41 pt under the box, the data in the bottom two thirds.
// Now the range is [0.92, Min + (2.6 − Min)/(1 − r)], r the box and two
// insets over the data area's height, read back from the SVG; mirrored
// for a bottom corner.
func TestLegendRoomIsWhatTheBoxNeeds(t *testing.T) {
	x := []float64{0, 1, 2, 3, 4, 5, 6, 7, 8}
	for _, tc := range []struct {
		name    string
		corner  Corner
		y       []float64
		plateau float64
	}{
		{"top", TopRight, []float64{1, 3, 1, 1, 1, 2.6, 2.6, 2.6, 2.6}, 2.6},
		{"auto", Auto, []float64{1, 3, 1, 1, 1, 2.6, 2.6, 2.6, 2.6}, 2.6},
		{"bottom", BottomRight, []float64{3, 1, 3, 3, 3, 1.4, 1.4, 1.4, 1.4}, 1.4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ss := []Series{{Name: "a", X: x, Y: tc.y}}
			// Short series out of the top legend's way: one in the bottom
			// right corner (so that Auto finds no empty corner), two at
			// the left.
			ss = append(ss, Series{Name: "b", X: []float64{5, 8}, Y: []float64{4 - tc.plateau, 4 - tc.plateau}})
			for _, n := range []string{"c", "d"} {
				ss = append(ss, Series{Name: n, X: []float64{0, 0.5}, Y: []float64{2, 2}})
			}
			p, err := Lines(LinesFigure{Frame: Frame{Title: "t", XLabel: "x", YLabel: "y", Legend: tc.corner}, Series: ss})
			if err != nil {
				t.Fatal(err)
			}
			min0, max0 := p.Y.Min, p.Y.Max
			base := filepath.Join(t.TempDir(), "f")
			if _, err := Save(p, base, DefaultSize, "svg"); err != nil {
				t.Fatal(err)
			}
			d := readSVG(t, base+".svg")
			var box, axis *svgPath
			for i, q := range d.paths {
				if strings.Contains(q.style, "stroke:#B4B4B4") && box == nil {
					box = &d.paths[i]
				}
				// The x axis line: black, horizontal, the widest.
				if strings.Contains(q.style, "stroke:#000000;stroke-width:0.5") && len(q.pts) == 2 && q.pts[0].y == q.pts[1].y &&
					(axis == nil || q.pts[1].x-q.pts[0].x > axis.pts[1].x-axis.pts[0].x) {
					axis = &d.paths[i]
				}
			}
			if box == nil || axis == nil {
				t.Fatal("no legend box or x axis in the SVG")
			}
			boxLo, boxHi := math.Inf(1), math.Inf(-1)
			for _, pt := range box.pts {
				boxLo, boxHi = math.Min(boxLo, pt.y), math.Max(boxHi, pt.y)
			}
			lines := strokes(d, "#0072B2")
			if len(lines) == 0 {
				t.Fatal("no data line")
			}
			line := lines[0]
			plateau := line.pts[len(line.pts)-1].y
			top := tc.corner != BottomRight
			gap := boxLo - plateau
			if !top {
				gap = plateau - boxHi
			}
			if math.Abs(gap-legendInset) > 0.05 {
				t.Errorf("plateau %.2f pt from the legend box [%.2f, %.2f], want %d pt (±0.05); y range [%v, %v]", gap, boxLo, boxHi, legendInset, p.Y.Min, p.Y.Max)
			}
			// The range itself: r from the box height and the data
			// area's height (the x axis line to 6 pt above the box),
			// ±5e-3 (the SVG's 0.01 pt rounding); a bottom legend grows the bottom.
			if top {
				r := (boxHi - boxLo + 2*legendInset) / (boxHi + legendInset - axis.pts[0].y)
				want := min0 + (tc.plateau-min0)/(1-r)
				if math.Abs(p.Y.Max-want) > 5e-3 || p.Y.Min != min0 {
					t.Errorf("y range [%v, %v], want [%v, %.4f] (r = %.4f)", p.Y.Min, p.Y.Max, min0, want, r)
				}
			} else if p.Y.Max != max0 || !(p.Y.Min < min0) {
				t.Errorf("y range [%v, %v], want the bottom grown from [%v, %v]", p.Y.Min, p.Y.Max, min0, max0)
			}
		})
	}
}
