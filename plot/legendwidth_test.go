package plot

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestLongLegendNameFits: a legend name wider than the data area made a
// box wider than the figure, anchored at the right, so that the start of
// every name ran off the figure's left edge (the SVG placed the text at
// x < 0). Such a name is now shortened with "…" to fit; the other names
// stay whole.
func TestLongLegendNameFits(t *testing.T) {
	long := "the " + strings.Repeat("very ", 30) + "long name"
	p, err := Lines(LinesFigure{Series: []Series{
		{Name: long, Y: []float64{1, 2, 3}},
		{Name: "short", Y: []float64{3, 2, 1}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	base := filepath.Join(t.TempDir(), "fig")
	if _, err := Save(p, base, Size{}, "svg"); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(base + ".svg")
	if err != nil {
		t.Fatal(err)
	}
	svg := string(b)
	if strings.Contains(svg, ">"+long+"<") {
		t.Errorf("the long name is drawn whole")
	}
	// gonum writes text as <text x="…" y="…" …>NAME</text>.
	m := regexp.MustCompile(`<text x="([-0-9.e]+)"[^>]*>(the very[^<]*)</text>`).FindStringSubmatch(svg)
	if m == nil {
		t.Fatalf("no legend text starting %q in the SVG", "the very")
	}
	x, _ := strconv.ParseFloat(m[1], 64)
	if x < 0 || !strings.HasSuffix(m[2], "…") {
		t.Errorf("legend text %q at x = %v, want it shortened with … and at x ≥ 0", m[2], x)
	}
	if !strings.Contains(svg, ">short</text>") {
		t.Errorf("the short name is not drawn whole")
	}
	// fitName: a name that fits is kept; a shortened one fits.
	sty := newLegend(nil, nil, legendSize).TextStyle
	if got := fitName(sty, "short", 100); got != "short" {
		t.Errorf("fitName(short, 100 pt) = %q", got)
	}
	if got := fitName(sty, long, 100); sty.Rectangle(got).Max.X > 100 || !strings.HasSuffix(got, "…") || len(got) < 10 {
		t.Errorf("fitName(long, 100 pt) = %q, %v wide", got, sty.Rectangle(got).Max.X)
	}
}
