package game

import "testing"

// TestFormulaIndexLeadingZero checks that an index written with a leading
// 0 (x[010], x[0_0], Go's legacy octal) is refused with an error that
// names the index, the indexed operand, what to write and the index's
// line:column, not with a lesson on octal literals.
func TestFormulaIndexLeadingZero(t *testing.T) {
	cases := []struct{ src, want string }{
		{"x[010]", `f1: index 010 of "x" has a leading 0: write x[10] at 1:3`},
		{"x[0_0]", `f1: index 0_0 of "x" has a leading 0: write x[0] at 1:3`},
		{"x[00]", `f1: index 00 of "x" has a leading 0: write x[0] at 1:3`},
		{"2*x[0_1]", `f1: index 0_1 of "x" has a leading 0: write x[1] at 1:5`},
		{"x[-01]", `f1: index 01 of "x" has a leading 0: write x[-1] at 1:4`},
		{"v[(01)]", `f1: index 01 of "v" has a leading 0: write v[(1)] at 1:4`},
		// 8 and 9 are no octal digits: the parser refuses these before
		// the checker sees them; the error is the same kind.
		{"x[08]", `f1: index 08 of "x" has a leading 0: write x[8] at 1:3`},
		{"y[0] + x[ 0_9 ]", `f1: index 0_9 of "x" has a leading 0: write x[9] at 1:11`},
		{"x[-08]", `f1: index 08 of "x" has a leading 0: write x[-8] at 1:4`},
		{"v[(08)]", `f1: index 08 of "v" has a leading 0: write v[(8)] at 1:4`},
		{"x[\n09]", `f1: index 09 of "x" has a leading 0: write x[9] at 2:1`},
		// Not an index: the octal explanation.
		{"x[0] + 09", `f1: syntax error: invalid digit '9' in octal literal (Go reads an integer with a leading 0 as octal: drop the leading zeros) at 1:9`},
		// Outside an index the octal explanation stays.
		{"08*x[0]", `f1: syntax error: invalid digit '8' in octal literal (Go reads an integer with a leading 0 as octal: drop the leading zeros) at 1:2`},
	}
	for _, c := range cases {
		_, err := newHostileFormula(t, c.src)
		if err == nil || err.Error() != c.want {
			t.Errorf("%q: error %v\nwant %s", c.src, err, c.want)
		}
	}
	// An index with a base prefix, in parentheses or with a sign stays valid.
	for _, src := range []string{"x[0x1]", "x[0o1]", "x[0b1]", "x[0]", "x[(+1)]"} {
		if _, err := newHostileFormula(t, src); err != nil {
			t.Errorf("%q: %v", src, err)
		}
	}
}
