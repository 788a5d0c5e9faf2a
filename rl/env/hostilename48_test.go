package env

import (
	"strings"
	"testing"
)

// TestUnknownNameIsCut48: Make quotes an unknown environment's name cut
// to about 40 characters, control characters escaped (it quoted all 700
// characters before the valid names); a short name is quoted as before.
func TestUnknownNameIsCut48(t *testing.T) {
	for _, c := range []struct{ name, want string }{
		{strings.Repeat("k", 700) + "\x1b[2J", `env: unknown environment "` + strings.Repeat("k", 39) + `…; valid names: `},
		{"Pong", `env: unknown environment "Pong"; valid names: `},
		{strings.Repeat("é", 30), `env: unknown environment "` + strings.Repeat("é", 19) + `…; valid names: `},
	} {
		_, err := Make(c.name)
		if err == nil || !strings.HasPrefix(err.Error(), c.want) || !strings.Contains(err.Error(), "CartPole-v1") {
			t.Errorf("Make(%.50q): %.200q\nwant %q…", c.name, err, c.want)
		}
	}
}
