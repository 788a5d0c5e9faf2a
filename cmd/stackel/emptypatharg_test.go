package main

import "testing"

// TestEmptyPathFlagInsteadOfArgument: `run --resume ""`, `--job ""` and
// `--manifest ""` (an unset variable) are refused as empty paths, as the
// README says of every path flag. Cobra counts the arguments before the
// root's check of empty paths, so they were "stackel run needs one
// argument, CONFIG … none given".
func TestEmptyPathFlagInsteadOfArgument(t *testing.T) {
	for _, flag := range []string{"resume", "job", "manifest"} {
		_, err := execute(t, "run", "--"+flag, "")
		if want := "--" + flag + ` "": an empty path (an unset variable?); leave the flag out for its default`; err == nil || err.Error() != want {
			t.Errorf("run --%s \"\": %v, want %q", flag, err, want)
		}
	}
}
