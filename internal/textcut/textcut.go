package textcut

import (
	"strconv"
	"unicode/utf8"
)

// Quoted returns s in Go's quotes, cut to max bytes (at a character
// boundary) with "…" marking the cut when the quoted form is longer.
func Quoted(s string, max int) string {
	q := strconv.Quote(s)
	if len(q) <= max {
		return q
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(q[cut]) {
		cut--
	}
	return q[:cut] + "…"
}

// Word returns s as it is when it is at most max bytes of printable text
// (what Go's quotes would leave as written), else Quoted(s, max).
func Word(s string, max int) string {
	if len(s) <= max && strconv.Quote(s) == `"`+s+`"` {
		return s
	}
	return Quoted(s, max)
}
