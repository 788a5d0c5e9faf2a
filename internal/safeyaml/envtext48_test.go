package safeyaml

import (
	"strings"
	"testing"
)

// TestParseEnvIntCutsHostileText48: the error for a limit variable set to
// something other than a number quotes the value cut to about 40
// characters, and the name as KeyText gives it: a 700-character value (or
// a name beginning with STACKEL_MAX_ that CheckEnv reports) was quoted
// whole, and a name holding a line break and an escape was written raw.
func TestParseEnvIntCutsHostileText48(t *testing.T) {
	const tail = ": not a number; give a positive whole number (such as 4000000 or 4e6), or unset it for the default"
	long := strings.Repeat("k", 700)
	for _, c := range []struct{ name, value, want string }{
		{"STACKEL_MAX_DIM", long, `environment variable STACKEL_MAX_DIM="kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk…` + tail},
		{"STACKEL_MAX_DIM", "1\n\x1b[31m", `environment variable STACKEL_MAX_DIM="1\n\x1b[31m"` + tail},
		{"STACKEL_MAX_" + long, "x", `environment variable "STACKEL_MAX_kkkkkkkkkkkkkkkkkkkkkkkkkkk…="x"` + tail},
		{"STACKEL_MAX_\n\x1b[31m", "x", `environment variable "STACKEL_MAX_\n\x1b[31m"="x"` + tail},
	} {
		_, err := ParseEnvInt(c.name, c.value)
		if err == nil || err.Error() != c.want {
			t.Errorf("ParseEnvInt(%.60q, %.60q) = %.300v\nwant %q", c.name, c.value, err, c.want)
		}
	}
}
