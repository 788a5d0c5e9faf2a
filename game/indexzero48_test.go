package game

import (
	"testing"

	"github.com/stackel/stackel/ad"
)

// TestFormulaLeadingZeroInsideIndexExpression48: an integer with a leading
// 0 inside a call or an expression within an index (M[max(010, 1), 1],
// M[1+010, 1], x[1+08]) is reported as the literal it is, with the error
// any such literal gets (the checker's for a valid legacy octal, the
// parser's octal hint for 08), not as an index of M or x: before session
// 48 M[max(010, 1), 1] said `index 010 of "M" has a leading 0: write
// M[max(10, 1)][1]`, and that indexing is refused in turn (an index is
// an integer literal, in parentheses or with a sign). A literal that is
// the index itself, so written, is still named as the index.
func TestFormulaLeadingZeroInsideIndexExpression48(t *testing.T) {
	params := map[string]ad.Tensor{"M": ad.Matrix([][]float64{{1, 2}, {3, 4}})}
	const octal8 = "syntax error: invalid digit '8' in octal literal (Go reads an integer with a leading 0 as octal: drop the leading zeros)"
	cases := []struct{ src, want string }{
		{"M[max(010, 1), 1]*x[0]", `f1: number 010 starts with 0, which Go reads as octal (8): write 10, or 0o10 for octal at 1:7`},
		{"M[1+010, 1]*x[0]", `f1: number 010 starts with 0, which Go reads as octal (8): write 10, or 0o10 for octal at 1:5`},
		{"M[0, 1+010]*x[0]", `f1: number 010 starts with 0, which Go reads as octal (8): write 10, or 0o10 for octal at 1:8`},
		{"M[max(1, 010), 010]*x[0]", `f1: number 010 starts with 0, which Go reads as octal (8): write 10, or 0o10 for octal at 1:10`},
		{"M[max(08, 1), 1]*x[0]", "f1: " + octal8 + " at 1:8"},
		{"M[1+08, 1]*x[0]", "f1: " + octal8 + " at 1:6"},
		{"x[max(08,1)]", "f1: " + octal8 + " at 1:8"},
		{"x[1+08]", "f1: " + octal8 + " at 1:6"},
		{"x[(1)+08]", "f1: " + octal8 + " at 1:8"},
		// The index itself, in parentheses or with a sign: as before.
		{"M[(010), 1]*x[0]", `f1: index 010 of "M" has a leading 0: write M[(10)][1] at 1:4`},
		{"M[-(010), 1]*x[0]", `f1: index 010 of "M" has a leading 0: write M[-(10)][1] at 1:5`},
		{"M[ ( 010 ) , 1]*x[0]", `f1: index 010 of "M" has a leading 0: write M[( 10 )][1] at 1:6`},
		{"x[-(08)]", `f1: index 08 of "x" has a leading 0: write x[-(8)] at 1:5`},
		// Inside another index: that index's, or the list's hint.
		{"M[x[010], 1]*x[0]", `f1: syntax error: expected type, found 1 (index one at a time: M[i][j], not M[i, j]) at 1:11`},
		{"M[x[08], 1]*x[0]", `f1: index 08 of "x" has a leading 0: write x[8] at 1:5`},
		// Not a constant index at all: the checker says so first.
		{"x[max(010,1)]", `f1: index "max(010,1)" of "x" must be a constant integer at 1:3`},
	}
	for _, c := range cases {
		_, err := NewFormula(FormulaSpec{Dims: [2]int{2, 1}, F1: c.src, F2: readingAll("y[0]", params), Params: params})
		if err == nil || err.Error() != c.want {
			t.Errorf("%q: error %v\nwant %s", c.src, err, c.want)
		}
	}
}
