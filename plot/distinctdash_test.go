package plot

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// TestDistinctDashes: with Distinct, each of up to five series without a
// Colour is drawn with a dash pattern of its own (four series of a figure
// were all solid, told apart by colour alone, the same grey in print);
// without it they stay solid. A series with a Colour keeps its Dash.
func TestDistinctDashes(t *testing.T) {
	patterns := func(f LinesFigure) int {
		t.Helper()
		p, err := Lines(f)
		if err != nil {
			t.Fatal(err)
		}
		paths, err := Save(p, filepath.Join(t.TempDir(), "f"), Size{}, "svg")
		if err != nil {
			t.Fatal(err)
		}
		svg, err := os.ReadFile(paths[0])
		if err != nil {
			t.Fatal(err)
		}
		dashes := map[string]bool{}
		for _, m := range regexp.MustCompile(`<path d="[^"]*" style="([^"]*stroke-width:1\.8[^"]*)"`).FindAllStringSubmatch(string(svg), -1) {
			d := regexp.MustCompile(`stroke-dasharray:[^;]*`).FindString(m[1])
			dashes[d] = true
		}
		return len(dashes)
	}
	series := func(n int) []Series {
		var ss []Series
		for i := 0; i < n; i++ {
			ss = append(ss, Series{Name: fmt.Sprintf("s%d", i), Y: []float64{float64(i), float64(2*i) + 1, float64(i*i) + 3}})
		}
		return ss
	}
	for _, c := range []struct {
		n        int
		distinct bool
		want     int
	}{
		{4, true, 4}, {5, true, 5}, {4, false, 1}, {3, true, 3},
	} {
		if got := patterns(LinesFigure{Series: series(c.n), Distinct: c.distinct}); got != c.want {
			t.Errorf("%d series, Distinct %v: %d dash patterns, want %d", c.n, c.distinct, got, c.want)
		}
	}
	// A fixed Colour keeps its Dash: two series solid beside one
	// Distinct series (solid, the first pattern) give one pattern.
	ss := series(3)
	ss[0].Colour, ss[1].Colour = Blue, Vermilion
	if got := patterns(LinesFigure{Series: ss, Distinct: true}); got != 1 {
		t.Errorf("two fixed solid series and one Distinct: %d dash patterns, want 1", got)
	}
}
