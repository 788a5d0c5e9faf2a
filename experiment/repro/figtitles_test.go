package repro

import (
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
)

// svgTitle matches the title of a figure as plot writes it: the text at
// the title size, 14, with the x of its left end; svgWidth the document's
// width in points.
var (
	svgTitle = regexp.MustCompile(`<text x="([-0-9.]+)"[^>]*\n?[^>]*font-size:14px">([^<]*)</text>`)
	svgWidth = regexp.MustCompile(`<svg width="([0-9.]+)pt"`)
)

// checkTitlesFit fails for every figure in dir whose title runs past an
// edge of the figure (at least 4 pt of margin kept on either side).
func checkTitlesFit(t *testing.T, dir string) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.svg"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no figures in %s (%v)", dir, err)
	}
	fnt := font.Font{Typeface: "Liberation", Variant: "Sans", Size: vg.Points(14)}
	face := font.DefaultCache.Lookup(fnt, fnt.Size)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		wm := svgWidth.FindSubmatch(b)
		if wm == nil {
			t.Fatalf("%s: no width", f)
		}
		width, _ := strconv.ParseFloat(string(wm[1]), 64)
		for _, m := range svgTitle.FindAllSubmatch(b, -1) {
			x, _ := strconv.ParseFloat(string(m[1]), 64)
			title := html.UnescapeString(string(m[2]))
			w := face.Width(title).Points()
			if x < 4 || x+w > width-4 {
				t.Errorf("%s: title %q spans [%.1f, %.1f] pt of a %.0f pt wide figure", filepath.Base(f), title, x, x+w, width)
			}
		}
	}
}

// TestStacToyTitlesFit: every title of the stac-toy figures fits its
// figure, with the quick run's mark. The soft game's Fig. 7b title ("Actor's
// return E[R(a)] = −E[a²]/5 from (0.8, 0.6): gap to R(0) = -0.0347") ran
// off both edges; the return's formula is now in report.md, which says
// what each figure plots and that Fig. 5b/7b show the return's gap to its
// maximum on a log scale where the paper plots the return.
func TestStacToyTitlesFit(t *testing.T) {
	t.Parallel()
	dir := runQuick(t, "stac-toy")
	checkTitlesFit(t, dir)
	md, err := os.ReadFile(filepath.Join(dir, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Figures: fig4_<i>_field.png/svg (Fig. 4)",
		"fig5b_return (Fig. 5b): where the paper plots the actor's return R(θ) = −θ²/5 itself, the gap R(0) − R to its maximum R(0), log scale",
		"Figures: soft_fig4_<i>_field.png/svg (Fig. 6)",
		"soft_fig5b_return (Fig. 7b): where the paper plots the actor's return E[R(a)] = −E[a²]/5",
	} {
		if !strings.Contains(string(md), want) {
			t.Errorf("report.md lacks %q", want)
		}
	}
}
