package experiment

import (
	"strings"
	"testing"
)

// A required key left out is named as missing, with the line of its
// section, as dynamics.follower's lr is: before session 49 a formula game
// without sense said `config: game.sense = "": need payoff or cost` and a
// noisy-gradient follower without noise `config: dynamics.follower.noise
// = 0: …`, each quoting a value the file does not hold, with no line. A
// value written (sense: "" or noise: 0) is still quoted at its line.
func TestMissingKeyNamedAtItsSection49(t *testing.T) {
	hic := func(follower string) string {
		return "name: h\ngame: {builtin: cournot}\ndynamics:\n  kind: hic\n  alpha: {constant: 0.001}\n  delta: {constant: 1}\n  commitment: {constant: 100}\n" +
			follower + "stages: 100\n"
	}
	for _, tc := range []struct{ name, src, want string }{
		{"sense left out", "name: f\ngame:\n  f1: x[0]*y[0]\n  f2: x[0]*y[0]\ndynamics: {kind: sga}\n",
			"config: line 2: game: sense: missing (payoff: each player maximises its f; cost: minimises it)"},
		{"sense written empty", "name: f\ngame:\n  sense: \"\"\n  f1: x[0]*y[0]\n  f2: x[0]*y[0]\ndynamics: {kind: sga}\n",
			`config: line 3: game.sense = "": need payoff or cost`},
		{"noise left out", hic("  follower: {kind: noisy-gradient, lr: 0.1}\n"),
			"config: line 8: dynamics.follower: noise: missing (a noisy-gradient follower's noise σ, > 0, e.g. noise: 0.1)"},
		{"noise written 0", hic("  follower:\n    kind: noisy-gradient\n    lr: 0.1\n    noise: 0\n"),
			"config: line 11: dynamics.follower.noise = 0: a noisy-gradient follower needs noise > 0"},
	} {
		if got := configErrorText(t, tc.src); !strings.Contains(got, tc.want) {
			t.Errorf("%s: error %q, want one containing %q", tc.name, got, tc.want)
		}
	}
}
