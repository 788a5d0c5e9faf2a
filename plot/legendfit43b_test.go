package plot

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// shortLegend saves n series named s0, s1, … as an SVG of the given size
// and returns how many of those names the legend shows in full, and the
// texts of the legend's other lines ("… and k more" or "+k").
func shortLegend(t *testing.T, n int, size Size) (shown int, others []string) {
	t.Helper()
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprintf("s%d", i)
	}
	return legendTexts(t, names, size)
}

// legendTexts saves one series for each of names as an SVG of the given
// size and returns how many of the names the legend shows in full, and
// the texts of its count line ("… and k more" or "+k"), failing the test
// for any of them drawn off the page.
func legendTexts(t *testing.T, names []string, size Size) (shown int, others []string) {
	t.Helper()
	var ss []Series
	named := map[string]bool{}
	for i, name := range names {
		ss = append(ss, Series{Name: name, Y: []float64{float64(i), float64(i) + 1}})
		named[name] = true
	}
	p, err := Lines(LinesFigure{Frame: Frame{Title: "many"}, Series: ss})
	if err != nil {
		t.Fatal(err)
	}
	paths, err := Save(p, filepath.Join(t.TempDir(), "f"), size, "svg")
	if err != nil {
		t.Fatal(err)
	}
	w, h := 6*72.0, 4*72.0
	if size.Width > 0 {
		w, h = size.Width*72, size.Height*72
	}
	for _, tx := range readSVG(t, paths[0]).texts {
		switch {
		case named[tx.s]:
			shown++
		case strings.HasPrefix(tx.s, "…") || strings.HasPrefix(tx.s, "+"):
			others = append(others, tx.s)
		default:
			continue
		}
		if tx.x < 0 || tx.x > w || tx.y < -h || tx.y > 0 {
			t.Errorf("%v: legend text %q drawn at (%.1f, %.1f), off the %v×%v pt page", size, tx.s, tx.x, -tx.y, w, h)
		}
	}
	return shown, others
}

// legendCount is k of a legend's one count line, "+k" or "… and k more";
// −1 unless others holds exactly one such line.
func legendCount(others []string) int {
	k := -1
	if len(others) == 1 {
		if _, err := fmt.Sscanf(others[0], "+%d", &k); err != nil {
			fmt.Sscanf(others[0], "… and %d more", &k)
		}
	}
	return k
}

// TestShortNamesLegendKeepsItsColumns: the cap on a legend's columns
// reserved room for "MMMMM…" and for "… and n more" in every column
// whatever the names, so 80 series named s0…s79 at 6×4 in, whose four
// columns fit across the page with every name whole (as drawn before the
// cap), lost 24 of them to "… and 24 more". A legend that fits is drawn
// as it was: all 80 names, no count line.
func TestShortNamesLegendKeepsItsColumns(t *testing.T) {
	shown, others := shortLegend(t, 80, Size{})
	if shown != 80 || len(others) != 0 {
		t.Errorf("80 short names: %d shown, other lines %q; want 80 and none", shown, others)
	}
}

// TestSmallFigureLegendCountStaysWhole: in a 2×1.5 in figure the column
// is narrower than "… and 98 more", which was then cut to "… and 9…",
// misstating the count; it reads "+98" there, and the names shown plus
// the count are the series drawn.
func TestSmallFigureLegendCountStaysWhole(t *testing.T) {
	for _, n := range []int{100, 300} {
		shown, others := shortLegend(t, n, Size{Width: 2, Height: 1.5})
		if k := legendCount(others); k <= 0 || shown+k != n {
			t.Errorf("%d series at 2×1.5 in: %d names shown, other lines %q; want one count line adding up to %d", n, shown, others, n)
		}
	}
}
