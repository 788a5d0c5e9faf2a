package experiment

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"math"
	"math/bits"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"

	"github.com/stackel/stackel/rl/agent"
)

// changingFile53 is a checkpoint file that another process changes while
// it is read: it serves before until a read reaches its last byte (the
// pass that checks the SHA-256), and after from then on (the pass that
// decodes it); with early, after from the second read on (the header read,
// the SHA-256 pass not).
type changingFile53 struct {
	before, after []byte
	early         bool
	changed       bool
}

func (f *changingFile53) ReadAt(p []byte, off int64) (int, error) {
	data := f.before
	if f.changed {
		data = f.after
	}
	n, err := bytes.NewReader(data).ReadAt(p, off)
	if f.early || off+int64(n) >= int64(len(f.before)) {
		f.changed = true
	}
	return n, err
}

// TestCheckpointChangedBetweenPasses53 checks that a checkpoint file
// written in place (its first actor parameter negated, the length kept)
// or cut between the pass that checks its SHA-256 and the pass that
// decodes it (or cut before the first pass reads it) is refused with errChangedWhileRead, by the evaluation's
// reader and by ReadCheckpoint's, instead of an agent loaded from bytes
// no checksum covered (or a decoder's "unexpected EOF", or a SHA-256
// mismatch with the advice to delete the file); and that the
// unchanged file loads the actor parameter as written, bit for bit.
func TestCheckpointChangedBetweenPasses53(t *testing.T) {
	payload := trainedPayload53(t)
	a, err := agent.Load(bytes.NewReader(payload))
	if err != nil {
		t.Fatal(err)
	}
	first := a.ActorParams().Data[0]
	a.Close()
	// gob writes a float64 as its bits byte-reversed, as an unsigned
	// integer: a byte count (-8 for 8 bytes) then the bytes big-endian, the
	// last one the float's sign and exponent.
	enc := binary.BigEndian.AppendUint64([]byte{0xf8}, bits.ReverseBytes64(math.Float64bits(first)))
	at := bytes.Index(payload, enc)
	if at < 0 || bytes.Count(payload, enc) != 1 {
		t.Fatalf("the first actor parameter %v's encoding %x is not in the payload once", first, enc)
	}
	file := encodeCheckpoint(payload, sha256.Sum256([]byte("rows")))
	rewritten := bytes.Clone(file)
	rewritten[len(file)-len(payload)+at+8] ^= 0x80 // the sign bit: -first
	if a, err := agent.LoadPolicy(bytes.NewReader(rewritten[len(file)-len(payload):])); err != nil || a.ActorParams().Data[0] != -first {
		t.Fatalf("the rewritten payload alone: %v (want an agent with actor parameter %v)", err, -first)
	}
	for _, c := range []struct {
		name  string
		after []byte
		early bool
	}{
		{"written in place", rewritten, false},
		{"cut", file[:len(file)-100], false},
		{"cut before the SHA-256 pass", file[:len(file)-100], true},
	} {
		for _, u := range []struct {
			name string
			use  checkpointUse
		}{{"eval", forEval}, {"resume", forResume}} {
			t.Run(c.name+"/"+u.name, func(t *testing.T) {
				f := &changingFile53{before: file, after: c.after, early: c.early}
				a, _, err := readCheckpointFrom(f, int64(len(file)), u.use)
				if a != nil {
					defer a.Close()
				}
				if err == nil || err.Error() != "checkpoint changed while it was read: its bytes are not those of the file as it was opened and checksummed (written in place or cut meanwhile, by another process); read it again once nothing writes it" {
					got := "no agent"
					if a != nil {
						got = "actor parameter " + strconv.FormatFloat(a.ActorParams().Data[0], 'g', -1, 64)
					}
					t.Errorf("error %v (%s); want the change named", err, got)
				}
			})
		}
	}
	// Cut before its header is read: shorter than the size it was opened
	// with (before, "reading checkpoint: EOF").
	for _, size := range []int{50, len(checkpointMagic) + 8 + 2*sha256.Size + 10} {
		if _, _, err := readCheckpointFrom(bytes.NewReader(file[:size]), int64(len(file)), forEval); err == nil || err.Error() != errChangedWhileRead.Error() {
			t.Errorf("a file cut to %d bytes of %d before its header's read: error %v; want %v", size, len(file), err, errChangedWhileRead)
		}
	}
	f := &changingFile53{before: file, after: file}
	got, rows, err := readCheckpointFrom(f, int64(len(file)), forEval)
	if err != nil {
		t.Fatal(err)
	}
	defer got.Close()
	wantRows := sha256.Sum256([]byte("rows"))
	if math.Float64bits(got.ActorParams().Data[0]) != math.Float64bits(first) || !bytes.Equal(rows, wantRows[:]) {
		t.Errorf("unchanged file: actor parameter %v, rows %x; want %v, %x", got.ActorParams().Data[0], rows, first, wantRows)
	}
}

// renamedFile53 is an open checkpoint file that a run replaces (its
// atomic write: a new file renamed over the path) once the pass that
// checks its SHA-256 has read its last byte.
type renamedFile53 struct {
	f       *os.File
	size    int64
	replace func()
	done    bool
}

func (r *renamedFile53) ReadAt(p []byte, off int64) (int, error) {
	n, err := r.f.ReadAt(p, off)
	if !r.done && off+int64(n) >= r.size {
		r.done = true
		r.replace()
	}
	return n, err
}

// TestCheckpointReplacedByRenameWhileRead53: a run's own checkpoint write
// (writeFileAtomic: a new file renamed over checkpoint.gob) between the
// checksum's pass and the decoding's is not seen by a reader that has the
// file open (on Linux and macOS the open file is the replaced one, read to
// its end as it was): the agent loads from the file as it was opened (its
// first actor parameter, bit for bit), with no error, while the path then
// holds the new checkpoint (the parameter negated).
func TestCheckpointReplacedByRenameWhileRead53(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows: the rename waits for the reader to let go")
	}
	payload := trainedPayload53(t)
	a, err := agent.Load(bytes.NewReader(payload))
	if err != nil {
		t.Fatal(err)
	}
	first := a.ActorParams().Data[0]
	a.Close()
	enc := binary.BigEndian.AppendUint64([]byte{0xf8}, bits.ReverseBytes64(math.Float64bits(first)))
	at := bytes.Index(payload, enc)
	if at < 0 {
		t.Fatalf("the first actor parameter's encoding %x is not in the payload", enc)
	}
	other := bytes.Clone(payload)
	other[at+8] ^= 0x80
	dir := t.TempDir()
	path := filepath.Join(dir, CheckpointFile)
	file := encodeCheckpoint(payload, [32]byte{})
	writeCheckpoint53(t, dir, file)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	src := &renamedFile53{f: f, size: int64(len(file)), replace: func() {
		if err := writeFileAtomic(path, encodeCheckpoint(other, [32]byte{}), "checkpoint-write"); err != nil {
			t.Error(err)
		}
	}}
	got, _, err := readCheckpointFrom(src, int64(len(file)), forEval)
	if err != nil {
		t.Fatalf("read while replaced by a rename: %v", err)
	}
	defer got.Close()
	if !src.done || math.Float64bits(got.ActorParams().Data[0]) != math.Float64bits(first) {
		t.Errorf("replaced %v; actor parameter %v, want %v (the file as opened)", src.done, got.ActorParams().Data[0], first)
	}
	now, err := ReadCheckpointPolicy(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer now.Close()
	if now.ActorParams().Data[0] != -first {
		t.Errorf("the path's checkpoint after the rename: actor parameter %v, want %v", now.ActorParams().Data[0], -first)
	}
}
