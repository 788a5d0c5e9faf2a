package plot

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestNoBandNoSwatch44: a series whose band has no width anywhere (Lo =
// Hi = Y, as MeanBand gives for one run) drew no band in the figure but a
// shaded band swatch behind its line in the legend, as if it had one. Its
// legend entry is now the line alone; a series with a band keeps its
// swatch. Counted from the SVG: the translucent fills (bands and
// swatches, fill-opacity 0.22) of each series' colour.
func TestNoBandNoSwatch44(t *testing.T) {
	one := []float64{1, 3, 2, 4}
	banded := Series{Name: "five runs", Y: []float64{2, 4, 3, 5}, Lo: []float64{1, 3, 2, 4}, Hi: []float64{3, 5, 4, 6}}
	flat := Series{Name: "one run", Y: one, Lo: append([]float64(nil), one...), Hi: append([]float64(nil), one...)}
	p, err := Lines(LinesFigure{Series: []Series{banded, flat}})
	if err != nil {
		t.Fatal(err)
	}
	paths, err := Save(p, filepath.Join(t.TempDir(), "f"), Size{}, "svg")
	if err != nil {
		t.Fatal(err)
	}
	var fills []string // the translucent fills: bands and swatches
	for _, q := range readSVG(t, paths[0]).paths {
		if strings.Contains(q.style, "fill-opacity:0.2") {
			fills = append(fills, q.style)
		}
	}
	// The banded series' band and swatch, in its colour; nothing of the
	// other's.
	if len(fills) != 2 || fills[0] != fills[1] {
		t.Errorf("translucent fills %q: want 2 of one style (the banded series' band and legend swatch)", fills)
	}
}
