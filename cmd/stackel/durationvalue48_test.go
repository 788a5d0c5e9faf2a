package main

import (
	"strings"
	"testing"
)

// TestDurationValueIsCut48: a duration flag's invalid value is cut in the
// cause's words too. time.ParseDuration quotes the value its own way
// (each byte of é as \xc3\xa9, a tab as \x09), which the cut of Go's
// quoted form missed: 100 é filled the error with 800 bytes of escapes;
// the unknown unit it quotes was whole too. A short plain value is named
// as before.
func TestDurationValueIsCut48(t *testing.T) {
	long := strings.Repeat("é", 100)
	cfg := writeFile(t, t.TempDir(), "s.yaml", "name: s\n")
	for _, c := range []struct {
		value, want string
	}{
		{long, `invalid argument "` + strings.Repeat("é", 19) + `… for "--ack-wait" flag: time: invalid duration "` + strings.Repeat("é", 19) + "…"},
		{"1" + long, `invalid argument "1` + strings.Repeat("é", 19) + `… for "--ack-wait" flag: time: unknown unit "` + strings.Repeat("é", 19) + `… in duration "1` + strings.Repeat("é", 19) + "…"},
		{"\t" + strings.Repeat("k", 60), `invalid argument "\t` + strings.Repeat("k", 37) + `… for "--ack-wait" flag: time: invalid duration "\t` + strings.Repeat("k", 37) + "…"},
		{"3x", `invalid argument "3x" for "--ack-wait" flag: time: unknown unit "x" in duration "3x"`},
		{"abc", `invalid argument "abc" for "--ack-wait" flag: time: invalid duration "abc"`},
	} {
		_, err := execute(t, "sweep", cfg, "--ack-wait", c.value)
		if err == nil || err.Error() != c.want {
			t.Errorf("%.40q:\n got %q\nwant %q", c.value, err, c.want)
		}
	}
}
