package plot

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// TestHundredsOfSeriesLegendStaysOnPage: 300 series at the default 6×4 in
// set their legend in 20 columns that ran off the figure's right edge
// (names drawn at x > 432 pt, lost). The columns are now as many as fit
// across the data area with room for a readable name each, and the
// entries that do not fit are counted in a last line "… and k more" (or
// "+k" where the column is too narrow for that):
// every legend text is on the page, and the shown names plus k are 300.
func TestHundredsOfSeriesLegendStaysOnPage(t *testing.T) {
	const n = 300
	var ss []Series
	for i := 0; i < n; i++ {
		ss = append(ss, Series{Name: fmt.Sprintf("s%d", i), Y: []float64{float64(i), float64(i) + 1}})
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
	shown, more := 0, -1
	for _, tx := range d.texts {
		switch {
		case strings.HasPrefix(tx.s, "s") && len(tx.s) <= 4:
			shown++
		case strings.HasPrefix(tx.s, "… and "):
			if _, err := fmt.Sscanf(tx.s, "… and %d more", &more); err != nil {
				t.Errorf("last legend line %q: %v", tx.s, err)
			}
		case strings.HasPrefix(tx.s, "+"): // a column too narrow for "… and k more"
			if _, err := fmt.Sscanf(tx.s, "+%d", &more); err != nil {
				t.Errorf("last legend line %q: %v", tx.s, err)
			}
		default:
			continue
		}
		if tx.x < 0 || tx.x > w || tx.y < -h || tx.y > 0 {
			t.Errorf("legend text %q drawn at (%.1f, %.1f), off the %v×%v pt page", tx.s, tx.x, -tx.y, w, h)
		}
	}
	if more <= 0 || shown+more != n {
		t.Errorf("%d names shown and \"… and %d more\": want them to add up to %d", shown, more, n)
	}
}
