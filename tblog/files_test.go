package tblog_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stackel/stackel/tblog"
)

// TestGlobCharactersInDir: Files lists and RemoveAll deletes the event
// files of a directory whose name holds glob metacharacters, and nothing
// else (another file, a directory of an event file's name). RemoveAll
// matched the directory as a glob pattern: in "run[1]" (a class matching
// "run1") it deleted nothing, so a rewritten log stood beside the old one,
// and in "run[x" it failed with "syntax error in pattern", which stopped
// every RL run given such an output directory.
func TestGlobCharactersInDir(t *testing.T) {
	for _, name := range []string{"run[1]", "run[x", "a*b", `back\slash`} {
		dir := filepath.Join(t.TempDir(), name)
		var want []string
		for range 2 {
			w, err := tblog.Create(dir)
			if err != nil {
				t.Fatal(err)
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			want = append(want, w.Path())
		}
		if err := os.WriteFile(filepath.Join(dir, "keep.txt"), nil, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Mkdir(filepath.Join(dir, tblog.FilePrefix+"dir"), 0o755); err != nil {
			t.Fatal(err)
		}
		got, err := tblog.Files(dir)
		// In name order, which is the order of creation here.
		if err != nil || strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("%s: Files = %q, %v; want %q", name, got, err, want)
		}
		if err := tblog.RemoveAll(dir); err != nil {
			t.Errorf("%s: RemoveAll: %v", name, err)
		}
		var left []string
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			left = append(left, e.Name())
		}
		if strings.Join(left, "|") != tblog.FilePrefix+"dir|keep.txt" {
			t.Errorf("%s: left %q after RemoveAll, want the directory and keep.txt", name, left)
		}
	}
	missing := filepath.Join(t.TempDir(), "missing")
	if got, err := tblog.Files(missing); got != nil || err != nil {
		t.Errorf("Files of a missing directory: %q, %v", got, err)
	}
	if err := tblog.RemoveAll(missing); err != nil {
		t.Errorf("RemoveAll of a missing directory: %v", err)
	}
}
