package main

import (
	"strings"
	"testing"
)

// A single-valued flag given twice is an error naming both values (pflag
// kept the last one without a word: `run --resume a --resume b` resumed b);
// switches and lists may repeat.
func TestFlagGivenTwice(t *testing.T) {
	cfg := writeFile(t, t.TempDir(), "d.yaml", "name: d\ngame: {builtin: duopoly}\ndynamics: {kind: sga}\niterations: 10\n")
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"run", "--resume", "a", "--resume", "b"}, `invalid argument "b" for "--resume" flag: given twice (first "a"); give it once`},
		{[]string{"run", cfg, "--seed", "1", "--seed=2"}, `invalid argument "2" for "--seed" flag: given twice (first "1")`},
		{[]string{"analyze", cfg, "--starts", "3", "--starts", "3"}, `for "--starts" flag: given twice`},
		{[]string{"sweep", cfg, "--out", "x", "--out", "y"}, `for "--out" flag: given twice (first "x")`},
		{[]string{"reproduce", "hic-cournot", "--seeds", "2", "--quick", "--seeds", "3"}, `for "--seeds" flag: given twice`},
	}
	for _, c := range cases {
		if _, err := execute(t, c.args...); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: error %v, want %q", c.args, err, c.want)
		}
	}
	// A switch given twice is still the switch.
	if _, err := execute(t, "run", cfg, "--quiet", "--quiet", "--out", t.TempDir()+"/o"); err != nil {
		t.Errorf("--quiet twice: %v", err)
	}
}
