package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// executeStopped runs the CLI with args under a context already
// cancelled: a command that starts a server (stackel server) returns at
// once instead of serving until a signal.
func executeStopped(t *testing.T, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	cmd := newRootCmd()
	var out bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&out)
	cmd.SetArgs(args)
	err := cmd.ExecuteContext(ctx)
	return out.String(), err
}

// TestListenEmptyAndBlank50: --listen "" (an unset variable) is refused
// as --nats "" is, where before session 50 it silently meant the default
// 127.0.0.1:4222; a --listen of spaces is named quoted (before, "--listen
// : missing port", the value showing as nothing).
func TestListenEmptyAndBlank50(t *testing.T) {
	dir := t.TempDir()
	spec := writeFile(t, dir, "s.yaml", strings.Replace(replaceSpec, "%s", "[1]", 1))
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"server", "--listen", "", "--store", filepath.Join(dir, "st")}, `--listen "": an empty value (an unset variable?); give one, or leave the flag out for its default`},
		{[]string{"sweep", spec, "--listen", "", "--out", filepath.Join(dir, "o")}, `--listen "": an empty value (an unset variable?); give one, or leave the flag out for its default`},
		{[]string{"server", "--listen", " ", "--store", filepath.Join(dir, "st")}, `--listen " ": missing port in address; give HOST:PORT, e.g. 127.0.0.1:4222 (port 0 picks a free one)`},
	} {
		if _, err := executeStopped(t, c.args...); err == nil || err.Error() != c.want {
			t.Errorf("%q: error %v\nwant %s", c.args, err, c.want)
		}
	}
}

// TestServerLineEscapesStore50: the line of stackel server and of a
// sweep's embedded server naming the store writes a --store or --out
// holding an ESC or a newline escaped (\x1b, \n); before session 50 they
// went to stdout raw.
func TestServerLineEscapesStore50(t *testing.T) {
	dir := t.TempDir()
	store := filepath.Join(dir, "st\x1b[31m\nx")
	out, err := executeStopped(t, "server", "--listen", "127.0.0.1:0", "--store", store)
	if err != nil {
		t.Fatal(err)
	}
	if want := "NATS server (JetStream in " + filepath.Join(dir, `st\x1b[31m\nx`) + ") listening at nats://127.0.0.1:"; !strings.HasPrefix(out, want) || strings.Count(out, "\n") != 1 {
		t.Errorf("server's line %q, want one line beginning %q", out, want)
	}
	spec := writeFile(t, dir, "s.yaml", strings.Replace(replaceSpec, "%s", "[1]", 1))
	o := filepath.Join(dir, "o\x1b[31m\ny")
	out, err = execute(t, "sweep", spec, "--listen", "127.0.0.1:0", "--out", o)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if want := "NATS server (JetStream in " + filepath.Join(dir, `o\x1b[31m\ny`, ".nats") + ") listening at nats://127.0.0.1:"; !strings.HasPrefix(out, want) || strings.ContainsRune(out, 0x1b) {
		t.Errorf("sweep's output does not begin %q, or holds a raw ESC:\n%q", want, out)
	}
}
