package main

import "testing"

// A subcommand of a command given alone (`stackel status`) is an unknown
// command whose error names the command that has it; a word close to a
// command keeps cobra's suggestion, and a word that is neither gets no hint.
func TestSubcommandHint55s(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"status"}, `unknown command "status" for "stackel"; did you mean "stackel sweep status"?`},
		{[]string{"collect", "out/s"}, `unknown command "collect" for "stackel"; did you mean "stackel sweep collect"?`},
		{[]string{"cancel"}, `unknown command "cancel" for "stackel"; did you mean "stackel sweep cancel"?`},
		{[]string{"rn"}, `unknown command "rn" for "stackel"; did you mean run?`},
		{[]string{"frobnicate"}, `unknown command "frobnicate" for "stackel"`},
	} {
		if _, err := execute(t, c.args...); err == nil || err.Error() != c.want {
			t.Errorf("stackel %v: error %v, want %s", c.args, err, c.want)
		}
	}
}
