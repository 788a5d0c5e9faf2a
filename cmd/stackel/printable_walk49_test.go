package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

// The error line the command ends with escapes what a terminal would not
// show as written: an operating system's error names a path as given,
// and before session 49 `stackel run "$(printf 'a\x1bb.yaml')"` wrote
// the ESC byte raw (as did a sweep spec's base path holding one).
func TestErrorLineEscapesControls49(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"config path", []string{"run", filepath.Join(dir, "a\x1b[31mb.yaml")}, `a\x1b[31mb.yaml: no such file or directory`},
		{"sweep base", []string{"sweep", writeFile(t, dir, "s.yaml", "name: s\nbase: \"b\\e[2Jc.yaml\"\n"), "--out", filepath.Join(dir, "o")}, `b\x1b[2Jc.yaml`},
	} {
		_, err := execute(t, c.args...)
		if err == nil {
			t.Fatalf("%s: no error", c.name)
		}
		var line bytes.Buffer
		printError(&line, err)
		if got := line.String(); strings.ContainsRune(got, 0x1b) || !strings.HasPrefix(got, "stackel: ") || !strings.Contains(got, c.want) {
			t.Errorf("%s: error line %q, want one beginning %q, holding %q and no raw ESC", c.name, got, "stackel: ", c.want)
		}
	}
}
