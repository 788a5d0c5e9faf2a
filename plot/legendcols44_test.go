package plot

import "testing"

// TestManyShortNamesLegendCountKeepsColumns: 120 series named s0…s119 at
// 6×4 in need more columns than fit, so the legend counts the rest in a
// last line. The columns were sized for that line's text ("… and 64
// more", wider than every name), which left 3 columns and 56 names where
// 6 columns of short names fit: the columns now take the names' width,
// the count line reading "+k" where its column is too narrow for "… and
// k more" (101 names and "+19"). The test asks for at least the 79 that
// 4 columns hold (TestShortNamesLegendKeepsItsColumns fits 80 in 4).
func TestManyShortNamesLegendCountKeepsColumns(t *testing.T) {
	shown, others := shortLegend(t, 120, Size{})
	if k := legendCount(others); shown < 79 || k <= 0 || shown+k != 120 {
		t.Errorf("120 short names at 6×4 in: %d shown, other lines %q; want at least 79 shown (4 columns) and one count line adding up to 120", shown, others)
	}
}
