package experiment

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"strings"

	"github.com/stackel/stackel/rl/agent"
)

// checkpointMagic starts a checkpoint file written with a checksum: the
// magic, the payload's length (8 bytes, big-endian), its SHA-256 (32
// bytes), then the payload (agent.Save's encoding).
const checkpointMagic = "stackel checkpoint v2\n"

// encodeCheckpoint frames an agent.Save payload with its length and
// checksum.
func encodeCheckpoint(payload []byte) []byte {
	out := make([]byte, 0, len(checkpointMagic)+8+sha256.Size+len(payload))
	out = append(out, checkpointMagic...)
	out = binary.BigEndian.AppendUint64(out, uint64(len(payload)))
	sum := sha256.Sum256(payload)
	out = append(out, sum[:]...)
	return append(out, payload...)
}

// decodeCheckpoint verifies a checkpoint file's length and checksum and
// loads the agent. A file without the magic is a checkpoint of an earlier
// version (no checksum) and is read as it is.
func decodeCheckpoint(data []byte) (*agent.Agent, error) {
	if len(data) == 0 {
		// A file created but never written: a crash or a full disk
		// between creating and filling it (an older stackel wrote in
		// place), or a user's truncation. gob's own word would be "EOF".
		return nil, fmt.Errorf("corrupt checkpoint: the file is empty (0 bytes); delete it to restart the run from scratch")
	}
	if !bytes.HasPrefix(data, []byte(checkpointMagic)) {
		line, versioned := versionLine(data)
		if !versioned && frameIntact(data) {
			// This format's frame around a payload whose length and
			// SHA-256 check, under a magic that is not a version line:
			// the magic was damaged (in its first 8 bytes too, which an
			// unframed checkpoint would otherwise be taken for).
			return nil, fmt.Errorf("corrupt checkpoint: damaged header (%q where %q belongs); delete it to restart the run from scratch", data[:len(checkpointMagic)], checkpointMagic)
		}
		if bytes.HasPrefix(data, []byte(checkpointMagic[:8])) {
			// "stackel checkpoint vN\n" of another N: another version of
			// the format, which the binary that wrote it resumes.
			if versioned {
				return nil, fmt.Errorf("checkpoint of another format version (header %q; this stackel reads %q): resume the run with the stackel that wrote it, or move the file away to restart from scratch", line, strings.TrimSuffix(checkpointMagic, "\n"))
			}
			return nil, fmt.Errorf("corrupt checkpoint: damaged header; delete it to restart the run from scratch")
		}
		a, err := agent.Load(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("corrupt checkpoint (an unframed one, written before %q, so without a checksum): %w; delete it to restart the run from scratch", strings.TrimSuffix(checkpointMagic, "\n"), err)
		}
		return a, nil
	}
	rest := data[len(checkpointMagic):]
	if len(rest) < 8+sha256.Size {
		return nil, fmt.Errorf("corrupt checkpoint: %d bytes, shorter than its header; delete it to restart the run from scratch", len(data))
	}
	n := binary.BigEndian.Uint64(rest)
	payload := rest[8+sha256.Size:]
	if uint64(len(payload)) != n {
		return nil, fmt.Errorf("corrupt checkpoint: the payload has %d bytes, the header says %d (a cut or padded file); delete it to restart the run from scratch", len(payload), n)
	}
	if sum := sha256.Sum256(payload); !bytes.Equal(sum[:], rest[8:8+sha256.Size]) {
		return nil, fmt.Errorf("corrupt checkpoint: SHA-256 mismatch (the file was changed after it was written); delete it to restart the run from scratch")
	}
	return agent.Load(bytes.NewReader(payload))
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
// payload: the length and the SHA-256 that follow them are the rest's.
func frameIntact(data []byte) bool {
	head := len(checkpointMagic) + 8 + sha256.Size
	if len(data) < head {
		return false
	}
	rest := data[len(checkpointMagic):]
	payload := data[head:]
	if binary.BigEndian.Uint64(rest) != uint64(len(payload)) {
		return false // not this format's frame: nothing to hash
	}
	sum := sha256.Sum256(payload)
	return bytes.Equal(sum[:], rest[8:head-len(checkpointMagic)])
}
