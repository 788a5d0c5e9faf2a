package experiment

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestHostileChoiceValueIsCut48: a value that must be one of a list of
// choices (dynamics.kind, game.builtin, game.sense, Hi-C's baseline and
// follower kind, Markov's estimator and step rule) is quoted cut to about
// 40 characters, as keys are, before the whole list of choices: a
// 700-character dynamics.kind filled the error's first line with 575 of
// its characters (the list cut off), and game.builtin's one-line error
// quoted all 700.
func TestHostileChoiceValueIsCut48(t *testing.T) {
	long := strings.Repeat("k", 700)
	hic := "game: {builtin: cournot}\ndynamics:\n  kind: hic\n  alpha: {constant: 0.001}\n  delta: {constant: 1}\n  commitment: {constant: 10}\n"
	markov := "game: {markov_builtin: patrol}\ndynamics:\n  kind: stackelberg-pg\n"
	for _, c := range []struct{ key, src, tail string }{
		{"dynamics.kind", "game: {builtin: duopoly}\ndynamics: {kind: " + long + "}\n", "need one of consensus, extragradient, hic, lola, negotiation, sga, simultaneous-pg, stackelberg, stackelberg-pg, symplectic, "},
		{"game.builtin", "dynamics: {kind: sga}\ngame: {builtin: " + long + "}\n", "unknown built-in game (valid: ac-toy, bimatrix, cournot, duopoly, quadratic, soft-ac-toy, torus)"},
		{"game.sense", "game:\n  sense: " + long + "\n  f1: \"x[0]*x[0]\"\n  f2: \"y[0]*y[0] + x[0]\"\ndynamics: {kind: sga}\n", "need payoff or cost"},
		{"dynamics.baseline", hic + "  follower: {kind: gradient, lr: 0.1}\n  baseline: " + long + "\nstages: 1000\n", "need none, previous or {ema: decay}"},
		{"dynamics.follower.kind", hic + "  follower: {kind: " + long + ", lr: 0.1}\nstages: 1000\n", "need gradient, noisy-gradient or best-response"},
		{"dynamics.estimator", markov + "  estimator: " + long + "\n", "need one of exact, sampled"},
		{"dynamics.step_rule", markov + "  step_rule: " + long + "\n", "need fixed or backtracking"},
	} {
		msg := configErrorText(t, c.src)
		if msg == "" {
			t.Errorf("%s: a %d-character value accepted", c.key, len(long))
			continue
		}
		first, _, _ := strings.Cut(msg, "\n")
		if !strings.Contains(first, c.key+` = "kkkk`) || !strings.Contains(first, c.tail) {
			t.Errorf("%s: first line %.300q… lacks the key, the quoted value or %q", c.key, first, c.tail)
		}
		if n := strings.Count(first, "kkkk"); n > 10 {
			t.Errorf("%s: the message quotes about %d characters of the value", c.key, 4*n)
		}
		if n := utf8.RuneCountInString(first); n > 400 {
			t.Errorf("%s: first line of %d characters", c.key, n)
		}
	}
}

