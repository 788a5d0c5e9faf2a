package experiment

import "testing"

// TestNullKeyIsMissing49: a required key written as null (sense: null,
// sense: ~, a bare `noise:`) decodes to the same zero as one left out,
// and is said missing at its own line, as dynamics' required keys
// written null are (CheckWritten): after aa425e4 only a key left out was,
// and a null one quoted a value the file does not hold (game.sense = "",
// dynamics.follower.noise = 0, lr = 0). A value written (sense: "",
// noise: 0) is still quoted.
func TestNullKeyIsMissing49(t *testing.T) {
	formula := func(sense string) string {
		return "name: f\ngame:\n" + sense + "  f1: x[0]*y[0]\n  f2: x[0]*y[0]\ndynamics: {kind: sga}\n"
	}
	hic := func(follower string) string {
		return "name: h\ngame: {builtin: cournot}\ndynamics:\n  kind: hic\n  alpha: {constant: 0.001}\n  delta: {constant: 1}\n  commitment: {constant: 100}\n" +
			follower + "stages: 100\n"
	}
	const sense = "game: sense: missing (payoff: each player maximises its f; cost: minimises it)"
	const noise = "dynamics.follower: noise: missing (a noisy-gradient follower's noise σ, > 0, e.g. noise: 0.1)"
	const lr = "dynamics.follower: lr: missing (the follower's gradient step, > 0, e.g. lr: 0.1)"
	for _, tc := range []struct{ src, want string }{
		{formula("  sense: null\n"), "config: line 3: " + sense},
		{formula("  sense: ~\n"), "config: line 3: " + sense},
		{formula("  sense:\n"), "config: line 3: " + sense},
		{formula("  sense: ''\n"), `config: line 3: game.sense = "": need payoff or cost`},
		{hic("  follower:\n    kind: noisy-gradient\n    lr: 0.1\n    noise: null\n"), "config: line 11: " + noise},
		{hic("  follower:\n    kind: noisy-gradient\n    lr: 0.1\n    noise:\n"), "config: line 11: " + noise},
		{hic("  follower:\n    kind: noisy-gradient\n    lr: ~\n    noise: 0.1\n"), "config: line 10: " + lr},
		{hic("  follower:\n    kind: noisy-gradient\n    lr: 0\n    noise: 0.1\n"), "config: line 10: dynamics.follower.lr = 0: need > 0"},
	} {
		got := configErrorText(t, tc.src)
		if got != tc.want {
			t.Errorf("%q: error %q, want %q", tc.src, got, tc.want)
		}
	}
}
