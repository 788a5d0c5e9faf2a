package markov

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stackel/stackel/internal/fifotest"
	"github.com/stackel/stackel/internal/safeyaml"
)

// TestLoadGameRefusesSpecialFiles checks that a spec path naming a named
// pipe or a device (game: {markov: /dev/urandom} read without end and grew
// to 19 GB) is refused by name without being read.
func TestLoadGameRefusesSpecialFiles(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "spec.yaml")
	if err := fifotest.Mkfifo(fifo); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	paths := map[string]string{fifo: "is a named pipe (FIFO), not a regular file"}
	if _, err := os.Stat("/dev/urandom"); err == nil {
		paths["/dev/urandom"] = "is a device, not a regular file"
	}
	for path, what := range paths {
		if g, err := LoadGame(path); err == nil || !strings.Contains(err.Error(), path+": "+what) {
			t.Errorf("LoadGame(%s): %v, %v; want an error containing %q", path, g, err, path+": "+what)
		}
	}
}

// TestLoadGameLimitAndByteOrderMark checks a spec file at the size limit
// lowered through STACKEL_MAX_INPUT_BYTES (read) and one byte over it
// (refused naming the file, the limit and the variable), and that a
// leading byte-order mark is dropped.
func TestLoadGameLimitAndByteOrderMark(t *testing.T) {
	dir := t.TempDir()
	at, over, marked := filepath.Join(dir, "at.yaml"), filepath.Join(dir, "over.yaml"), filepath.Join(dir, "bom.yaml")
	os.WriteFile(at, []byte(specYAML), 0o644)
	os.WriteFile(over, []byte(specYAML+"\n"), 0o644)
	os.WriteFile(marked, []byte("\xef\xbb\xbf"+specYAML), 0o644)
	if g, err := LoadGame(marked); err != nil || g.Gamma != 0.9 || g.States != 2 || g.R2[1][0][1] != 0.5 {
		t.Errorf("spec with a byte-order mark: %+v, %v", g, err)
	}
	limit := strconv.Itoa(len(specYAML))
	t.Setenv(safeyaml.EnvMaxBytes, limit)
	if g, err := LoadGame(at); err != nil || g.States != 2 {
		t.Errorf("spec of %s bytes at the limit %s: %v", limit, limit, err)
	}
	_, err := LoadGame(over)
	for _, w := range []string{over + ": file of " + strconv.Itoa(len(specYAML)+1) + " bytes is too large", "limit " + limit, "STACKEL_MAX_INPUT_BYTES"} {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("spec one byte over the limit: %v; want it to name %q", err, w)
		}
	}
}
