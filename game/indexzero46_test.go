package game

import (
	"testing"

	"github.com/stackel/stackel/ad"
)

// TestFormulaIndexLeadingZeroOfMatrix checks the leading-0 error of an
// index whose operand is not a plain ASCII name — a matrix row (M[0][08]),
// a parenthesised or spaced operand, a Unicode name (θ[08]) — and of an
// index list (M[0, 08]): each names the operand and suggests indexing a
// formula accepts (M[0][8], one index at a time). Before session 46 these
// got the octal lecture, or the suggestion M[0, 8], which is refused in
// turn.
func TestFormulaIndexLeadingZeroOfMatrix(t *testing.T) {
	params := map[string]ad.Tensor{"θ": ad.Vector(1, 2), "M": ad.Matrix([][]float64{{1, 2}, {3, 4}})}
	cases := []struct{ src, want string }{
		{"M[0][08]*x[0]", `f1: index 08 of "M[0]" has a leading 0: write M[0][8] at 1:6`},
		{"M[0, 08]*x[0]", `f1: index 08 of "M" has a leading 0: write M[0][8] at 1:6`},
		{"M[0,\n 09]*x[0]", `f1: index 09 of "M" has a leading 0: write M[0][9] at 2:2`},
		// A trailing comma of the list writes no empty index (M[0][8][]).
		{"M[0, 08,]*x[0]", `f1: index 08 of "M" has a leading 0: write M[0][8] at 1:6`},
		{"M[\n0,\n08,\n]*x[0]", `f1: index 08 of "M" has a leading 0: write M[0][8] at 3:1`},
		{"M[08][1]*x[0]", `f1: index 08 of "M" has a leading 0: write M[8] at 1:3`},
		{"M[(0)][ 08 ]*x[0]", `f1: index 08 of "M[(0)]" has a leading 0: write M[(0)][8] at 1:9`},
		{"(M[0])[08]*x[0]", `f1: index 08 of "(M[0])" has a leading 0: write (M[0])[8] at 1:8`},
		{"M [1] [08]*x[0]", `f1: index 08 of "M [1]" has a leading 0: write M [1][8] at 1:8`},
		{"θ[08]*x[0]", `f1: index 08 of "θ" has a leading 0: write θ[8] at 1:3`},
		// A valid legacy octal literal reaches the checker, which says the same.
		{"M[0][010]*x[0]", `f1: index 010 of "M[0]" has a leading 0: write M[0][10] at 1:6`},
		{"θ[010]*x[0]", `f1: index 010 of "θ" has a leading 0: write θ[10] at 1:3`},
		// A valid legacy octal in an index list: the parser refuses the
		// list first; before session 47 it said "index one at a time"
		// alone, and M[0][010] was refused in turn.
		{"M[0, 010]*x[0]", `f1: index 010 of "M" has a leading 0: write M[0][10] at 1:6`},
		{"M[0, 0_7,]*x[0]", `f1: index 0_7 of "M" has a leading 0: write M[0][7] at 1:6`},
		{"M[1, 00]*x[0]", `f1: index 00 of "M" has a leading 0: write M[1][0] at 1:6`},
		// Without a leading 0, the hint as before.
		{"M[0, 1]*x[0]", `f1: syntax error: expected type, found 1 (index one at a time: M[i][j], not M[i, j]) at 1:6`},
		// No operand: the octal explanation.
		{"x[0] * [08]", `f1: syntax error: invalid digit '8' in octal literal (Go reads an integer with a leading 0 as octal: drop the leading zeros) at 1:10`},
	}
	for _, c := range cases {
		_, err := NewFormula(FormulaSpec{Dims: [2]int{2, 1}, F1: c.src, F2: readingAll("y[0]", params), Params: params})
		if err == nil || err.Error() != c.want {
			t.Errorf("%q: error %v\nwant %s", c.src, err, c.want)
		}
	}
}
