package main

import (
	"strings"
	"testing"
)

// TestExtraArgumentsQuotedCut49: the refusals of arguments run --job,
// run --resume and reproduce --list do not take quote them as oneArg's
// do (textcut.Word, 40 bytes): before, they wrote them whole and
// unquoted, so that a 10 KB argument made a 10 KB message, and
// `reproduce --list ""` said "give  without --list".
func TestExtraArgumentsQuotedCut49(t *testing.T) {
	long := strings.Repeat("a", 10000)
	a38 := strings.Repeat("a", 38)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"run", "--job", "j.json", long}, `run --manifest and run --job take no CONFIG argument (the job holds its config); 1 given ("` + a38 + `a…)`},
		{[]string{"run", "--resume", "somedir", "x", long}, `run --resume DIR takes at most one argument, the CONFIG that lengthens the run; 2 given ("x ` + strings.Repeat("a", 37) + `…)`},
		{[]string{"run", "--job", "j.json", "a\x1bb"}, `run --manifest and run --job take no CONFIG argument (the job holds its config); 1 given ("a\x1bb")`},
		{[]string{"reproduce", "--list", long}, `reproduce --list takes no name (it lists them all): give "` + a38 + `a… without --list to run it`},
		{[]string{"reproduce", "--list", ""}, `reproduce --list takes no name (it lists them all): give "" without --list to run it`},
		{[]string{"reproduce", "--list", "fiez-duopoly"}, `reproduce --list takes no name (it lists them all): give fiez-duopoly without --list to run it`},
	} {
		_, err := execute(t, c.args...)
		if err == nil || err.Error() != c.want {
			t.Errorf("stackel %.60q: error %.300v; want %q", c.args, err, c.want)
		}
	}
}

// TestEmptyExtraArgumentQuoted49: an empty argument to a command that
// takes none, or an extra one, is quoted in the refusal: it said
// "1 given ()" and "2 given (a )".
func TestEmptyExtraArgumentQuoted49(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"envs", ""}, `stackel envs takes no arguments; 1 given (""): it lists every environment`},
		{[]string{"analyze", "a", ""}, `stackel analyze takes one argument, CONFIG, the configuration file of a smooth or bimatrix game; 2 given ("a ")`},
		{[]string{"analyze", "a", "b c"}, `stackel analyze takes one argument, CONFIG, the configuration file of a smooth or bimatrix game; 2 given ("a b c")`},
		{[]string{"analyze", "a", "b"}, `stackel analyze takes one argument, CONFIG, the configuration file of a smooth or bimatrix game; 2 given (a b)`},
	} {
		_, err := execute(t, c.args...)
		if err == nil || err.Error() != c.want {
			t.Errorf("stackel %q: error %v; want %q", c.args, err, c.want)
		}
	}
}
