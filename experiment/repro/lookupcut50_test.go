package repro

import (
	"strings"
	"testing"
)

// TestLookupUnknownNameCut50: an unknown reproduction's name is quoted
// and cut in the error (a 5000-character name made a 5.3 KB message
// before session 50) and a control character in it is escaped; a short
// name is quoted whole, as before.
func TestLookupUnknownNameCut50(t *testing.T) {
	for _, c := range []struct{ name, want string }{
		{"nope", `unknown reproduction "nope" (the reproductions: `},
		{strings.Repeat("x", 5000), `unknown reproduction "` + strings.Repeat("x", 79) + `… (the reproductions: `},
		{"a\x1b[31mb", `unknown reproduction "a\x1b[31mb" (the reproductions: `},
	} {
		_, err := Lookup(c.name)
		if err == nil || !strings.HasPrefix(err.Error(), c.want) || len(err.Error()) > 2000 || strings.ContainsRune(err.Error(), 0x1b) {
			t.Errorf("Lookup(%.20q): got %.200v, want it to begin %.120q, under 2000 bytes, without a raw ESC", c.name, err, c.want)
		}
	}
}
