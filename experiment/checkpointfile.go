package experiment

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"hash"
	"path/filepath"
	"strings"

	"github.com/stackel/stackel/internal/safeyaml"
	"github.com/stackel/stackel/internal/textcut"
	"github.com/stackel/stackel/rl/agent"
)

// checkpointMagic starts a checkpoint file written with checksums: the
// magic, the payload's length (8 bytes, big-endian), the SHA-256 of the
// rest (32 bytes), the digest of the metrics rows the checkpoint was
// written with (32 bytes, rowsDigest), then the payload (agent.Save's
// encoding).
const checkpointMagic = "stackel checkpoint v3\n"

// checkpointMagicV2 starts a checkpoint written before session 45: the
// same frame without the rows' digest, the SHA-256 the payload's. It is
// read as it is, and its rows are not checked.
const checkpointMagicV2 = "stackel checkpoint v2\n"

// encodeCheckpoint frames an agent.Save payload with its length, the
// digest of the metrics rows it was written with, and the checksum of
// both.
func encodeCheckpoint(payload []byte, rows [sha256.Size]byte) []byte {
	out := make([]byte, 0, len(checkpointMagic)+8+2*sha256.Size+len(payload))
	out = append(out, checkpointMagic...)
	out = binary.BigEndian.AppendUint64(out, uint64(len(payload)))
	h := sha256.New()
	h.Write(rows[:])
	h.Write(payload)
	out = h.Sum(out)
	out = append(out, rows[:]...)
	return append(out, payload...)
}

// decodeCheckpoint verifies a checkpoint file's length and checksum and
// loads the agent (see decodeCheckpointRows).
func decodeCheckpoint(data []byte) (*agent.Agent, error) {
	a, _, err := decodeCheckpointRows(data)
	return a, err
}

// decodeCheckpointRows verifies a checkpoint file's length and checksum
// and loads the agent, with the digest of the metrics rows it was
// written with (nil for a checkpoint written before session 45, which
// has none). A file of the v2 frame is read as it is, and so is a file
// without a magic: a checkpoint of an earlier version (no checksum).
func decodeCheckpointRows(data []byte) (*agent.Agent, []byte, error) {
	if len(data) == 0 {
		// A file created but never written: a crash or a full disk
		// between creating and filling it (an older stackel wrote in
		// place), or a user's truncation. gob's own word would be "EOF".
		return nil, nil, fmt.Errorf("corrupt checkpoint: the file is empty (0 bytes); delete it to restart the run from scratch")
	}
	v3 := bytes.HasPrefix(data, []byte(checkpointMagic))
	if !v3 && !bytes.HasPrefix(data, []byte(checkpointMagicV2)) {
		line, versioned := versionLine(data)
		if !versioned && frameIntact(data) {
			// This format's frame around a payload whose length and
			// SHA-256 check, under a magic that is not a version line:
			// the magic was damaged (in its first 8 bytes too, which an
			// unframed checkpoint would otherwise be taken for).
			return nil, nil, fmt.Errorf("corrupt checkpoint: damaged header (%q where %q belongs); delete it to restart the run from scratch", data[:len(checkpointMagic)], checkpointMagic)
		}
		if bytes.HasPrefix(data, []byte(checkpointMagic[:8])) {
			// "stackel checkpoint vN\n" of another N: another version of
			// the format, which the binary that wrote it resumes.
			if versioned {
				return nil, nil, fmt.Errorf("checkpoint of another format version (header %q; this stackel reads %q and %q): resume the run with the stackel that wrote it, or move the file away to restart from scratch", line, strings.TrimSuffix(checkpointMagic, "\n"), strings.TrimSuffix(checkpointMagicV2, "\n"))
			}
			return nil, nil, fmt.Errorf("corrupt checkpoint: damaged header; delete it to restart the run from scratch")
		}
		a, err := agent.Load(bytes.NewReader(data))
		if err != nil {
			return nil, nil, fmt.Errorf("corrupt checkpoint (an unframed one, written before %q, so without a checksum): %w; delete it to restart the run from scratch", strings.TrimSuffix(checkpointMagicV2, "\n"), err)
		}
		return a, nil, nil
	}
	head := 8 + sha256.Size
	if v3 {
		head += sha256.Size
	}
	rest := data[len(checkpointMagic):]
	if len(rest) < head {
		return nil, nil, fmt.Errorf("corrupt checkpoint: %d bytes, shorter than its header; delete it to restart the run from scratch", len(data))
	}
	n := binary.BigEndian.Uint64(rest)
	payload := rest[head:]
	if uint64(len(payload)) != n {
		return nil, nil, fmt.Errorf("corrupt checkpoint: the payload has %d bytes, the header says %d (a cut or padded file); delete it to restart the run from scratch", len(payload), n)
	}
	var rows []byte
	if v3 {
		rows = rest[8+sha256.Size : head]
	}
	if sum := sha256.Sum256(rest[8+sha256.Size:]); !bytes.Equal(sum[:], rest[8:8+sha256.Size]) {
		return nil, nil, fmt.Errorf("corrupt checkpoint: SHA-256 mismatch (the file was changed after it was written); delete it to restart the run from scratch")
	}
	a, err := agent.Load(bytes.NewReader(payload))
	if err != nil {
		return nil, nil, err
	}
	return a, rows, nil
}

