package ad

import (
	"strings"
	"testing"
)

// TestParseDTypeCutsName48: ParseDType quotes an unknown name cut to
// about 40 characters, control characters escaped (it quoted all 700);
// a short name is quoted as before.
func TestParseDTypeCutsName48(t *testing.T) {
	for _, c := range []struct{ name, want string }{
		{strings.Repeat("k", 700) + "\x1b[2J", `dtype "` + strings.Repeat("k", 39) + `…: want float32 or float64`},
		{"float16", `dtype "float16": want float32 or float64`},
		{"", `dtype "": want float32 or float64`},
	} {
		if _, err := ParseDType(c.name); err == nil || err.Error() != c.want {
			t.Errorf("ParseDType(%.50q): %.200q, want %q", c.name, err, c.want)
		}
	}
}
