package plot

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	gplot "gonum.org/v1/plot"
)

// TestPanelDataAreas: the data areas PanelDataAreas gives three panels
// laid out two to a row (one with a two-line title, one with a long
// y label) are where SavePanels draws them: each panel's legend box, in
// its data area's top left corner, has its left edge 6 pt (legendInset)
// right of the area's and its top 6 pt below the area's (0.01 pt), in
// the SVG SavePanels writes.
func TestPanelDataAreas(t *testing.T) {
	frames := []Frame{
		{Title: "first\nsecond line", Legend: TopLeft},
		{Title: "b", YLabel: "a rather long y label", Legend: TopLeft},
		{Title: "c", XLabel: "x", Legend: TopLeft},
	}
	var plots []*gplot.Plot
	for i, f := range frames {
		p, err := Lines(LinesFigure{Frame: f, Series: []Series{{Name: fmt.Sprintf("s%d", i), Y: []float64{0, 1, 0.5}}}})
		if err != nil {
			t.Fatal(err)
		}
		p.Y.Max = 10 // the data well below the legend: no room made
		plots = append(plots, p)
	}
	size := Size{Width: 8, Height: 6, DPI: 100}
	areas, err := PanelDataAreas(plots, 2, size)
	if err != nil {
		t.Fatal(err)
	}
	base := filepath.Join(t.TempDir(), "fig")
	if _, err := SavePanels(plots, 2, base, size, "svg"); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(base + ".svg")
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`<path d="M([-0-9.e]+),([-0-9.e]+)L([-0-9.e]+),([-0-9.e]+)L([-0-9.e]+),([-0-9.e]+)L([-0-9.e]+),([-0-9.e]+)Z" style="fill:#FFFFFF"`)
	var boxes [][4]float64 // min x, min y, max x, max y
	for _, m := range re.FindAllStringSubmatch(string(b), -1) {
		var v [8]float64
		for i := range v {
			v[i], _ = strconv.ParseFloat(m[i+1], 64)
		}
		boxes = append(boxes, [4]float64{min(v[0], v[4]), min(v[1], v[5]), max(v[0], v[4]), max(v[1], v[5])})
	}
	for i, a := range areas {
		found := false
		for _, bx := range boxes {
			if math.Abs(bx[0]-float64(a.Min.X+legendInset)) < 0.01 && math.Abs(bx[3]-float64(a.Max.Y-legendInset)) < 0.01 {
				found = true
			}
		}
		if !found {
			t.Errorf("panel %d: data area %v; no legend box at its top left corner + 6 pt among %v", i, a, boxes)
		}
	}
}