// rowsDigest is the digest of metrics rows (header first) that a
// checkpoint records and a resume compares: the SHA-256 of each row's
// numbers other than the wall-clock seconds column (the last), written as
// metrics.csv writes them, so that the same run's checkpoint has the same
// bytes however long its epochs took, and a row's line ending (CRLF, or
// none after the last) does not count.
type rowsDigest struct {
	h hash.Hash
	b []byte
}

// newRowsDigest returns the digest of the header alone.
func newRowsDigest(header []string) *rowsDigest {
	d := &rowsDigest{h: sha256.New()}
	d.h.Write([]byte(strings.Join(header, ",")))
	return d
}

// add adds a row's numbers, the seconds column last.
func (d *rowsDigest) add(vals []float64) {
	d.b = append(d.b[:0], '\n')
	for i, v := range vals[:len(vals)-1] {
		if i > 0 {
			d.b = append(d.b, ',')
		}
		d.b = appendNumber(d.b, v)
	}
	d.h.Write(d.b)
}

// sum returns the digest of the rows added so far.
func (d *rowsDigest) sum() [sha256.Size]byte {
	var s [sha256.Size]byte
	d.h.Sum(s[:0])
	return s
}

// versionLine returns the first line of data, and whether it is a
// "stackel checkpoint vN" line of some version N.
func versionLine(data []byte) ([]byte, bool) {
	const versioned = "stackel checkpoint v"
	line, _, ok := bytes.Cut(data[:min(len(data), 64)], []byte("\n"))
	if !ok || !bytes.HasPrefix(line, []byte(versioned)) {
		return nil, false
	}
	v := line[len(versioned):]
	return line, len(v) > 0 && len(bytes.Trim(v, "0123456789")) == 0
}

// frameIntact reports whether data, whatever its first
// len(checkpointMagic) bytes, is framed as encodeCheckpoint frames a
// payload (or as the v2 frame did): the length and the SHA-256 that
// follow them are the rest's.
func frameIntact(data []byte) bool {
	for _, head := range []int{8 + sha256.Size, 8 + 2*sha256.Size} {
		if len(data) < len(checkpointMagic)+head {
			continue
		}
		rest := data[len(checkpointMagic):]
		if binary.BigEndian.Uint64(rest) != uint64(len(rest)-head) {
			continue // not this frame: nothing to hash
		}
		if sum := sha256.Sum256(rest[8+sha256.Size:]); bytes.Equal(sum[:], rest[8:8+sha256.Size]) {
			return true
		}
	}
	return false
}

// ReadCheckpoint returns the agent of the checkpoint in the run directory
// dir (dir/checkpoint.gob), restored as a resume restores it, the file's
// length and checksum verified: its networks, counters and configuration
// as of the last epoch it records (a finished run's: its end). It is not
// compared with the run's config.yaml or metrics.csv, as a resume compares
// it. A directory without a checkpoint gives an error wrapping
// fs.ErrNotExist. Close the agent when done with it (a MuJoCo task's
// memory).
func ReadCheckpoint(dir string) (*agent.Agent, error) {
	path := filepath.Join(dir, CheckpointFile)
	data, err := safeyaml.ReadOwnFile(path)
	if err != nil {
		return nil, err
	}
	a, err := decodeCheckpoint(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", textcut.Printable(path), err)
	}
	return a, nil
}
