package main

import (
	"strings"
	"testing"
)

// The NATS token and password default to STACKEL_NATS_TOKEN and
// STACKEL_NATS_PASSWORD, and --help must not print their values: pflag
// printed a non-empty default as (default "VALUE"), so the help of every
// command with --token showed the token itself. The flags still take the
// variables' values.
func TestHelpHidesSecretDefaults(t *testing.T) {
	const token, password = "s3cret-token-value", "pa55-word-value"
	t.Setenv("STACKEL_NATS_TOKEN", token)
	t.Setenv("STACKEL_NATS_PASSWORD", password)
	for _, c := range [][]string{{"sweep"}, {"server"}, {"worker"}, {"reproduce"}, {"sweep", "status"}, {"sweep", "collect"}, {"sweep", "cancel"}} {
		out, err := execute(t, append(c, "--help")...)
		if err != nil {
			t.Fatalf("%s --help: %v", strings.Join(c, " "), err)
		}
		if strings.Contains(out, token) || strings.Contains(out, password) {
			t.Errorf("%s --help shows the secret from the environment:\n%s", strings.Join(c, " "), out)
		}
		if !strings.Contains(out, "(default $STACKEL_NATS_TOKEN") {
			t.Errorf("%s --help: the --token usage no longer names $STACKEL_NATS_TOKEN:\n%s", strings.Join(c, " "), out)
		}
	}
	root := newRootCmd()
	for _, c := range [][]string{{"sweep"}, {"server"}, {"worker"}, {"reproduce"}, {"sweep", "status"}} {
		cmd, _, err := root.Find(c)
		if err != nil {
			t.Fatal(err)
		}
		if got := cmd.Flags().Lookup("token").Value.String(); got != token {
			t.Errorf("%s: --token defaults to %q, want the environment's %q", strings.Join(c, " "), got, token)
		}
		if f := cmd.Flags().Lookup("password"); f != nil && f.Value.String() != password {
			t.Errorf("%s: --password defaults to %q, want the environment's %q", strings.Join(c, " "), f.Value.String(), password)
		}
	}
}

// A flag whose default -1 stands for "not given" (sweep --workers, run
// --index) is refused when typed, and its help says what the default
// means: --help showed "(default -1)" as well (sweep --workers: "(default:
// the number of cores; 0 for none) (default -1)"). Typing the refused
// value still gets the hint to leave the flag out.
func TestHelpHidesSentinelDefaults(t *testing.T) {
	for _, c := range []string{"sweep", "run"} {
		out, err := execute(t, c, "--help")
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(out, "(default -1)") {
			t.Errorf("%s --help shows a sentinel default:\n%s", c, out)
		}
	}
	_, err := execute(t, "sweep", "spec.yaml", "--workers", "-1")
	if want := "--workers -1: need at least 0 (or leave it out for the default)"; err == nil || err.Error() != want {
		t.Errorf("sweep --workers -1: %v, want %q", err, want)
	}
}
