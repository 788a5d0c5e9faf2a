package experiment

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// TestDamagedCheckpointMagic flips each bit of a checkpoint's magic
// ("stackel checkpoint v2\n") in turn. A flip that leaves a version line
// of another version ("v3", "v0", "v6") is that version's file for all
// the reader can tell; every other flip is refused as a damaged header,
// quoting it — before, a flip in the first 8 bytes ("stackel ") was read
// as an unframed checkpoint and refused as "an unframed one, written
// before …", with gob's "unknown type id or corrupted data".
func TestDamagedCheckpointMagic(t *testing.T) {
	_, file := smallCheckpoint(t)
	otherVersion := 0
	for i := range len(checkpointMagic) {
		for bit := range 8 {
			b := append([]byte(nil), file...)
			b[i] ^= 1 << bit
			_, err := decodeCheckpoint(b)
			if err == nil {
				t.Fatalf("byte %d bit %d flipped: accepted", i, bit)
			}
			if bytes.HasPrefix(b, []byte(checkpointMagicV2)) {
				// "v3" flipped to "v2", a version this stackel reads: its
				// frame is 32 bytes short of the payload it holds.
				if !strings.Contains(err.Error(), "corrupt checkpoint: the payload has") {
					t.Errorf("byte %d bit %d flipped (%q): %v", i, bit, b[:len(checkpointMagic)], err)
				}
				continue
			}
			if _, versioned := versionLine(b); versioned {
				otherVersion++
				if !strings.Contains(err.Error(), "checkpoint of another format version") {
					t.Errorf("byte %d bit %d flipped (%q): %v", i, bit, b[:len(checkpointMagic)], err)
				}
				continue
			}
			want := fmt.Sprintf("corrupt checkpoint: damaged header (%q where %q belongs); delete it", b[:len(checkpointMagic)], checkpointMagic)
			if !strings.HasPrefix(err.Error(), want) {
				t.Errorf("byte %d bit %d flipped: %v\nwant %s", i, bit, err, want)
			}
		}
	}
	// '3' is 0x33: flips of its bits 0, 1 and 2 give "2" (read as v2,
	// above), "1" and "7"; the other five give no digit.
	if otherVersion != 2 {
		t.Errorf("%d flips gave another version's line, want 2 (v1, v7)", otherVersion)
	}
}
