package plot

import (
	"os"
	"path/filepath"
	"testing"

	gplot "gonum.org/v1/plot"
)

// TestSavePanels: four panels in two columns give one PNG and one SVG;
// bad arguments are errors.
func TestSavePanels(t *testing.T) {
	var plots []*gplot.Plot
	for i := 0; i < 4; i++ {
		p, err := Lines(LinesFigure{Frame: Frame{Title: "panel"}, Series: []Series{{Name: "s", X: []float64{0, 1, 2}, Y: []float64{1, float64(i), 0}}}})
		if err != nil {
			t.Fatal(err)
		}
		plots = append(plots, p)
	}
	base := filepath.Join(t.TempDir(), "panels")
	files, err := SavePanels(plots, 2, base, Size{Width: 8, Height: 6})
	if err != nil || len(files) != 2 {
		t.Fatalf("files %v, error %v", files, err)
	}
	for _, f := range files {
		if st, err := os.Stat(f); err != nil || st.Size() < 1000 {
			t.Errorf("%s: %v", f, err)
		}
	}
	if _, err := SavePanels(nil, 2, base, DefaultSize); err == nil {
		t.Error("no plots: no error")
	}
	if _, err := SavePanels([]*gplot.Plot{plots[0], nil}, 2, base, DefaultSize); err == nil {
		t.Error("nil plot: no error")
	}
}
