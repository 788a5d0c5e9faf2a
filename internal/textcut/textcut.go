package textcut

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Quoted returns s in Go's quotes, cut to max bytes (at a character
// boundary) with "…" marking the cut when the quoted form is longer.
func Quoted(s string, max int) string {
	q := strconv.Quote(s)
	if len(q) <= max {
		return q
	}
	// The cut falls between whole characters of the quoted form: a
	// character's bytes, or an escape (\x1b, \u202e, \n) whole, so that
	// no escape is left half written ("\x1…").
	cut := 1 // after the opening quote
	for cut < len(q) {
		n := 1
		if q[cut] == '\\' && cut+1 < len(q) {
			switch q[cut+1] {
			case 'x':
				n = 4
			case 'u':
				n = 6
			case 'U':
				n = 10
			default:
				n = 2
			}
		} else {
			_, n = utf8.DecodeRuneInString(q[cut:])
		}
		if cut+n > max {
			break
		}
		cut += n
	}
	return q[:cut] + "…"
}

// Word returns s as it is when it is at most max bytes of printable text
// (what Go's quotes would leave as written) that is not empty and
// neither begins nor ends with a space, else Quoted(s, max): an empty
// word, or spaces, written as they are showed as nothing in a message
// ("--listen  : missing port").
func Word(s string, max int) string {
	if s != "" && len(s) <= max && s[0] != ' ' && s[len(s)-1] != ' ' && strconv.Quote(s) == `"`+s+`"` {
		return s
	}
	return Quoted(s, max)
}

// Printable returns s with every character a terminal would not show as
// written — a control character (ESC, CR, BEL, …) other than a newline
// or a tab, an invisible format character such as a bidirectional
// override, a byte that is not UTF-8 — replaced by its Go escape (\x1b,
// \u202e, \xff), the rest as it is. It is for a whole message that may
// hold a word no one quoted (an operating system's error naming a path),
// as it reaches a terminal or a log.
func Printable(s string) string {
	if utf8.ValidString(s) && strings.IndexFunc(s, func(r rune) bool { return !shown(r) }) < 0 {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case shown(r):
			b.WriteString(s[i : i+n])
		default:
			q := strconv.QuoteRune(r) // '\x1b', '\u202e'
			b.WriteString(q[1 : len(q)-1])
		}
		i += n
	}
	return b.String()
}

// Line returns Printable(s) with its newlines escaped too (\n): for a
// value written inside a line that a script reads line by line (the
// "wrote DIR" line of a command), where a newline in a path would start
// a line of its own. Text Printable leaves as it is and without a newline
// comes back as it is.
func Line(s string) string {
	return strings.ReplaceAll(Printable(s), "\n", `\n`)
}

// shown reports whether r reaches a terminal as written: printable (Go's
// strconv.IsPrint: letters, marks, numbers, punctuation, symbols and the
// ASCII space), a newline or a tab.
func shown(r rune) bool {
	return r == '\n' || r == '\t' || strconv.IsPrint(r)
}
