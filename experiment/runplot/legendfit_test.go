package runplot

import (
	"fmt"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestLegendPanelListsEveryEntry: 32 series with long names sharing their
// start (each seed of one configuration) in two panels at --width 6: the
// legend takes the whole last row (two cells, 16 entries each), the
// figure is made taller than the default's 4 in (in the default's
// proportions) so that every entry is listed with its name, and the names
// cut to the legend's columns keep their distinguishing end ("… seed
// 17"). With --height 4 as well the figure keeps its size and a note says
// that entries are left out.
func TestLegendPanelListsEveryEntry(t *testing.T) {
	root := t.TempDir()
	var vs []reproVariant
	for i := range 32 {
		vs = append(vs, reproVariant{fmt.Sprintf("duopoly-stackelberg-leader-first-%02d", i), "", "ac", 80, [][2]float64{{float64(i), float64(2 * i)}}})
	}
	writeRepro(t, root, "", vs)
	out := filepath.Join(root, "fig")
	res, err := Plot(Options{Dirs: []string{root}, Width: 6, Out: out})
	if err != nil {
		t.Fatal(err)
	}
	lay := res.Layout
	if lay.LegendCells != 2 || lay.Rows != 2 || lay.Entries != 32 {
		t.Errorf("layout %+v; want the legend in 2 cells of the second row, 32 entries", lay)
	}
	f, err := os.Open(out + ".png")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := png.DecodeConfig(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Width != 900 || !(cfg.Height > 600) || float64(cfg.Height) != math.Round(lay.GrownTo*150) {
		t.Errorf("PNG %d × %d, grown to %v in; want 900 wide, taller than 600 (the height it was grown to × 150 dpi)", cfg.Width, cfg.Height, lay.GrownTo)
	}
	if !slices.ContainsFunc(res.Said, func(s string) bool { return strings.HasPrefix(s, "figure made ") }) {
		t.Errorf("said %q; want it to say the figure was made taller", res.Said)
	}
	for _, n := range res.Notes {
		if strings.HasPrefix(n, "legend:") {
			t.Errorf("note %q; want none about the legend", n)
		}
	}
	res, err = Plot(Options{Dirs: []string{root}, Width: 6, Height: 4, Out: out})
	if err != nil {
		t.Fatal(err)
	}
	if res.Layout.GrownTo != 0 || !slices.ContainsFunc(res.Warnings, func(s string) bool { return strings.HasPrefix(s, "legend: its 32 entries need a figure about ") }) {
		t.Errorf("--height 4: grown to %v, warnings %q; want no growth and a warning on the entries left out", res.Layout.GrownTo, res.Warnings)
	}

	sty, err := legendStyle(0)
	if err != nil {
		t.Fatal(err)
	}
	name := "duopoly-stackelberg-leader-first seed 17"
	w := sty.Width(name) / 2
	cut := cutKeepingTail(sty, name, w, 0)
	if !strings.HasSuffix(cut, "seed 17") || !strings.HasPrefix(cut, "duopoly") || !strings.Contains(cut, "…") || sty.Width(cut) > w {
		t.Errorf("cut to half its width: %q (%v of %v pt); want its start, …, and its end seed 17", cut, sty.Width(cut), w)
	}
}

// TestCutKeepsOwnName: a name cut for a legend keeps the series' own name
// and its number of runs whole when they fit, cutting the keys that tell
// it apart from others of its name (their start and end kept).
func TestCutKeepsOwnName(t *testing.T) {
	sty, err := legendStyle(0)
	if err != nil {
		t.Fatal(err)
	}
	own := "STAC (m = 1) (n = 2)"
	name := own + " (rl.cg.iters=3, rl.hidden=[16 16])"
	w := sty.Width(own + " (rl.cg.…16])")
	cut := cutKeepingTail(sty, name, w, len(own))
	if !strings.HasPrefix(cut, own+" (rl") || !strings.HasSuffix(cut, "16])") || sty.Width(cut) > w {
		t.Errorf("cut %q (%v of %v pt); want %q whole, then the keys' start, …, their end", cut, sty.Width(cut), w, own)
	}
}
