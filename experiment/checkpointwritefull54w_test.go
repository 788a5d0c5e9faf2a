//go:build linux

package experiment

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/stackel/stackel/internal/tmpfstest"
)

// TestSaveCheckpointFullDisk54w: a checkpoint streamed onto a disk that
// fills in the middle of it (a tmpfs with 8 KiB free; the checkpoint of
// 400 transitions takes 30 KB) fails with ENOSPC named once after the
// path, "(the previous checkpoint.gob, if any, is unchanged)", and leaves
// the previous checkpoint as it was and no temporary file; with the
// space back, the next write succeeds and a resume reads it.
func TestSaveCheckpointFullDisk54w(t *testing.T) {
	mnt := tmpfstest.Mount(t, "256k")
	first, second := agent54w(t, "ddpg", 200), agent54w(t, "ddpg", 400)
	dir := filepath.Join(mnt, "run")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, CheckpointFile)
	rows := sha256.Sum256([]byte("rows"))
	if err := saveCheckpoint(path, first, rows); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// Fill the disk, then free 8 KiB of it.
	filler := filepath.Join(mnt, "filler")
	f, err := os.Create(filler)
	if err != nil {
		t.Fatal(err)
	}
	block := make([]byte, 4096)
	var n int64
	for {
		m, err := f.Write(block)
		n += int64(m)
		if err != nil {
			break
		}
	}
	if err := f.Truncate(n - 8192); err != nil {
		t.Fatal(err)
	}
	f.Close()
	err = saveCheckpoint(path, second, rows)
	if !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("error %v, want one wrapping ENOSPC", err)
	}
	if msg := err.Error(); !strings.HasPrefix(msg, "writing "+path+": write ") ||
		!strings.HasSuffix(msg, ": no space left on device (the previous checkpoint.gob, if any, is unchanged)") ||
		strings.Count(msg, "no space left") != 1 {
		t.Errorf("error %s\nwant \"writing PATH: write TEMP: no space left on device (the previous checkpoint.gob, if any, is unchanged)\"", msg)
	}
	if got, err := os.ReadFile(path); err != nil || !bytes.Equal(got, before) {
		t.Errorf("the previous checkpoint changed (%d bytes, %v; was %d)", len(got), err, len(before))
	}
	onlyFile54w(t, dir, CheckpointFile)
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	if err := saveCheckpoint(path, second, rows); err != nil {
		t.Fatal(err)
	}
	a, _, err := readResumeCheckpoint(path)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if a.Steps() != 400 {
		t.Errorf("the checkpoint written with the space back holds %d steps, want 400", a.Steps())
	}
}
