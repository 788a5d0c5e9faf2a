package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fullWriter fails every write, as stdout redirected to a full disk does.
type fullWriter struct{}

func (fullWriter) Write([]byte) (int, error) { return 0, errors.New("no space left on device") }

// A command whose output is its result (run's summary, reproduce --list)
// exits non-zero when writing it to stdout fails, instead of 0 with an
// empty log; run's error says the run itself finished.
func TestStdoutWriteErrors(t *testing.T) {
	root := t.TempDir()
	cfg := writeFile(t, root, "d.yaml", "name: d\ngame: {builtin: duopoly}\ndynamics: {kind: sga}\niterations: 10\n")
	out := filepath.Join(root, "o")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"run", cfg, "--out", out, "--quiet"}, "the run finished and its outputs are in " + out + ", but writing its summary to stdout failed: no space left on device"},
		{[]string{"reproduce", "--list"}, "no space left on device"},
	} {
		cmd := newRootCmd()
		cmd.SetOut(fullWriter{})
		cmd.SetErr(fullWriter{})
		cmd.SetArgs(c.args)
		if err := cmd.Execute(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: error %v, want %q", c.args, err, c.want)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "summary.json")); err != nil {
		t.Errorf("the run's summary.json: %v", err)
	}
}
