package markov

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestLoadGameQuotesHostilePath48: LoadGame's errors name a spec file's
// path with its control characters escaped and, past 200 bytes, cut
// ("…"): a game.markov path holding an escape sequence reached the
// terminal raw, and one of 700 characters was printed whole. A printable
// path of at most 200 bytes is named as before; the error still wraps
// the file system's (errors.Is fs.ErrNotExist).
func TestLoadGameQuotesHostilePath48(t *testing.T) {
	dir := t.TempDir()
	esc := filepath.Join(dir, "a\x1b[2Jb.yaml")
	long := filepath.Join(dir, strings.Repeat("k", 700)+".yaml")
	bad := filepath.Join(dir, "bad\x1b.yaml")
	if err := os.WriteFile(bad, []byte("gamma: [\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(dir, "d\x07")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	cutLong := strconv.Quote(long)[:200] + "…"
	for _, c := range []struct {
		path, want string
		notExist   bool
	}{
		{esc, "markov: open " + strconv.Quote(esc) + ": no such file or directory", true},
		{filepath.Join(dir, "none.yaml"), "markov: open " + filepath.Join(dir, "none.yaml") + ": no such file or directory", true},
		{long, "markov: open " + cutLong + ": file name too long", false},
		{sub, "markov: " + strconv.Quote(sub) + ": is a directory, not a regular file", false},
		{bad, strconv.Quote(bad) + ": ", false},
	} {
		_, err := LoadGame(c.path)
		if err == nil || !strings.HasPrefix(err.Error(), c.want) || strings.ContainsAny(err.Error(), "\x1b\x07") || strings.Count(err.Error(), "k") > 250 {
			t.Errorf("LoadGame(%.80q): %.400q\nwant %q…", c.path, err, c.want)
			continue
		}
		if c.notExist != errors.Is(err, fs.ErrNotExist) {
			t.Errorf("LoadGame(%.80q): errors.Is(err, fs.ErrNotExist) = %v", c.path, !c.notExist)
		}
	}
}
