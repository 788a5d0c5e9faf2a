package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestEmptyChoiceFlag: --nats "", --emit "" and --dtype "" (an unset
// shell variable) are errors, as an empty path is. Before, reproduce
// --nats "" and --emit "" ran the whole reproduction in this process
// (exit 0, out/NAME written) instead of on the workers or as a Slurm
// array, sweep --emit "" ran the sweep on an embedded server, and sweep
// collect --nats "" NAME read NAME as a directory.
func TestEmptyChoiceFlag(t *testing.T) {
	dir := t.TempDir()
	spec := writeFile(t, dir, "s.yaml", `name: s
config:
  name: d
  game: {builtin: duopoly}
  dynamics: {kind: sga}
  iterations: 20
grid:
  dynamics.kind: [sga, stackelberg]
`)
	out := filepath.Join(dir, "o")
	for _, c := range []struct {
		flag string
		args []string
	}{
		{"nats", []string{"reproduce", "fiez-duopoly", "--quick", "--quiet", "--out", out, "--nats", ""}},
		{"emit", []string{"reproduce", "fiez-duopoly", "--quick", "--quiet", "--out", out, "--emit="}},
		{"dtype", []string{"reproduce", "stddpg-pendulum", "--quick", "--quiet", "--seeds", "1", "--variants", "ddpg", "--out", out, "--dtype", ""}},
		{"emit", []string{"sweep", spec, "--out", out, "--workers", "1", "--listen", "127.0.0.1:0", "--emit", ""}},
		{"nats", []string{"sweep", spec, "--out", out, "--listen", "127.0.0.1:0", "--nats", ""}},
		{"nats", []string{"sweep", "collect", "--nats", "", "s"}},
		{"nats", []string{"sweep", "status", "--nats", "", "s"}},
		{"nats", []string{"worker", "--nats", ""}},
	} {
		_, err := execute(t, c.args...)
		want := "--" + c.flag + ` "": an empty value (an unset variable?); give one, or leave the flag out for its default`
		if err == nil || err.Error() != want {
			t.Errorf("%v: %v, want %q", c.args, err, want)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("%v: wrote %s", c.args, out)
			os.RemoveAll(out)
		}
	}
}
