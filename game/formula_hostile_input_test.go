package game

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"math"
	"strings"
	"testing"

	"github.com/stackel/stackel/ad"
)

// newHostileFormula builds a cost game of dims (2, 1) with f1 = src,
// f2 = y[0] and the parameters v (a 3-vector), c (2), α (3) and z0 (a
// 2-vector with a zero), recovering a panic as a test failure.
func newHostileFormula(t *testing.T, src string) (g Game, err error) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("%.80q: NewFormula panicked: %v", src, r)
		}
	}()
	params := map[string]ad.Tensor{"v": ad.Vector(1, 2, 3), "c": ad.Scalar(2), "α": ad.Scalar(3), "z0": ad.Vector(1, 0)}
	return NewFormula(FormulaSpec{Dims: [2]int{2, 1}, F1: src, F2: readingAll("y[0]", params), Params: params})
}

// TestFormulaHostileInputErrors checks the exact error, naming the
// objective, the offending token or sub-expression and its line:column,
// of inputs a user may paste from a paper or mistype: legacy octal
// literals (0100 is 64 in Go), literals that overflow or underflow
// float64, "--" (one token in Go), Unicode lookalikes of − × · / and of a
// space, invalid UTF-8, NUL, a stray byte order mark, trailing garbage,
// division by a constant zero, and indices that are negative, too large
// or not integers.
func TestFormulaHostileInputErrors(t *testing.T) {
	cases := []struct{ src, want string }{
		// Numbers.
		{"0100*x[0]", `f1: number 0100 starts with 0, which Go reads as octal (64): write 100, or 0o100 for octal at 1:1`},
		{"x[0] + 0_10", `f1: number 0_10 starts with 0, which Go reads as octal (8): write 10, or 0o10 for octal at 1:8`},
		{"x[010]", `f1: index 010 of "x" has a leading 0: write x[10] at 1:3`},
		{"08*x[0]", `f1: syntax error: invalid digit '8' in octal literal (Go reads an integer with a leading 0 as octal: drop the leading zeros) at 1:2`},
		{"1e400*x[0]", `f1: number 1e400 is out of range at 1:1`},
		{"1e-400 + x[0]", `f1: number 1e-400 underflows to 0 at 1:1`},
		{"x[0]*1e-1000000000", `f1: number 1e-1000000000 underflows to 0 at 1:6`},
		{"x[0]*0x", `f1: syntax error: hexadecimal literal has no digits at 1:8`},
		{"1i*x[0]", `f1: unsupported literal 1i at 1:1`},
		{"x[0] + 1e308*10", `f1: constant "1e308*10" is not finite (+Inf) at 1:8`},
		// Signs.
		{"---x[0]", `f1: syntax error: expected operand, found '--' (Go reads "--" and "++" as one token, not two signs: write -(-a) or a - (-b)) at 1:1`},
		{"x[0]--x[1]", `f1: syntax error: expected 'EOF', found '--' (Go reads "--" and "++" as one token, not two signs: write -(-a) or a - (-b)) at 1:5`},
		{"x[0]++x[1]", `f1: syntax error: expected 'EOF', found '++' (Go reads "--" and "++" as one token, not two signs: write -(-a) or a - (-b)) at 1:5`},
		// Lookalikes, encodings, garbage.
		{"x[0] − x[1]", `f1: syntax error: illegal character U+2212 '−' (write -) at 1:6`},
		{"x[0] × x[1]", `f1: syntax error: illegal character U+00D7 '×' (write *) at 1:6`},
		{"x[0] · x[1]", `f1: syntax error: illegal character U+00B7 '·' (write *) at 1:6`},
		{"x[0] ÷ x[1]", `f1: syntax error: illegal character U+00F7 '÷' (write /) at 1:6`},
		{"x[0]\u00a0+ x[1]", `f1: syntax error: illegal character U+00A0 (write a space) at 1:5`},
		{"x[0] ⊕ x[1]", `f1: syntax error: illegal character U+2295 '⊕' at 1:6`},
		{"x[0] + \xff", `f1: syntax error: illegal UTF-8 encoding at 1:8`},
		{"x[0] + \x00", `f1: syntax error: illegal character NUL at 1:8`},
		{"x[0]\ufeff", `f1: syntax error: illegal byte order mark (an invisible zero-width character: delete it) at 1:5`},
		{"x[0] )", `f1: syntax error: expected 'EOF', found ')' at 1:6`},
		{"x[0];", `f1: syntax error: expected 'EOF', found ';' at 1:5`},
		{"2x[0]", `f1: syntax error: expected 'EOF', found x (an operator is missing: multiply with *, as in 2*x[0]) at 1:2`},
		{"x[0] y[0]", `f1: syntax error: expected 'EOF', found y (an operator is missing: multiply with *, as in 2*x[0]) at 1:6`},
		{"x[0] (x[1])", `f1: unsupported call of "x[0]" (call a function by name, or multiply with *: 2*(x[0])) at 1:1`},
		{"2(x[0])", `f1: unsupported call of "2" (call a function by name, or multiply with *: 2*(x[0])) at 1:1`},
		{"x[0] 3", `f1: syntax error: expected 'EOF', found 3 (an operator is missing: multiply with *, as in 2*x[0]) at 1:6`},
		{"x[0]\n+ 1", `f1: syntax error: expected 'EOF', found '+' (a newline ends the formula after an operand: break a line after an operator) at 2:1`},
		{"x[0] \r\n  \n\t* 2", `f1: syntax error: expected 'EOF', found '*' (a newline ends the formula after an operand: break a line after an operator) at 3:2`},
		{"x[0]\ny[0]", `f1: syntax error: expected 'EOF', found y (a newline ends the formula after an operand: break a line after an operator) at 2:1`},
		{"x[0]²", `f1: syntax error: illegal character U+00B2 '²' (write pow(a, 2)) at 1:5`},
		{"x[0]³", `f1: syntax error: illegal character U+00B3 '³' (write pow(a, 3)) at 1:5`},
		{"π*x[0]", `f1: unknown identifier "π" (write pi) at 1:1`},
		{"(x[0]", `f1: syntax error: expected ')', found newline at 1:6`},
		{"   \n\t", `f1: empty formula`},
		{"ｘ[0]", `f1: unknown identifier "ｘ" at 1:1`},
		// Division by zero: folded constants and constant divisors.
		{"1/0 + x[0]", `f1: constant "1/0" is not finite (+Inf) at 1:1`},
		{"x[0]/0", `f1: division by zero: "0" is 0 at 1:5`},
		{"x[0] / (c - 2)", `f1: division by zero: "(c - 2)" is 0 at 1:6`},
		{"sum(x[0] / z0)", `f1: division by zero: "z0" is 0 at [1] at 1:10`},
		{"0*log(-1) + x[0]", `f1: constant "log(-1)" is not finite (NaN) at 1:3`},
		// Indices.
		{"x[-1]", `f1: index -1 out of range for "x" (length 2) at 1:3`},
		{"x[2]", `f1: index 2 out of range for "x" (length 2) at 1:3`},
		{"x[1.5]", `f1: index "1.5" of "x" must be a constant integer at 1:3`},
		{"x[1e20]", `f1: index "1e20" of "x" must be a constant integer at 1:3`},
		{"x[100000000000000000000]", `f1: index 100000000000000000000 out of range for "x" (length 2) at 1:3`},
		{"x[-(-2)]", `f1: index -(-2) out of range for "x" (length 2) at 1:3`},
		{"x[c]", `f1: index "c" of "x" must be a constant integer at 1:3`},
	}
	for _, c := range cases {
		_, err := newHostileFormula(t, c.src)
		if err == nil || err.Error() != c.want {
			t.Errorf("%q: error %v\nwant %s", c.src, err, c.want)
		}
	}
}

