package game

import (
	"testing"

	"github.com/stackel/stackel/ad"
)

// TestFormulaIndexListLeadingZeroAnywhere47: an index list whose integer
// with a leading 0 is not where the parser stops (M[010, 1] stops at 1,
// the first index after the first; M[1, 0, 010] at 0) is named with the
// indexing to write at once, every leading 0 of the list dropped. Before
// session 47 these said "index one at a time" alone, and the indexing
// they led to, M[010][1], was refused in turn for its leading 0 (as
// M[0, 010] was before 1a14be7); and M[010, 010] led to M[10][010].
func TestFormulaIndexListLeadingZeroAnywhere47(t *testing.T) {
	params := map[string]ad.Tensor{"M": ad.Matrix([][]float64{{1, 2}, {3, 4}})}
	cases := []struct{ src, want string }{
		{"M[010, 1]*x[0]", `f1: index 010 of "M" has a leading 0: write M[10][1] at 1:3`},
		{"M[1, 0, 010]*x[0]", `f1: index 010 of "M" has a leading 0: write M[1][0][10] at 1:9`},
		{"M[010, 010]*x[0]", `f1: index 010 of "M" has a leading 0: write M[10][10] at 1:3`},
		{"M[(01), 1]*x[0]", `f1: index 01 of "M" has a leading 0: write M[(1)][1] at 1:4`},
		{"M[0, 08, 010]*x[0]", `f1: index 08 of "M" has a leading 0: write M[0][8][10] at 1:6`},
		// A leading 0 only inside another index is that index's (the
		// checker names it once the list is written one index at a time).
		{"M[M[1][01], 1]*x[0]", `f1: syntax error: expected type, found 1 (index one at a time: M[i][j], not M[i, j]) at 1:13`},
		// Not an integer with a leading 0: the hint as before.
		{"M[0, 0x10]*x[0]", `f1: syntax error: expected type, found 0x10 (index one at a time: M[i][j], not M[i, j]) at 1:6`},
		{"M[00.5, 1]*x[0]", `f1: syntax error: expected type, found 1 (index one at a time: M[i][j], not M[i, j]) at 1:9`},
	}
	for _, c := range cases {
		_, err := NewFormula(FormulaSpec{Dims: [2]int{2, 1}, F1: c.src, F2: readingAll("y[0]", params), Params: params})
		if err == nil || err.Error() != c.want {
			t.Errorf("%q: error %v\nwant %s", c.src, err, c.want)
		}
	}
}
