package game

import "testing"

// TestNewlineInsideParenthesesHint50: Go's semicolon rule ends an operand
// at a newline inside parentheses and brackets too, so a long formula
// broken before an operator within them, as a YAML block (f1: |) invites,
//
//	x[0]*(A - x[0] - y[0]
//	      - c1)
//
// is a syntax error. At the top level the error said why (a newline ends
// the formula after an operand); inside parentheses, brackets or a call's
// arguments it said only "expected ')', found newline" or Go's "missing
// ',' before newline in argument list" (before session 50). Each now
// carries the hint; an unclosed parenthesis at the end of the formula,
// with or without the newline a YAML block adds, does not (the newline is
// not the problem there).
func TestNewlineInsideParenthesesHint50(t *testing.T) {
	const hint = " (a newline ends an operand, inside parentheses and brackets too: break a line after an operator or a comma)"
	cases := []struct{ src, want string }{
		{"x[0]*(2 - x[0] - y[0]\n      - 1)", `f1: syntax error: expected ')', found newline` + hint + ` at 1:22`},
		{"(x[0]\r\n + y[0])", `f1: syntax error: expected ')', found newline` + hint + ` at 1:7`},
		{"(x[0] // the leader\n + y[0])", `f1: syntax error: expected ')', found newline` + hint + ` at 1:20`},
		{"pow(x[0]\n, 2)", `f1: syntax error: missing ',' before newline in argument list` + hint + ` at 1:9`},
		{"sum(x\n)", `f1: syntax error: missing ',' before newline in argument list` + hint + ` at 1:6`},
		{"x[0\n]", `f1: syntax error: expected ']', found newline` + hint + ` at 1:4`},
		// An unclosed parenthesis: no newline hint.
		{"(x[0]", `f1: syntax error: expected ')', found newline at 1:6`},
		{"(x[0]\n", `f1: syntax error: expected ')', found newline at 1:6`},
		{"(x[0] \r\n\t\n", `f1: syntax error: expected ')', found newline at 1:8`},
	}
	for _, c := range cases {
		_, err := NewFormula(FormulaSpec{Dims: [2]int{1, 1}, F1: c.src, F2: "y[0]"})
		if err == nil || err.Error() != c.want {
			t.Errorf("%q: error %v\nwant %s", c.src, err, c.want)
		}
	}
	// Broken after the operator instead, each parses.
	for _, src := range []string{"x[0]*(2 - x[0] - y[0] -\n      1)", "pow(x[0],\n 2)", "sum(x,\n)"} {
		if _, err := NewFormula(FormulaSpec{Dims: [2]int{1, 1}, F1: src, F2: "y[0]"}); err != nil {
			t.Errorf("%q: %v", src, err)
		}
	}
}
