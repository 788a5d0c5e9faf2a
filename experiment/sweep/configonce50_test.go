package sweep

import (
	"strings"
	"testing"
)

// TestInlineConfigErrorSaysConfigOnce50: an error of a spec's inline
// configuration that the sweep cannot place on a line of its own (a
// flow-style config: {…}, or a Spec built in Go) names "config" once,
// with the config: key's line and the configuration's key. Before
// session 50 it read "sweep: config (line 2): config: iterations: 0 …",
// the configuration parser's own "config: " after the sweep's.
func TestInlineConfigErrorSaysConfigOnce50(t *testing.T) {
	const count = "iterations: 0 is not a valid count; give a positive number or leave the key out for the default"
	parsed := func(src string) func() (*Spec, error) {
		return func() (*Spec, error) { return ParseSpec([]byte(src), t.TempDir()) }
	}
	for _, c := range []struct {
		name string
		spec func() (*Spec, error)
		want string // the error's first line
	}{
		{"flow style", parsed("name: s\nconfig: {game: {builtin: duopoly}, dynamics: {kind: sga}, iterations: 0}\nseeds: [1]\n"),
			"sweep: config (line 2): " + count},
		{"flow style, grid", parsed("name: s\nconfig: {game: {builtin: duopoly}, dynamics: {kind: sga}, iterations: 0}\ngrid:\n  dynamics.kind: [sga, stackelberg]\n"),
			"sweep: config (line 2): " + count},
		{"flow style, unknown key", parsed("name: s\nconfig: {game: {builtin: duopoly}, dynamics: {kind: sga}, itrations: 3}\n"),
			`sweep: config (line 2): unknown field "itrations" (the top level takes name, seed, game, dynamics, iterations, stages, record_every, init, rl, record)`},
		{"built in Go", func() (*Spec, error) {
			return &Spec{Name: "s", Config: map[string]any{"game": map[string]any{"builtin": "duopoly"}, "dynamics": map[string]any{"kind": "sga"}, "iterations": 0}}, nil
		}, "sweep: config: " + count},
	} {
		s, err := c.spec()
		if err == nil {
			_, err = s.Expand()
		}
		if err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		if first, _, _ := strings.Cut(err.Error(), "\n"); first != c.want {
			t.Errorf("%s: error %q\nwant first line %q", c.name, first, c.want)
		}
	}
}
