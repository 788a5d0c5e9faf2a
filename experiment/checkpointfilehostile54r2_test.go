package experiment

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"math/bits"
	"path/filepath"
	"runtime"
	"testing"
)

// gobUint54r2 is gob's encoding of the unsigned integer x: x in one byte
// up to 0x7f, otherwise its byte count negated and its bytes, big-endian.
func gobUint54r2(x uint64) []byte {
	if x <= 0x7f {
		return []byte{byte(x)}
	}
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], x)
	lead := bits.LeadingZeros64(x) / 8
	return append([]byte{byte(-(8 - lead))}, b[lead:]...)
}

// TestResumeHostileReplayLength54r2: a checkpoint whose replay buffer's
// gob message header claims a byte string far longer than the file (7
// GiB, and the longest gob allows, just under 8 GiB), framed with a valid
// length and SHA-256 (written on purpose, so that the checksum pass
// passes it), is refused by a resume's read of the file as a message cut
// short, after reading the buffer's real bytes, allocating what the
// honest file's read allocates (under twice it): the decoding pass takes
// the claimed length as a bound on what it reads, never as a size to
// allocate.
func TestResumeHostileReplayLength54r2(t *testing.T) {
	payload := payload54w(t, agent54w(t, "ddpg", 100))
	at := bytes.Index(payload, []byte("STKRPLY\x00"))
	if at < 0 {
		t.Fatal("no replay buffer in the payload")
	}
	n := uint64(len(payload) - at)
	honestHead := append(append(gobUint54r2(n+2+uint64(len(gobUint54r2(n)))), 0x0a, 0x00), gobUint54r2(n)...)
	if !bytes.Equal(payload[at-len(honestHead):at], honestHead) {
		t.Fatalf("the buffer's message header is % x, want % x", payload[at-len(honestHead):at], honestHead)
	}
	snap := payload[:at-len(honestHead)]
	rows := sha256.Sum256([]byte("rows"))
	dir := t.TempDir()
	path := filepath.Join(dir, CheckpointFile)
	read := func(file []byte) (uint64, error) {
		writeCheckpoint53(t, dir, file)
		var m0, m1 runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&m0)
		a, _, err := readResumeCheckpoint(path)
		runtime.ReadMemStats(&m1)
		if a != nil {
			a.Close()
		}
		return m1.TotalAlloc - m0.TotalAlloc, err
	}
	honest, err := read(encodeCheckpoint(payload, rows))
	if err != nil {
		t.Fatal(err)
	}
	for _, claim := range []uint64{7 << 30, 8<<30 - 16} {
		count := claim + 2 + uint64(len(gobUint54r2(claim)))
		head := append(append(gobUint54r2(count), 0x0a, 0x00), gobUint54r2(claim)...)
		hostile := append(append(bytes.Clone(snap), head...), payload[at:]...)
		alloc, err := read(encodeCheckpoint(hostile, rows))
		want := path + ": agent: reading checkpoint: replay buffer: unexpected EOF"
		if err == nil || err.Error() != want {
			t.Errorf("claim %d: error %v\nwant %s", claim, err, want)
		}
		t.Logf("claim %d bytes (message count %d): %d bytes allocated, the honest file's read %d", claim, count, alloc, honest)
		if alloc > 2*honest {
			t.Errorf("claim %d: the read allocates %d bytes, the honest file's %d", claim, alloc, honest)
		}
	}
}
