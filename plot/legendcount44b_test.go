package plot

import (
	"fmt"
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
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprintf("%c%c", al[i/26], al[i%26])
	}
	for _, size := range []Size{{}, {Width: 3, Height: 2}} {
		shown, others := legendTexts(t, names, size)
		if k := legendCount(others); k <= 0 || shown+k != n {
			t.Errorf("%d two-letter names at %v: %d shown, other lines %q; want one count line adding up to %d", n, size, shown, others, n)
		}
	}
}
