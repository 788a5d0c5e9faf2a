package textcut

import (
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// interpreted reports whether a terminal would act on r rather than show
// it: a C0 control other than a newline or a tab, DEL, a C1 control, a
// bidirectional control (embeddings, overrides, isolates, marks) or a
// line or paragraph separator.
func interpreted(r rune) bool {
	switch {
	case r < 0x20:
		return r != '\n' && r != '\t'
	case r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f, r >= 0x202a && r <= 0x202e,
		r >= 0x2066 && r <= 0x2069, r == 0x2028, r == 0x2029:
		return true
	}
	return false
}

// quotedToken returns the length of the character or escape at the start
// of q, a part of strconv.Quote's output after its opening quote.
func quotedToken(q string) int {
	if q[0] == '\\' && len(q) > 1 {
		switch q[1] {
		case 'x':
			return 4
		case 'u':
			return 6
		case 'U':
			return 10
		}
		return 2
	}
	_, n := utf8.DecodeRuneInString(q)
	return n
}

// FuzzTextcut checks, for any input, the properties the package's doc
// comments state:
//   - Printable's output is UTF-8, holds no character a terminal would
//     act on (C0 but newline and tab, DEL, C1, bidirectional controls,
//     line and paragraph separators), is s itself when s is UTF-8 with
//     nothing to escape, and reads back as s (strconv.Unquote of it in
//     quotes, its newlines and tabs written as escapes, when s holds no
//     backslash or quote);
//   - Quoted(s, max) is strconv.Quote(s) when that fits in max bytes,
//     else a prefix of it that keeps every escape whole (so that it
//     unquotes to a prefix of s), is the longest such prefix within max
//     bytes, and ends in "…" — at most max+len("…") bytes in all;
//   - Word(s, max) is s when s is at most max bytes that Go's quotes
//     leave as written, else Quoted(s, max);
//   - none of the three outputs is changed by Printable.
func FuzzTextcut(f *testing.F) {
	for _, s := range []string{"", "run 1", "abc\x1bdef", "abc\u202edef", "ab\ncd", "a\\b\"c",
		"bad \xff byte é", "x\u0085y\u2028z", "\U0001F600\U000E0001", "\xed\xa0\x80", "\ufffd"} {
		f.Add(s, uint8(7))
	}
	f.Fuzz(func(t *testing.T, s string, m uint8) {
		max := int(m%64) + 1
		p := Printable(s)
		if !utf8.ValidString(p) {
			t.Fatalf("Printable(%q) = %q, not UTF-8", s, p)
		}
		if i := strings.IndexFunc(p, interpreted); i >= 0 {
			t.Fatalf("Printable(%q) = %q holds %U at byte %d", s, p, []rune(p[i:])[0], i)
		}
		if utf8.ValidString(s) && strings.IndexFunc(s, func(r rune) bool { return r != '\n' && r != '\t' && !strconv.IsPrint(r) }) < 0 && p != s {
			t.Fatalf("Printable(%q) = %q, want it unchanged", s, p)
		}
		if !strings.ContainsAny(s, "\\\"") {
			lit := strings.NewReplacer("\n", `\n`, "\t", `\t`).Replace(p)
			if back, err := strconv.Unquote(`"` + lit + `"`); err != nil || back != s {
				t.Fatalf("Printable(%q) = %q reads back as %q (%v)", s, p, back, err)
			}
		}

		full := strconv.Quote(s)
		q := Quoted(s, max)
		if len(full) <= max {
			if q != full {
				t.Fatalf("Quoted(%q, %d) = %q, want %q", s, max, q, full)
			}
		} else {
			head, ok := strings.CutSuffix(q, "…")
			if !ok || !strings.HasPrefix(full, head) || len(head) > max || len(q) > max+len("…") {
				t.Fatalf("Quoted(%q, %d) = %q (%d bytes), want a prefix of %q within %d bytes and \"…\"", s, max, q, len(q), full, max)
			}
			back, err := strconv.Unquote(head + `"`)
			if err != nil || !strings.HasPrefix(s, back) {
				t.Fatalf("Quoted(%q, %d) = %q ends in a part of an escape (%q, %v)", s, max, q, back, err)
			}
			if len(head) > 1 || max > 1 {
				if next := quotedToken(full[len(head):]); len(head)+next <= max {
					t.Fatalf("Quoted(%q, %d) = %q, stops before %q that fits", s, max, q, full[len(head):len(head)+next])
				}
			}
		}

		w := Word(s, max)
		plain := s != "" && len(s) <= max && full == `"`+s+`"` && !strings.HasPrefix(s, " ") && !strings.HasSuffix(s, " ")
		if plain && w != s || !plain && w != q {
			t.Fatalf("Word(%q, %d) = %q, want %q or %q as documented", s, max, w, s, q)
		}
		for _, out := range []string{p, q, w} {
			if Printable(out) != out {
				t.Fatalf("Printable(%q) = %q, want it unchanged", out, Printable(out))
			}
		}
	})
}
