package runplot

import (
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/stackel/stackel/plot"
)

// TestLegendOutsideWithManySeries: a panel of more than MaxLegendInside
// (8) series has its legend in a panel of its own, beside one data
// panel or below two (the figure's grid and default size growing by
// that panel: 2 × 1 panels of 6 × 4 in, 900 × 600 pixels each at 150
// dpi), each series keeping one colour and dash in every panel and in
// the legend (the palette's in turn); 8 series keep their legend inside.
func TestLegendOutsideWithManySeries(t *testing.T) {
	mk := func(n int) Panel {
		var p Panel
		for i := range n {
			p.Series = append(p.Series, plot.Series{Name: fmt.Sprintf("s%d", i), Y: []float64{1, 2}})
		}
		return p
	}
	for _, c := range []struct {
		panels     []Panel
		outside    bool
		place      string
		cols, rows int
	}{
		{[]Panel{mk(8)}, false, LegendInside, 1, 1},
		{[]Panel{mk(8), mk(8)}, false, LegendInside, 2, 1},
		{[]Panel{mk(9)}, true, LegendBeside, 2, 1},
		{[]Panel{mk(24), mk(24)}, true, LegendBelow, 2, 2},
		{[]Panel{mk(24), mk(24), mk(24)}, true, LegendBeside, 2, 2},
	} {
		lay, legend := layoutOf(c.panels, false)
		if lay.LegendOutside != c.outside || lay.LegendPlace != c.place || lay.Cols != c.cols || lay.Rows != c.rows {
			t.Errorf("%d panels of %d series: %+v; want outside %v, %s, %d × %d", len(c.panels), len(c.panels[0].Series), lay, c.outside, c.place, c.cols, c.rows)
		}
		if !c.outside {
			continue
		}
		if len(legend) != len(c.panels[0].Series) {
			t.Fatalf("legend of %d entries; want %d", len(legend), len(c.panels[0].Series))
		}
		for k, s := range legend {
			col, dash := turnStyle(k)
			if s.Colour != col || s.Dash != dash {
				t.Errorf("legend %s: %v, %v; want %v, %v", s.Name, s.Colour, s.Dash, col, dash)
			}
			for _, p := range c.panels {
				if p.Series[k].Colour != col || p.Series[k].Dash != dash {
					t.Errorf("panel series %s: %v, %v; want the legend's %v, %v", s.Name, p.Series[k].Colour, p.Series[k].Dash, col, dash)
				}
			}
		}
	}
	// turnStyle follows plot.Lines' turns: 7 colours, then the next dash.
	if c, d := turnStyle(0); c != plot.Blue || d != plot.Solid {
		t.Errorf("turnStyle(0) = %v, %v; want blue, solid", c, d)
	}
	if c, d := turnStyle(8); c != plot.Vermilion || d != plot.Dotted {
		t.Errorf("turnStyle(8) = %v, %v; want vermilion, dotted", c, d)
	}

	// Nine variants of one run each, drawn: the legend beside the panel.
	root := t.TempDir()
	var vs []reproVariant
	for i := range 9 {
		vs = append(vs, reproVariant{fmt.Sprintf("v%d", i), "", "ac", 80, [][2]float64{{float64(i), float64(2 * i)}}})
	}
	writeRepro(t, root, "", vs)
	res, err := Plot(Options{Dirs: []string{root}, Y: []string{"avg_return"}})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Layout.LegendOutside || res.Layout.LegendPlace != LegendBeside || res.Layout.Entries != 9 {
		t.Errorf("layout %+v; want the legend beside, 9 entries", res.Layout)
	}
	f, err := os.Open(filepath.Join(root, "plot.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cfg, err := png.DecodeConfig(f)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Width != 1800 || cfg.Height != 600 {
		t.Errorf("PNG %d × %d; want 1800 × 600 (the panel and the legend's, 6 × 4 in each at 150 dpi)", cfg.Width, cfg.Height)
	}
	want := "legend drawn beside the data, in a panel of its own: 9 series, more than the 8 a legend inside the data holds"
	if len(res.Said) == 0 || res.Said[len(res.Said)-1] != want {
		t.Errorf("said %q; want it to end in %q", res.Said, want)
	}
}
