package agent

import (
	"bufio"
	"bytes"
	"io"
	"testing"
)

// Load on a reader that is an io.ByteReader (a bytes.Reader, a
// bytes.Buffer, a bufio.Reader) reads the checkpoint and nothing after
// it, as gob's Decoder does on such a reader, so that a caller can keep
// a checkpoint and its own data in one stream. Session 52's check of the
// framed checkpoint's magic wrapped every reader in a bufio.Reader of its
// own, which took up to 4096 bytes past the checkpoint with it: the rest
// of the stream read empty.
func TestLoadReadsOnlyTheCheckpoint52(t *testing.T) {
	a, err := New(tinyConfig(t, "Pendulum-v1", DDPG, ActorLeads))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	var ck bytes.Buffer
	if err := a.Save(&ck); err != nil {
		t.Fatal(err)
	}
	tail := bytes.Repeat([]byte("the caller's own data after the checkpoint\n"), 10)
	stream := append(ck.Bytes(), tail...)
	for _, c := range []struct {
		name string
		r    func() io.Reader
	}{
		{"bytes.Reader", func() io.Reader { return bytes.NewReader(stream) }},
		{"bytes.Buffer", func() io.Reader { return bytes.NewBuffer(bytes.Clone(stream)) }},
		{"bufio.Reader", func() io.Reader { return bufio.NewReader(struct{ io.Reader }{bytes.NewReader(stream)}) }},
	} {
		r := c.r()
		b, err := Load(r)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		b.Close()
		rest, err := io.ReadAll(r)
		if err != nil || !bytes.Equal(rest, tail) {
			t.Errorf("%s: after Load the reader holds %d bytes (%v), want the %d bytes written after the checkpoint", c.name, len(rest), err, len(tail))
		}
	}
}
