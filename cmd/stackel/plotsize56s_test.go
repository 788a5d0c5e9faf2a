package main

import (
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPlotSizeFlags56s: stackel plot --width --dpi --font-size writes a
// PNG of exactly round(width·dpi) pixels across (height in the default's
// proportions: 3:1 for two panels, but their 1.1 in leave no room for
// the legend inside: it goes below them, in the proportions of 2 × 2
// panels, 2.2 in, room enough for its one name), an SVG of width·72 pt, and tick
// labels at --font-size; an explicit 0 and values out of bounds are
// refused with the flag named.
func TestPlotSizeFlags56s(t *testing.T) {
	root := t.TempDir()
	runs := runPlotSeeds(t, root, "1")
	base := filepath.Join(root, "fig")
	if _, err := execute(t, "plot", runs, "--out", base, "--width", "3.3", "--dpi", "300", "--font-size", "7"); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(base + ".png")
	if err != nil {
		t.Fatal(err)
	}
	c, err := png.DecodeConfig(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	if c.Width != 990 || c.Height != 660 {
		t.Errorf("PNG %d×%d, want 990×660 (3.3×2.2 in at 300 dpi)", c.Width, c.Height)
	}
	svg, err := os.ReadFile(base + ".svg")
	if err != nil {
		t.Fatal(err)
	}
	if s := string(svg); !strings.Contains(s, `<svg width="237.6pt" height="158.4pt"`) || !strings.Contains(s, `font-size:7px">0</text>`) {
		t.Errorf("SVG without width 237.6pt, height 158.4pt and a 7 pt tick label 0: %.300s", s)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--width", "0"}, "--width 0: want the figure's width in inches, from 1 to 50"},
		{[]string{"--height", "NaN"}, "--height NaN: want the figure's height in inches, from 1 to 50"},
		{[]string{"--dpi", "0"}, "--dpi 0: want the PNG's resolution in pixels per inch, from 50 to 1200"},
		{[]string{"--dpi", "5000"}, "--dpi 5000: want the PNG's resolution in pixels per inch, from 50 to 1200"},
		{[]string{"--font-size", "0"}, "--font-size 0: want the tick labels' size in points, from 4 to 36"},
		{[]string{"--font-size", "Inf"}, "--font-size +Inf: want the tick labels' size in points, from 4 to 36"},
		{[]string{"--width", "40", "--height", "40", "--dpi", "600"}, "--width 40 --height 40 --dpi 600: the figure, 40×40 in at 600 dpi, would be a 24000×24000-pixel PNG, over 100 million pixels; lower --dpi, --width or --height"},
	} {
		args := append([]string{"plot", runs, "--out", filepath.Join(root, "no")}, tc.args...)
		if _, err := execute(t, args...); err == nil || err.Error() != tc.want {
			t.Errorf("%s: %v, want %q", strings.Join(tc.args, " "), err, tc.want)
		}
	}
	if _, err := os.Stat(filepath.Join(root, "no.png")); !os.IsNotExist(err) {
		t.Errorf("a refused plot wrote no.png (stat: %v)", err)
	}
}