// TestHostileValueIsCut48K: the values and keys of a config that reach
// an error message by other paths than the choice lists of
// TestHostileChoiceValueIsCut48 are cut to about 40 characters too, and
// cannot break the message's line: an unknown built-in param's key, a
// formula game's unused or misnamed param, a Markov built-in's name and
// a non-number param value, a Hi-C follower's kind beside tol, a
// baseline map, a run name and rl.dtype were quoted whole (700
// characters; a key holding an escape sequence and a line break was
// written raw).
func TestHostileValueIsCut48K(t *testing.T) {
	long := strings.Repeat("k", 700)
	hic := "game: {builtin: cournot}\ndynamics:\n  kind: hic\n  alpha: {constant: 0.001}\n  delta: {constant: 1}\n  commitment: {constant: 10}\n"
	formula := "dynamics: {kind: sga}\ngame:\n  sense: cost\n  f1: \"x[0]*x[0]\"\n  f2: \"y[0]*y[0] + x[0]\"\n"
	for _, c := range []struct{ name, src, want string }{
		{"builtin param key", "dynamics: {kind: sga}\ngame: {builtin: duopoly, params: {" + long + ": 1}}\n",
			`config: game.params."kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk…: unknown param of the built-in duopoly (valid: A, c1, c2)`},
		{"builtin param key, control", "dynamics: {kind: sga}\ngame: {builtin: duopoly, params: {\"Z\\e[31m\\nX\": 1}}\n",
			`config: game.params."Z\x1b[31m\nX": unknown param of the built-in duopoly (valid: A, c1, c2)`},
		{"builtin without params, key", "dynamics: {kind: sga}\ngame: {builtin: ac-toy, params: {" + long + ": 1}}\n",
			`config: game.params."kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk…: unknown param of the built-in ac-toy, which takes no parameters`},
		{"markov param key", "dynamics: {kind: stackelberg-pg}\ngame: {markov_builtin: patrol, params: {" + long + ": 1}}\n",
			`config: game.params."kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk…: unknown param of the built-in patrol (valid: catch_reward, detect, gamma, lambda, move_cost, penalty, slip, targets)`},
		{"markov param value", "dynamics: {kind: stackelberg-pg}\ngame: {markov_builtin: patrol, params: {targets: " + long + "}}\n",
			`config: line 2: game.params.targets = "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk…: markov built-ins take numbers`},
		{"markov builtin", "dynamics: {kind: stackelberg-pg}\ngame: {markov_builtin: " + long + "}\n",
			`config: line 2: game.markov_builtin: markov: unknown built-in game "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk… (valid: epidemic, patrol, random)`},
		{"formula param unused", formula + "  params: {" + long + ": 1}\n",
			`config: line 6: game: params: param kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk… is used by neither f1 nor f2, which use no params (remove it, or fix the name in the formula)`},
		{"formula param name", formula + "  params: {\"-" + long + "\": 1}\n",
			`config: line 6: game: params: name "-kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk…" is not an identifier`},
		{"follower kind with tol", hic + "  follower: {kind: " + long + ", lr: 0.1, tol: 1}\nstages: 1000\n",
			`config: line 7: dynamics.follower.tol: only a best-response follower has tol and max_iter (its inner loop's), not kind "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk…`},
		{"baseline map", hic + "  follower: {kind: gradient, lr: 0.1}\n  baseline: {" + long + ": 1}\nstages: 1000\n",
			`config: line 8: dynamics.baseline = "map[kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk…: need none, previous or {ema: decay}`},
		{"baseline list", hic + "  follower: {kind: gradient, lr: 0.1}\n  baseline: [" + long + "]\nstages: 1000\n",
			`config: line 8: dynamics.baseline = "[kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk…: need none, previous or {ema: decay}`},
		{"run name", "name: \"a/" + long + "\"\ndynamics: {kind: sga}\ngame: {builtin: duopoly}\n",
			`config: line 1: name = "a/kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk…: a run name must be a plain file name (no / or \, not . or ..); it names the directory out/NAME`},
		{"run name, control", "name: \"a\\t" + long + "\"\ndynamics: {kind: sga}\ngame: {builtin: duopoly}\n",
			`config: line 1: name = "a\tkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk…: a run name may not begin or end with spaces or hold control characters (a newline, a tab); it names the directory out/NAME`},
		{"rl.dtype", "name: r\nrl: {env: Pendulum-v1, algo: ddpg, dtype: " + long + "}\n",
			`config: line 2: rl.dtype: dtype "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk…: want float32 or float64`},
	} {
		msg := configErrorText(t, c.src)
		if msg != c.want {
			t.Errorf("%s:\n got %.400q (%d characters)\nwant %q", c.name, msg, utf8.RuneCountInString(msg), c.want)
		}
	}
}

// TestHostileRLOptionIsCut48: an rl.options value of the wrong kind or
// name is named as written when short and plain, else quoted and cut:
// `want sgd or adam, got %v` wrote 700 characters, or an escape sequence
// raw.
func TestHostileRLOptionIsCut48(t *testing.T) {
	long := strings.Repeat("k", 700)
	for _, c := range []struct{ option, want string }{
		{"optimizer: rmsprop", "rl.options.optimizer: want sgd or adam, got rmsprop"},
		{"optimizer: " + long, `rl.options.optimizer: want sgd or adam, got "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk…`},
		{`activation: "a\e[31mb"`, `rl.options.activation: want tanh or relu, got "a\x1b[31mb"`},
		{"clip_actions: " + long, `rl.options.clip_actions: want true or false, got "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk…`},
		{"grad_noise: " + long, `rl.options.grad_noise: want a number, got "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk…`},
	} {
		msg := configErrorText(t, "name: r\nrl:\n  env: CartPole-v1\n  algo: ac\n  options:\n    "+c.option+"\n")
		if want := "config: line 6: " + c.want; msg != want {
			t.Errorf("%.60s: error %.300q\nwant %q", c.option, msg, want)
		}
	}
}
