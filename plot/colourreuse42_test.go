package plot

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	gplot "gonum.org/v1/plot"
)

// distinctStrokes saves p as SVG and returns the number of distinct
// styles of its paths stroked at the given width ("stroke-width:1.8"),
// legend thumbnails included.
func distinctStrokes(t *testing.T, p *gplot.Plot, width string) int {
	t.Helper()
	paths, err := Save(p, filepath.Join(t.TempDir(), "f"), Size{}, "svg")
	if err != nil {
		t.Fatal(err)
	}
	svg, err := os.ReadFile(paths[0])
	if err != nil {
		t.Fatal(err)
	}
	styles := map[string]bool{}
	for _, m := range regexp.MustCompile(`<path d="[^"]*" style="([^"]*)"`).FindAllStringSubmatch(string(svg), -1) {
		if strings.Contains(m[1], "stroke-width:"+width+";") || strings.HasSuffix(m[1], "stroke-width:"+width) {
			styles[m[1]] = true
		}
	}
	return len(styles)
}

// TestManySeriesDistinct: past the palette's 7 colours, the 8th series of
// a Lines figure was drawn exactly as the 1st (same colour, solid), and so
// was its legend entry: two curves of a paper figure that no reader could
// tell apart. Each wrap of the palette now takes another dash pattern. The
// same held for the 7th path of a Phase figure (6 path colours).
func TestManySeriesDistinct(t *testing.T) {
	for _, n := range []int{7, 8, 14, 28} {
		var ss []Series
		for i := 0; i < n; i++ {
			ss = append(ss, Series{Name: fmt.Sprintf("s%d", i), Y: []float64{float64(i), float64(2*i) + 1, float64(i*i) + 3}})
		}
		p, err := Lines(LinesFigure{Series: ss})
		if err != nil {
			t.Fatal(err)
		}
		if got := distinctStrokes(t, p, "1.8"); got != n {
			t.Errorf("%d series drawn in %d distinct line styles", n, got)
		}
	}
	for _, n := range []int{6, 7, 13, 24} {
		var paths []Path
		for i := 0; i < n; i++ {
			paths = append(paths, Path{Name: fmt.Sprintf("p%d", i), X: []float64{0, 1}, Y: []float64{float64(i), float64(i + 1)}})
		}
		p, err := Phase(PhaseFigure{Paths: paths})
		if err != nil {
			t.Fatal(err)
		}
		if got := distinctStrokes(t, p, "1.5"); got != n {
			t.Errorf("%d paths drawn in %d distinct line styles", n, got)
		}
	}
}

// TestManySeriesLegendFits: a legend of more entries than the data area's
// height holds ran off the bottom of the figure (30 series at the default
// 6×4 in: "seed 22" to "seed 29" were drawn below the page, lost). The
// entries now go into columns; every name is drawn on the page, inside
// the data area's width.
func TestManySeriesLegendFits(t *testing.T) {
	var ss []Series
	for i := 0; i < 30; i++ {
		ss = append(ss, Series{Name: fmt.Sprintf("seed %d", i), Y: []float64{float64(i), float64(2*i) + 1, float64(i*i) + 3}})
	}
	p, err := Lines(LinesFigure{Frame: Frame{Title: "many", XLabel: "x", YLabel: "y"}, Series: ss})
	if err != nil {
		t.Fatal(err)
	}
	paths, err := Save(p, filepath.Join(t.TempDir(), "f"), Size{}, "svg")
	if err != nil {
		t.Fatal(err)
	}
	d := readSVG(t, paths[0])
	const w, h = 6 * 72, 4 * 72 // points
	found := map[string]bool{}
	for _, tx := range d.texts {
		if !strings.HasPrefix(tx.s, "seed ") {
			continue
		}
		found[tx.s] = true
		// (y as written is negated: the page is -h ≤ y ≤ 0.)
		if tx.x < 0 || tx.x > w || tx.y < -h || tx.y > 0 {
			t.Errorf("legend name %q drawn at (%.1f, %.1f), off the %v×%v pt page", tx.s, tx.x, -tx.y, w, h)
		}
	}
	if len(found) != 30 {
		t.Errorf("%d of 30 legend names in the SVG", len(found))
	}
}
