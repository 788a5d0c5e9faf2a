package runplot

import (
	"encoding/xml"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// pngSVGSize returns the pixel size of base.png and the width and height
// attributes of base.svg's root.
func pngSVGSize(t *testing.T, base string) (w, h int, svgW, svgH string, svg string) {
	t.Helper()
	f, err := os.Open(base + ".png")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cfg, err := png.DecodeConfig(f)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(base + ".svg")
	if err != nil {
		t.Fatal(err)
	}
	var root struct {
		Width  string `xml:"width,attr"`
		Height string `xml:"height,attr"`
	}
	if err := xml.Unmarshal(b, &root); err != nil {
		t.Fatal(err)
	}
	return cfg.Width, cfg.Height, root.Width, root.Height, string(b)
}

// TestPlotSize56s: Width and Height are the whole figure's inches (two
// panels side by side share Width), one alone keeping the default's
// proportions (6×4 in a panel: 12×4 for two), DPI the PNG's resolution,
// exactly round(inches·DPI) pixels, and the SVG 72 pt an inch; FontSize
// reaches the SVG's tick labels. The defaults are as before: 6×4 in a
// panel at 150 dpi, 11 pt ticks.
func TestPlotSize56s(t *testing.T) {
	root := twoSeeds(t) // panels f1 and f2
	for _, tc := range []struct {
		name       string
		opts       Options
		w, h       int
		svgW, svgH string
		font       string
	}{
		{"defaults", Options{}, 1800, 600, "864pt", "288pt", "font-size:11px"},
		{"one panel", Options{Y: []string{"f1"}}, 900, 600, "432pt", "288pt", "font-size:11px"},
		// Two 1.65 × 1.1 in panels have no room for their legends inside:
		// the legend goes below them (a second row: 2.2 in high in the
		// default's proportions of 2 × 2 panels, where its one entry is
		// listed with its name).
		{"3.3 in at 300 dpi, 7 pt", Options{Width: 3.3, DPI: 300, FontSize: 7}, 990, 660, "237.6pt", "158.4pt", "font-size:7px"},
		{"3.3×2 in at 600 dpi", Options{Width: 3.3, Height: 2, DPI: 600, FontSize: 6.5}, 1980, 1200, "237.6pt", "144pt", "font-size:6.5px"},
		{"height alone", Options{Height: 2, Y: []string{"f1"}}, 450, 300, "216pt", "144pt", "font-size:11px"},
	} {
		tc.opts.Dirs = []string{root}
		tc.opts.Out = filepath.Join(t.TempDir(), "fig")
		if _, err := Plot(tc.opts); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		w, h, svgW, svgH, svg := pngSVGSize(t, tc.opts.Out)
		if w != tc.w || h != tc.h || svgW != tc.svgW || svgH != tc.svgH {
			t.Errorf("%s: PNG %d×%d, SVG %s×%s; want %d×%d, %s×%s", tc.name, w, h, svgW, svgH, tc.w, tc.h, tc.svgW, tc.svgH)
		}
		// The tick label "0" of the x axis (iter from 0).
		if !strings.Contains(svg, tc.font+`">0</text>`) {
			t.Errorf("%s: no tick label 0 in %s", tc.name, tc.font)
		}
	}
}

// TestPlotSizeRefused56s: values out of bounds, and sizes whose PNG would
// exceed MaxPixels, are refused before anything is written, each with a
// message naming the flag and the value.
func TestPlotSizeRefused56s(t *testing.T) {
	root := twoSeeds(t)
	for _, tc := range []struct {
		opts Options
		want string
	}{
		{Options{Width: -1}, "--width -1: want the figure's width in inches, from 1 to 50"},
		{Options{Width: math.NaN()}, "--width NaN: want the figure's width in inches, from 1 to 50"},
		{Options{Height: math.Inf(1)}, "--height +Inf: want the figure's height in inches, from 1 to 50"},
		{Options{Height: 0.5}, "--height 0.5: want the figure's height in inches, from 1 to 50"},
		{Options{DPI: 49}, "--dpi 49: want the PNG's resolution in pixels per inch, from 50 to 1200"},
		{Options{DPI: 1201}, "--dpi 1201: want the PNG's resolution in pixels per inch, from 50 to 1200"},
		{Options{FontSize: 3.9}, "--font-size 3.9: want the tick labels' size in points, from 4 to 36"},
		{Options{FontSize: math.Inf(-1)}, "--font-size -Inf: want the tick labels' size in points, from 4 to 36"},
		{Options{Width: 30, Height: 20, DPI: 1200}, "--width 30 --height 20 --dpi 1200: the figure, 30×20 in at 1200 dpi, would be a 36000×24000-pixel PNG, over 100 million pixels; lower --dpi, --width or --height"},
		// Two panels, the default's proportions 3:1: 2 in wide is 0.67 high.
		{Options{Width: 2}, "--width 2: the figure's height in the default's proportions (2×1 panels of 6×4 in) would be 0.6667 in, not from 1 to 50; give --height too"},
		{Options{Height: 20}, "--height 20: the figure's width in the default's proportions (2×1 panels of 6×4 in) would be 60 in, not from 1 to 50; give --width too"},
	} {
		tc.opts.Dirs = []string{root}
		tc.opts.Out = filepath.Join(t.TempDir(), "fig")
		if _, err := Plot(tc.opts); err == nil || err.Error() != tc.want {
			t.Errorf("%+v: %v, want %q", tc.opts, err, tc.want)
		}
		if _, err := os.Stat(tc.opts.Out + ".png"); !os.IsNotExist(err) {
			t.Errorf("%+v: fig.png written (stat: %v)", tc.opts, err)
		}
	}
}

// TestFigureSizePanels56s: the PNG's pixel cap is checked on the figure's
// panels, not one: 12 in at 1200 dpi is 14400×9600 pixels for one panel
// (6×4 proportions: 138 million, refused) but 14400×4800 for two side by
// side (69 million, allowed).
func TestFigureSizePanels56s(t *testing.T) {
	opts := Options{Width: 12, DPI: 1200}
	if s, err := figureSize(opts, 2, 1); err != nil || s.Width != 12 || s.Height != 4 || s.DPI != 1200 {
		t.Errorf("two panels: %+v, %v; want 12×4 in at 1200 dpi", s, err)
	}
	want := "--width 12 --dpi 1200: the figure, 12×8 in at 1200 dpi, would be a 14400×9600-pixel PNG, over 100 million pixels; lower --dpi, --width or --height"
	if _, err := figureSize(opts, 1, 1); err == nil || err.Error() != want {
		t.Errorf("one panel: %v, want %q", err, want)
	}
}