// TestFormulaAcceptedSpellings checks the values of the spellings Go's
// syntax allows (exact at x = (3, 5)): .5, 5., 1_000, hexadecimal,
// octal and binary literals with their prefixes, a leading +, spaced
// signs, signed and parenthesised indices, comments and a byte order
// mark at the start.
func TestFormulaAcceptedSpellings(t *testing.T) {
	cases := []struct {
		src  string
		want float64
	}{
		{".5*x[0]", 1.5},
		{"5.*x[0]", 15},
		{"1_000*x[0]", 3000},
		{"0x1p-2*x[0]", 0.75},
		{"0o17 + x[0]", 18},
		{"0b11*x[0]", 9},
		{"0 + x[0]", 3},
		{"+x[0]", 3},
		{"- - -x[0]", -3},
		{"-(-(-x[0]))", -3},
		{"x[+1] - x[(0)]", 2},
		{"x[0] - x[1] - x[0]", -5},
		{"x[1]/x[0]/2", 5.0 / 6},
		{"x[0] // a comment", 3},
		{"x[0] /* c */ * 2", 6},
		{"\ufeffx[0]", 3},
		{"1e-300 * x[0] * 1e300", 3},
	}
	for _, c := range cases {
		g, err := newHostileFormula(t, c.src)
		if err != nil {
			t.Errorf("%q: %v", c.src, err)
			continue
		}
		if got := evalAD(g, []float64{3, 5}, []float64{0}, false).f1; !near(got, c.want, 1e-15) {
			t.Errorf("%q at x = (3, 5): %v, want %v", c.src, got, c.want)
		}
	}
}

