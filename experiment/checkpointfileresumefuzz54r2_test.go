package experiment

import (
	"bytes"
	"crypto/sha256"
	"os"
	"path/filepath"
	"testing"

	"github.com/stackel/stackel/rl/agent"
)

// FuzzResumeCheckpointFile54r2 reads fuzzed checkpoints from a file as a
// resume reads them (readResumeCheckpoint: a SHA-256 pass, then agent.Load
// reading the file again through a hash, the replay buffer's gob message
// header parsed by hand and its bytes streamed into the buffer's
// storage), seeded with the payloads of an off-policy run (DDPG, a
// version 2 checkpoint whose buffer's message follows the snapshot), cut
// and whole, and of an on-policy one, framed (the frame made valid for
// the fuzzed payload, so that the decoder reads it) or not. Properties:
// no panic; the file's reading gives what the same bytes read whole give
// (decodeCheckpointRows): the same error, after the path, or an agent of
// the same configuration, counters and rows' digest, which saves the same
// bytes.
func FuzzResumeCheckpointFile54r2(f *testing.F) {
	off := payload54w(f, agent54w(f, "ddpg", 100))
	on := payload54w(f, agent54w(f, "stac", 100))
	for _, p := range [][]byte{off, off[:len(off)-100], off[:len(off)*2/3], on} {
		f.Add(p, true)
		f.Add(p, false)
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte, framed bool) {
		rows := sha256.Sum256(data)
		if framed {
			data = encodeCheckpoint(data, rows)
		}
		path := filepath.Join(dir, CheckpointFile)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		mem, memRows, memErr := decodeCheckpointRows(data)
		if mem != nil {
			defer mem.Close()
		}
		file, fileRows, fileErr := readResumeCheckpoint(path)
		if file != nil {
			defer file.Close()
		}
		switch {
		case memErr != nil || fileErr != nil:
			if memErr == nil || fileErr == nil || fileErr.Error() != path+": "+memErr.Error() {
				t.Fatalf("read from the file: %v\nread whole: %v", fileErr, memErr)
			}
			return
		case file == nil:
			t.Fatal("no agent and no error from the file")
		}
		if file.Epoch() != mem.Epoch() || file.Steps() != mem.Steps() || !agent.SameConfig(file.Config(), mem.Config()) || !bytes.Equal(fileRows, memRows) {
			t.Fatalf("from the file epoch %d, steps %d, rows %x; read whole epoch %d, steps %d, rows %x", file.Epoch(), file.Steps(), fileRows, mem.Epoch(), mem.Steps(), memRows)
		}
		var a, b bytes.Buffer
		if err := file.Save(&a); err != nil {
			t.Fatal(err)
		}
		if err := mem.Save(&b); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Fatalf("the agent read from the file saves %d bytes, the one read whole %d other ones", a.Len(), b.Len())
		}
	})
}
