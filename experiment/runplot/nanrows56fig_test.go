package runplot

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// setNaN writes NaN into column col of dir/metrics.csv at the data rows
// given (0-based), as a run whose value failed there would have it.
func setNaN(t *testing.T, dir, col string, rows ...int) {
	t.Helper()
	path := filepath.Join(dir, "metrics.csv")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	k := slices.Index(strings.Split(lines[0], ","), col)
	if k < 0 {
		t.Fatalf("no column %s", col)
	}
	for _, r := range rows {
		f := strings.Split(lines[r+1], ",")
		f[k] = "NaN"
		lines[r+1] = strings.Join(f, ",")
	}
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestNaNRowsNoted56fig: a run whose column has NaN after its first value
// (rows without a value, which sweep.ReadColumns gives as the row before)
// is drawn so, and a note names the run, the panel and the rows: its last
// row(s) drawn at the last finite value, at which x that value is, and
// rows before them each at the previous row's value. The drawn line's
// last point is that value (exactly: one run, its mean). A column without
// NaN, or NaN only before its first value (left out as before), gets no
// such note.
func TestNaNRowsNoted56fig(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "duo")
	run(t, duopoly("duo", "10"), 1, dir) // iter 0, 10, …, 50: 6 rows
	f1 := column(t, dir, "f1")
	setNaN(t, dir, "f1", 5)       // the last row
	setNaN(t, dir, "f2", 1, 4, 5) // an earlier row and the last two
	setNaN(t, dir, "y0", 2)       // an earlier row only
	panels, notes, err := Build(Options{Dirs: []string{dir}, Y: []string{"f1", "f2", "y0", "x0"}})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"panel f1: " + dir + ": NaN in its last row (iter 50): drawn there at its last finite value, that of iter 40",
		"panel f2: " + dir + ": NaN in its last 2 rows (iter 40 to 50): drawn there at its last finite value, that of iter 30; NaN also in 1 earlier row (iter 10), drawn at the value of the row before",
		"panel y0: " + dir + ": NaN in 1 row after its first value (iter 20), drawn at the value of the row before",
	}
	if !slices.Equal(notes, want) {
		t.Errorf("notes\n%q, want\n%q", notes, want)
	}
	if len(panels) != 4 {
		t.Fatalf("%d panels, want 4", len(panels))
	}
	if y := panels[0].Series[0].Y; len(y) != 6 || y[5] != f1[4] {
		t.Errorf("f1 drawn %v, want its last point %v (iter 40's)", y, f1[4])
	}
}

// TestNaNRowsNotePlural56fig: several earlier rows are counted, the first
// named; --x values are written in full (1000000, not 1e+06).
func TestNaNRowsNotePlural56fig(t *testing.T) {
	xs := []float64{0, 250000, 500000, 750000, 1000000}
	for _, c := range []struct {
		rows []int
		want string
	}{
		{[]int{1, 2, 4}, "panel r: d: NaN in its last row (steps 1000000): drawn there at its last finite value, that of steps 750000; NaN also in 2 earlier rows (the first at steps 250000), each drawn at the value of the row before"},
		{[]int{1, 2}, "panel r: d: NaN in 2 rows after its first value (the first at steps 250000), each drawn at the value of the row before"},
		{[]int{2, 3, 4}, "panel r: d: NaN in its last 3 rows (steps 500000 to 1000000): drawn there at its last finite value, that of steps 250000"},
		{nil, ""},
	} {
		if got := nanRowsNote("r", "d", c.rows, xs, "steps"); got != c.want {
			t.Errorf("rows %v: %q, want %q", c.rows, got, c.want)
		}
	}
}