// TestFormulaErrorColumnsCountCharacters checks that the column of an
// error, a syntax error and a Diagnose message counts characters, as an
// editor does, not bytes: α and ｘ are 2 and 3 bytes in UTF-8.
func TestFormulaErrorColumnsCountCharacters(t *testing.T) {
	cases := []struct{ src, want string }{
		{"α*x[0] + z", `f1: unknown identifier "z" at 1:10`},
		{"α*x[0] +\n  α + z", `f1: unknown identifier "z" at 2:7`},
		{"ｘ + α", `f1: unknown identifier "ｘ" at 1:1`},
		{"α + ｘ", `f1: unknown identifier "ｘ" at 1:5`},
		{"α*x[0] )", `f1: syntax error: expected 'EOF', found ')' at 1:8`},
		{"α*x[0] − 1", `f1: syntax error: illegal character U+2212 '−' (write -) at 1:8`},
		{"α*x[5]", `f1: index 5 out of range for "x" (length 2) at 1:5`},
	}
	for _, c := range cases {
		_, err := newHostileFormula(t, c.src)
		if err == nil || err.Error() != c.want {
			t.Errorf("%q: error %v\nwant %s", c.src, err, c.want)
		}
	}
	g, err := newHostileFormula(t, "α*α + log(x[0])")
	if err != nil {
		t.Fatal(err)
	}
	want := "f1: log(x[0]) is NaN at 1:7 (x = [-1 0], y = [0])"
	if err := g.(*Formula).Diagnose([]float64{-1, 0}, []float64{0}); err == nil || err.Error() != want {
		t.Errorf("Diagnose: %v, want %s", err, want)
	}
}

// TestFormulaErrorsQuoteBoundedSource checks that an error quotes at most
// the first 80 characters of a sub-expression (and a parser message at
// most 160), so that a formula of a megabyte does not make an error of a
// megabyte; and that a nesting deeper than go/parser's limit is an
// error, not a stack overflow.
func TestFormulaErrorsQuoteBoundedSource(t *testing.T) {
	long := "x" + strings.Repeat("+x", 5000) // a 2-vector: not a scalar objective
	head := long[:80] + "…"
	digits := strings.Repeat("1", 5000)
	name := "q" + strings.Repeat("w", 5000)
	cases := []struct{ src, want string }{
		{long, fmt.Sprintf(`f1: objective must be a scalar, but %q is a 2-vector at 1:1`, head)},
		{"x[0] " + digits, fmt.Sprintf("f1: syntax error: expected 'EOF', found %s… (an operator is missing: multiply with *, as in 2*x[0]) at 1:6", digits[:160-len("expected 'EOF', found ")])},
		{"x[0] * " + digits + "e999", fmt.Sprintf("f1: number %s… is out of range at 1:8", digits[:80])},
		{"x[0] + " + name, fmt.Sprintf("f1: unknown identifier %q at 1:8", name[:80]+"…")},
		{"x[0] + " + name + "(1)", fmt.Sprintf("f1: unknown function %q at 1:8", name[:80]+"…")},
		{"sum(" + long + " + v)", fmt.Sprintf(`f1: shape mismatch in "+": %q is a 2-vector, "v" is a 3-vector at 1:10007`, head)},
	}
	for _, c := range cases {
		_, err := newHostileFormula(t, c.src)
		if err == nil || err.Error() != c.want {
			t.Errorf("%.40q…: error %.300v\nwant %.300s", c.src, err, c.want)
		}
	}
	for _, src := range []string{
		strings.Repeat("(", 110000) + "x[0]" + strings.Repeat(")", 110000),
		strings.Repeat("sin(", 110000) + "x[0]" + strings.Repeat(")", 110000),
		"x[0]" + strings.Repeat("+x[0]", 110000),
	} {
		_, err := newHostileFormula(t, src)
		if err == nil || !strings.Contains(err.Error(), "f1: syntax error: exceeded max nesting depth at 1:") {
			t.Errorf("%.20q… (%d bytes): error %v, want the parser's nesting limit", src, len(src), err)
		}
	}
	// Just below the limit, a deep formula evaluates.
	deep := strings.Repeat("(", 5000) + "x[0]" + strings.Repeat(")", 5000) + strings.Repeat("+x[1]", 5000)
	g, err := newHostileFormula(t, deep)
	if err != nil {
		t.Fatal(err)
	}
	r := evalAD(g, []float64{3, 5}, []float64{0}, false)
	if r.f1 != 3+5*5000 || r.g1[0] != 1 || r.g1[1] != 5000 {
		t.Errorf("deep formula: f = %v, ∇x f = %v; want 25003, [1 5000]", r.f1, r.g1)
	}
}

