package agent

import (
	"bytes"
	"encoding/gob"
	"io"
	"testing"
)

// FuzzReplayMessage54r2 feeds replayMessage, the hand-written reader of
// the replay buffer's gob message header, arbitrary bytes, seeded with
// replayHeader's headers (Save's, byte for byte gob's) at the lengths
// where gob's integers change width, followed by the byte string or part
// of it. Properties: it returns an error or a length, never panics, and
// reads no byte of the string (the stream is left at its first byte,
// with the header's bytes consumed and no more); a length it returns
// with a whole message present is the []byte gob.Decoder decodes from
// the same bytes, of that length and those bytes; and where gob decodes
// a []byte from bytes that start with the header Save writes for its
// length, replayMessage reads them too. (It refuses what gob ignores, bytes
// of the message after the string, which gob.Encoder never writes.)
func FuzzReplayMessage54r2(f *testing.F) {
	for _, n := range []int64{0, 1, 68, 124, 125, 126, 127, 128, 252, 253, 255, 256, 65531, 65532, 65536} {
		head, err := replayHeader(n)
		if err != nil {
			f.Fatal(err)
		}
		body := bytes.Repeat([]byte{0xa5}, int(n))
		f.Add(append(bytes.Clone(head), body...))
		f.Add(append(bytes.Clone(head), body[:n/2]...))
	}
	f.Add([]byte{})
	f.Add([]byte{0x80})
	f.Add([]byte{0xf8, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff})
	f.Add([]byte{0x03, 0x0a, 0x00, 0x00})
	f.Fuzz(func(t *testing.T, data []byte) {
		r := bytes.NewReader(data)
		n, err := replayMessage(r)
		var b []byte
		gerr := gob.NewDecoder(bytes.NewReader(data)).Decode(&b)
		if err != nil {
			if head, _ := replayHeader(int64(len(b))); gerr == nil && bytes.HasPrefix(data, head) {
				t.Fatalf("replayMessage: %v; gob decodes a []byte of %d bytes from % x", err, len(b), data[:min(len(data), 16)])
			}
			return
		}
		head := len(data) - r.Len()
		if n < 0 || int64(r.Len()) < 0 {
			t.Fatalf("length %d", n)
		}
		if int64(r.Len()) < n {
			return // the message is cut: gob's error, which readReplay gives
		}
		if gerr != nil {
			t.Fatalf("replayMessage reads a %d-byte string after a %d-byte header; gob: %v", n, head, gerr)
		}
		if int64(len(b)) != n || !bytes.Equal(b, data[head:head+int(n)]) {
			t.Fatalf("replayMessage reads %d bytes at %d; gob decodes %d", n, head, len(b))
		}
		if _, err := io.ReadFull(r, make([]byte, n)); err != nil {
			t.Fatal(err)
		}
	})
}
