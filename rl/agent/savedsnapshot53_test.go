package agent

import "io"

// decodeSaved decodes Save's output into one snapshot holding its replay
// buffer (Replay), as a version 1 checkpoint held it, so that a test may
// change a part and encode it again as one message, which Load reads as
// it reads a version 1 checkpoint.
func decodeSaved(r io.Reader) (snapshot, error) {
	s, err := decodeSnapshot(r, false)
	s.ReplayFollows = false
	return s, err
}
