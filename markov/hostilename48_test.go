package markov

import (
	"strings"
	"testing"
)

// TestHostileNamesAreCut48: a built-in game's name or parameter name
// given in Go (the config's checks cut them first) is quoted cut to about
// 40 characters in the error: it was quoted whole (700 characters).
func TestHostileNamesAreCut48(t *testing.T) {
	long := strings.Repeat("k", 700)
	cut := `"` + strings.Repeat("k", 39) + "…"
	for _, c := range []struct {
		name string
		run  func() error
		want string
	}{
		{"Builtin", func() error { _, err := Builtin(long, nil); return err },
			"markov: unknown built-in game " + cut + " (valid: epidemic, patrol, random)"},
		{"BuiltinShape", func() error { _, err := BuiltinShape(long, nil); return err },
			"markov: unknown built-in game " + cut + " (valid: epidemic, patrol, random)"},
		{"BuiltinParams", func() error { _, err := BuiltinParams(long); return err },
			"markov: unknown built-in game " + cut + " (valid: epidemic, patrol, random)"},
		{"DefaultConfig", func() error { _, err := DefaultConfig(long); return err },
			"markov: unknown built-in game " + cut + " (valid: [epidemic patrol random])"},
		{"param", func() error { _, err := Builtin("patrol", map[string]float64{long: 1}); return err },
			`markov: built-in "patrol": unknown parameter ` + cut + " (valid: catch_reward, detect, gamma, lambda, move_cost, penalty, slip, targets)"},
	} {
		if err := c.run(); err == nil || err.Error() != c.want {
			t.Errorf("%s: %.300v\nwant %q", c.name, err, c.want)
		}
	}
}
