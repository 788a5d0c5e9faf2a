package agent

import (
	"bytes"
	"fmt"
	"io"
)

// decodeSnapshot decodes a checkpoint's snapshot from r with its replay
// buffer in Replay, read from inside the snapshot (version 1) or from the
// message after it (ReplayFollows, version 2; decodeHead and the byte
// string that follows it); when policyOnly, without it (Replay nil).
func decodeSnapshot(r io.Reader, policyOnly bool) (snapshot, error) {
	r = exactReader(r)
	s, n, err := decodeHead(r, policyOnly)
	if err != nil || n < 0 {
		return s, err
	}
	var b bytes.Buffer
	if _, err := io.CopyN(&b, r, n); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return s, fmt.Errorf("replay buffer: %w", err)
	}
	s.Replay = b.Bytes()
	return s, nil
}
