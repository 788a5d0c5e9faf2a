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
		{Word("run 1", 40), "run 1"},
		{Word(k38+"kk", 40), k38 + "kk"},
		{Word(k38+"kkk", 40), `"` + k38 + "k…"},
		{Word("a\tb", 40), `"a\tb"`},
		{Word("é", 40), "é"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}
