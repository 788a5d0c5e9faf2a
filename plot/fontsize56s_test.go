package plot

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	gplot "gonum.org/v1/plot"
)

// svgFontSizes returns the distinct font sizes (the "font-size:…px" of
// each text's style, in points: the SVG's user unit is the point) of the
// SVG at path, in order of first use, and how many texts have each.
func svgFontSizes(t *testing.T, path string) ([]string, map[string]int) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	count := map[string]int{}
	for _, m := range regexp.MustCompile(`<text[^>]*font-size:([0-9.]+)px`).FindAllStringSubmatch(string(b), -1) {
		if count[m[1]] == 0 {
			order = append(order, m[1])
		}
		count[m[1]]++
	}
	return order, count
}

// TestFrameFontSize56s: Frame.FontSize sets the tick labels' size in
// points and scales the title (14/11), axis labels (13/11) and legend
// (11/11) with it, as the SVG's text says (gonum writes sizes to 5
// significant digits); 0 keeps 11, 14, 13 and 11 pt. Two figures built
// with different sizes keep their own (no shared state): the first is
// saved after the second is built.
func TestFrameFontSize56s(t *testing.T) {
	fig := func(size float64) LinesFigure {
		return LinesFigure{
			Frame:  Frame{Title: "T", XLabel: "x", YLabel: "y", FontSize: size},
			Series: []Series{{Name: "a", Y: []float64{1, 3, 2}}},
		}
	}
	small, err := Lines(fig(7))
	if err != nil {
		t.Fatal(err)
	}
	large, err := Lines(fig(20))
	if err != nil {
		t.Fatal(err)
	}
	def, err := Lines(fig(0))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		p    *gplot.Plot
		want []string // title, x label, y label… in drawing order
	}{
		// title 7·14/11 = 8.9091, labels 7·13/11 = 8.2727, ticks and
		// legend 7.
		{"FontSize 7", small, []string{"8.9091", "8.2727", "7"}},
		// 20·14/11 = 25.455, 20·13/11 = 23.636.
		{"FontSize 20", large, []string{"25.455", "23.636", "20"}},
		{"FontSize 0", def, []string{"14", "13", "11"}},
	} {
		paths, err := Save(tc.p, filepath.Join(t.TempDir(), "f"), Size{}, "svg")
		if err != nil {
			t.Fatal(err)
		}
		order, count := svgFontSizes(t, paths[0])
		if !slices.Equal(order, tc.want) {
			t.Errorf("%s: font sizes %q (%v), want %q", tc.name, order, count, tc.want)
			continue
		}
		// One title; two axis labels; the rest ticks and the legend's
		// one entry.
		if count[tc.want[0]] != 1 || count[tc.want[1]] != 2 || count[tc.want[2]] < 5 {
			t.Errorf("%s: texts per size %v, want 1 title, 2 labels, ≥ 5 ticks and legend", tc.name, count)
		}
	}
}

// TestFrameFontSizeRefused56s: a negative, non-finite or over-MaxFontSize
// Frame.FontSize is refused by every figure, with a message naming the
// figure and value.
func TestFrameFontSizeRefused56s(t *testing.T) {
	for _, v := range []float64{-1, math.NaN(), math.Inf(1), 1e4} {
		fr := Frame{FontSize: v}
		_, err := Lines(LinesFigure{Frame: fr, Series: []Series{{Y: []float64{1, 2}}}})
		want := "plot: Lines: Frame.FontSize = " + fmt.Sprint(v) + ", want positive and finite points up to 1000 (0: 11)"
		if err == nil || err.Error() != want {
			t.Errorf("Lines, FontSize %v: %v, want %q", v, err, want)
		}
		_, err = Grid(GridFigure{Frame: fr, Z: [][]float64{{1, 2}}, XTicks: []string{"a", "b"}, YTicks: []string{"r"}})
		want = "plot: Grid: Frame.FontSize = " + fmt.Sprint(v) + ", want positive and finite points up to 1000 (0: 11)"
		if err == nil || err.Error() != want {
			t.Errorf("Grid, FontSize %v: %v, want %q", v, err, want)
		}
	}
}

// TestSizePixels56s: Size.Pixels is the PNG's size, zero fields taken
// from DefaultSize.
func TestSizePixels56s(t *testing.T) {
	for _, tc := range []struct {
		s    Size
		w, h int
	}{
		{Size{}, 900, 600},
		{Size{Width: 3.3, Height: 1.1, DPI: 300}, 990, 330},
		{Size{Width: 3.3}, 495, 600},
		{Size{DPI: 600}, 3600, 2400},
	} {
		if w, h := tc.s.Pixels(); w != tc.w || h != tc.h {
			t.Errorf("%+v: Pixels %d×%d, want %d×%d", tc.s, w, h, tc.w, tc.h)
		}
	}
}
