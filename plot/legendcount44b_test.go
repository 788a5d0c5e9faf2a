package plot

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// TestTwoLetterNamesLegendCountStaysWhole: 400 series named aa, ab, …
// (two letters, narrower than the count "+k") at 6×4 in and 3×2 in. The
// legend's columns were sized for the names alone, too narrow for the
// count line, which was cut to "+…" (the count lost; before, sized for
// "… and k more", it read "… and 344 more"): the columns leave room for
// "+k", and the names shown plus k are the series drawn, every text on
// the page.
func TestTwoLetterNamesLegendCountStaysWhole(t *testing.T) {
	const n, al = 400, "abcdefghijklmnopqrstuvwxyz"
	var ss []Series
	for i := 0; i < n; i++ {
		ss = append(ss, Series{Name: fmt.Sprintf("%c%c", al[i/26], al[i%26]), Y: []float64{float64(i), float64(i) + 1}})
	}
	for _, size := range []Size{{}, {Width: 3, Height: 2}} {
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
		shown, k := 0, -1
		var others []string
		for _, tx := range readSVG(t, paths[0]).texts {
			switch {
			case len(tx.s) == 2 && tx.s[0] >= 'a' && tx.s[0] <= 'z':
				shown++
			case strings.HasPrefix(tx.s, "…") || strings.HasPrefix(tx.s, "+"):
				others = append(others, tx.s)
				if _, err := fmt.Sscanf(tx.s, "+%d", &k); err != nil {
					fmt.Sscanf(tx.s, "… and %d more", &k)
				}
			default:
				continue
			}
			if tx.x < 0 || tx.x > w || tx.y < -h || tx.y > 0 {
				t.Errorf("%v: legend text %q drawn at (%.1f, %.1f), off the %v×%v pt page", size, tx.s, tx.x, -tx.y, w, h)
			}
		}
		if len(others) != 1 || k <= 0 || shown+k != n {
			t.Errorf("%d two-letter names at %v: %d shown, other lines %q; want one count line adding up to %d", n, size, shown, others, n)
		}
	}
}
