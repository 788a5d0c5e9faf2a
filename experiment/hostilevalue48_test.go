package experiment

import (
	"os"
	"path/filepath"
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
		{"dynamics.kind", "game: {builtin: duopoly}\ndynamics: {kind: " + long + "}\n", "need one of consensus, extragradient, hic, lola, sga, simultaneous-pg, stackelberg, stackelberg-pg, symplectic, "},
		{"game.builtin", "dynamics: {kind: sga}\ngame: {builtin: " + long + "}\n", "unknown built-in game (valid: ac-toy, bimatrix, cournot, duopoly, quadratic, soft-ac-toy, torus)"},
		{"game.sense", "game:\n  sense: " + long + "\n  f1: \"x[0]*x[0]\"\n  f2: \"y[0]*y[0] + x[0]\"\ndynamics: {kind: sga}\n", "need payoff or cost"},
		{"dynamics.baseline", hic + "  follower: {kind: gradient, lr: 0.1}\n  baseline: " + long + "\nstages: 1000\n", "need none, previous or {ema: decay}"},
		{"dynamics.follower.kind", hic + "  follower: {kind: " + long + ", lr: 0.1}\nstages: 1000\n", "need gradient, noisy-gradient or best-response"},
		{"dynamics.estimator", markov + "  estimator: " + long + "\n", "need one of exact, sampled"},
		{"dynamics.step_rule", markov + "  step_rule: " + long + "\n", "need fixed or backtracking"},
	} {
		path := filepath.Join(t.TempDir(), "c.yaml")
		if err := os.WriteFile(path, []byte(c.src), 0o644); err != nil {
			t.Fatal(err)
		}
		cfg, err := LoadConfig(path)
		if err == nil {
			err = cfg.Locate(Check(cfg))
		}
		if err == nil {
			t.Errorf("%s: a %d-character value accepted", c.key, len(long))
			continue
		}
		first, _, _ := strings.Cut(err.Error(), "\n")
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
