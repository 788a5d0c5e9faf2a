package main

import (
	"strings"
	"testing"
)

// TestHostileArgumentsAreCut48: a 700-character (or escape-holding) word
// of the command line is quoted cut to about 40 characters in the error:
// an unknown command, `completion SHELL` (stackel's and cobra's errors), a
// flag given twice, a flag's invalid value, an unknown flag and a command
// given arguments it does not take quoted or wrote it whole (and control
// characters raw). Short plain words are named as before.
func TestHostileArgumentsAreCut48(t *testing.T) {
	long := strings.Repeat("k", 700) + "\x1b[2J"
	cut := `"` + strings.Repeat("k", 39) + "…"
	cfg := writeFile(t, t.TempDir(), "d.yaml", "name: d\ngame: {builtin: duopoly}\ndynamics: {kind: sga}\niterations: 10\n")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{long}, `unknown command ` + cut + ` for "stackel"`},
		{[]string{"rn"}, `unknown command "rn" for "stackel"; did you mean run?`},
		{[]string{"completion", long}, `completion: unknown shell ` + cut + `; give bash, zsh, fish or powershell`},
		{[]string{"completion", "tcsh"}, `completion: unknown shell "tcsh"; give bash, zsh, fish or powershell`},
		{[]string{"completion", "bash", long}, `unknown command ` + cut + ` for "stackel completion bash"`},
		{[]string{"run", cfg, "--out", long, "--out", "y"}, `invalid argument "y" for "--out" flag: given twice (first ` + cut + `); give it once`},
		{[]string{"run", cfg, "--out", "x", "--out", long}, `invalid argument ` + cut + ` for "--out" flag: given twice (first "x"); give it once`},
		{[]string{"run", cfg, "--seed", long}, `invalid argument ` + cut + ` for "--seed" flag: `},
		{[]string{"run", cfg, "--" + long}, `unknown flag: "--` + strings.Repeat("k", 37) + "…"},
		{[]string{"run", cfg, "--bogus"}, `unknown flag: --bogus`},
		{[]string{"version", long}, `stackel version takes no arguments; 1 given (` + cut + `)`},
		{[]string{"version", "a", "b"}, `stackel version takes no arguments; 2 given (a b)`},
	} {
		_, err := execute(t, c.args...)
		if err == nil || !strings.HasPrefix(err.Error(), c.want) || strings.Contains(err.Error(), "\x1b") || strings.Count(err.Error(), "k") > 80 {
			t.Errorf("%.60q: %.300q\nwant %q…", c.args, err, c.want)
		}
	}
}
