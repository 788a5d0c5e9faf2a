package textcut

import (
	"strings"
	"testing"
)

// TestQuotedAndWord: exact texts at the bounds, with a multi-byte
// character across the cut and control characters escaped.
func TestQuotedAndWord(t *testing.T) {
	k38 := strings.Repeat("k", 38)
	for _, c := range []struct{ got, want string }{
		{Quoted("", 40), `""`},
		{Quoted(k38, 40), `"` + k38 + `"`},
		{Quoted(k38+"k", 40), `"` + k38 + "k…"},
		{Quoted(k38+"é", 40), `"` + k38 + "…"}, // é's 2 bytes do not fit: cut before it
		{Quoted("a\x1b[31mb", 40), `"a\x1b[31mb"`},
		// The cut keeps an escape whole or leaves it out (before session
		// 49, Quoted("abc\x1bdef", 7) ended in the half escape `"abc\x…`).
		{Quoted("abc\x1bdef", 8), `"abc\x1b…`},
		{Quoted("abc\x1bdef", 7), `"abc…`},
		{Quoted("abc\u202edef", 9), `"abc…`},
		{Quoted("abc\u202edef", 10), `"abc\u202e…`},
		{Quoted("ab\ncd", 4), `"ab…`},
		{Word("run 1", 40), "run 1"},
		{Word(k38+"kk", 40), k38 + "kk"},
		{Word(k38+"kkk", 40), `"` + k38 + "k…"},
		{Word("a\tb", 40), `"a\tb"`},
		{Word("é", 40), "é"},
		// An empty word, or one a space begins or ends, is quoted: as
		// written it showed as nothing ("--listen  : missing port").
		{Word("", 40), `""`},
		{Word(" ", 40), `" "`},
		{Word("a ", 40), `"a "`},
		{Word(" a", 40), `" a"`},
		{Word("a b", 40), "a b"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

// TestPrintable: control characters other than newline and tab, a
// bidirectional override and a byte that is not UTF-8 are escaped as Go
// writes them; printable text (θ, ≤, …) and the newlines of a
// multi-line message stay as they are.
func TestPrintable(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"open a.yaml: no such file", "open a.yaml: no such file"},
		{"θ ≤ 1 — ok…\n  line two\tend", "θ ≤ 1 — ok…\n  line two\tend"},
		{"open a\x1b[31mb.yaml: no such file", `open a\x1b[31mb.yaml: no such file`},
		{"a\rb\x07c\x7fd", `a\rb\ac\x7fd`},
		{"x\u202ey\u0085z", `x\u202ey\u0085z`},
		{"bad \xff byte é", `bad \xff byte é`},
	} {
		if got := Printable(c.in); got != c.want {
			t.Errorf("Printable(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestLine: as Printable, with a newline escaped too; an ordinary path
// (spaces, brackets, a tab, non-ASCII letters) stays as it is.
func TestLine(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"out/run 1[x]/θ", "out/run 1[x]/θ"},
		{"a\tb", "a\tb"},
		{"a\x1b[31mb\nc", `a\x1b[31mb\nc`},
		{"x\r\ny\u202ez\xff", `x\r\ny\u202ez\xff`},
		{"", ""},
	} {
		if got := Line(c.in); got != c.want {
			t.Errorf("Line(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