// TestFormulaSourceSpansMatchGoAST checks the source ranges the checker
// records for every checked node (built from the operands' ranges, so
// that a sum of n terms is checked in O(n) time rather than go/ast's
// O(n²) Pos recursion: 94 s for 90 000 terms before) against go/ast's own
// Pos and End, on formulas with chains, signs, parentheses, indices and
// calls, and that a long sum's sub-expression texts and Diagnose
// position come out right.
func TestFormulaSourceSpansMatchGoAST(t *testing.T) {
	spec := FormulaSpec{Dims: [2]int{2, 1}, Params: map[string]ad.Tensor{"M": ad.Matrix([][]float64{{1, 2}, {3, 4}}), "α": ad.Scalar(2)}}
	for _, src := range []string{
		"x[0] - x[1] - α*y[0] + - -x[0]",
		"-(x[0] + y[0])*pow(x[1], 2)/(1 + α) - +M[1][0]*x[1]",
		"sum(matvec(M, x)) + x[0][0] + (x)[1] + -x[0]*-x[1]",
		"α/ (x[0] +\n  x[1])\t- log(α)",
	} {
		c := &checker{which: "f1", src: src, fset: token.NewFileSet(), spec: &spec, spans: map[ast.Expr][2]token.Pos{}}
		tree, err := parser.ParseExprFrom(c.fset, "", src, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.check(tree); err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		checked := 0
		ast.Inspect(tree, func(n ast.Node) bool {
			e, ok := n.(ast.Expr)
			if !ok {
				return true
			}
			if s, ok := c.spans[e]; ok {
				checked++
				if s[0] != e.Pos() || s[1] != e.End() {
					t.Errorf("%q: span of %q is [%d, %d), go/ast's [%d, %d)", src, c.text(e), s[0], s[1], e.Pos(), e.End())
				}
			}
			return true
		})
		if checked < 8 {
			t.Errorf("%q: %d nodes recorded", src, checked)
		}
	}
	long := "α*x[0]" + strings.Repeat("+α*x[0]", 20000) + " + log(x[1])"
	g, err := NewFormula(FormulaSpec{Dims: [2]int{2, 1}, F1: long, F2: readingAll("y[0]", spec.Params), Params: spec.Params})
	if err != nil {
		t.Fatal(err)
	}
	want := "f1: log(x[1]) is NaN at 1:140010 (x = [1 -1], y = [0])"
	if err := g.(*Formula).Diagnose([]float64{1, -1}, []float64{0}); err == nil || err.Error() != want {
		t.Errorf("Diagnose: %v, want %s", err, want)
	}
	if got := evalAD(g, []float64{1, 2}, []float64{0}, false); got.f1 != 2*20001+math.Log(2) || got.g1[0] != 2*20001 || got.g1[1] != 0.5 {
		t.Errorf("long sum: f = %v, ∇x f = %v; want %v, [40002 0.5]", got.f1, got.g1, 2*20001+math.Log(2))
	}
}
