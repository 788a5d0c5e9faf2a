package plot

import (
	"testing"

	"gonum.org/v1/plot/font"
)

// TestTofuKeepsInvisibleCharacters48i: characters that are invisible by
// design (controls such as DEL and the C1 range, format characters such
// as a byte-order mark, the word joiner or a bidi isolate, and emoji
// variation selectors) draw as nothing; withTofu drew each that Liberation
// Sans has no glyph for as "□", so a series named from a file that starts
// with a byte-order mark read "□step" and "❤️" two boxes for one
// character. Characters that are visible but missing still show as "□".
func TestTofuKeepsInvisibleCharacters48i(t *testing.T) {
	face := font.DefaultCache.Lookup(textFont, legendSize)
	for _, c := range []struct{ in, want string }{
		{"\ufeffstep", "\ufeffstep"},           // byte-order mark
		{"a\u2060b", "a\u2060b"},               // word joiner
		{"\u2066x\u2069", "\u2066x\u2069"},     // left-to-right isolate … pop
		{"x\u007fy\u0085z", "x\u007fy\u0085z"}, // DEL, NEL
		{"\u2764\ufe0f", "□\ufe0f"},            // heavy black heart + VS16
		{"日\ufeff本", "□\ufeff□"},               // kept beside replaced ones
		{"x\u20d7", "x□"},                      // a visible combining mark it lacks
	} {
		if got := withTofu(face, c.in); got != c.want {
			t.Errorf("withTofu(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
