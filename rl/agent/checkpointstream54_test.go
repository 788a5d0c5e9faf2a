package agent

import (
	"bytes"
	"encoding/gob"
	"io"
	"strconv"
	"testing"
	"testing/iotest"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/rl/replay"
)

// snapshotAndReplay54 splits Save's output of an off-policy run (version
// 2) into the snapshot's message, with the type definitions before it,
// and the replay buffer's byte string.
func snapshotAndReplay54(t *testing.T, data []byte) (head, replayBytes []byte) {
	t.Helper()
	r := bytes.NewReader(data)
	var s snapshot
	if err := gob.NewDecoder(r).Decode(&s); err != nil { // a bytes.Reader is read exactly
		t.Fatal(err)
	}
	head = data[:len(data)-r.Len()]
	if err := gob.NewDecoder(r).Decode(&replayBytes); err != nil {
		t.Fatal(err)
	}
	if r.Len() != 0 || !s.ReplayFollows || len(replayBytes) == 0 {
		t.Fatalf("Save's output: %d bytes after the buffer's message, ReplayFollows %v, %d buffer bytes", r.Len(), s.ReplayFollows, len(replayBytes))
	}
	return head, replayBytes
}

// TestLoadStreamsReplay54 checks Load's reading of a version 2
// checkpoint's replay buffer from the stream (replayMessage, readReplay):
// from a reader gob does not read exactly (one byte, or half the bytes
// asked, at a time) it loads the agent Save saves again to the same bytes,
// as from a bytes.Reader, which it leaves at the checkpoint's end (the
// bytes after it unread); the buffer then holds every row of its capacity
// (newAgent's storage, read into); and a message the buffer's bytes are
// cut, changed or padded in gives the errors gob's decoding and
// replay.Buffer.UnmarshalBinary gave: "unexpected EOF" (gob's, for a
// message cut short, at its header or in its bytes), the buffer's own
// error (its checksum, trailing bytes); a message of another type than
// []byte, or with bytes after its byte string, is refused naming it.
func TestLoadStreamsReplay54(t *testing.T) {
	cfg := policyConfig53(t, "Pendulum-v1", DDPG, ad.Float64)
	data := trainedCheckpoint53(t, cfg)
	head, replayBytes := snapshotAndReplay54(t, data)
	for _, c := range []struct {
		name string
		r    func([]byte) io.Reader
	}{
		{"bytes.Reader", func(b []byte) io.Reader { return bytes.NewReader(b) }},
		{"one byte at a time", func(b []byte) io.Reader { return iotest.OneByteReader(bytes.NewReader(b)) }},
		{"half at a time", func(b []byte) io.Reader { return iotest.HalfReader(bytes.NewReader(b)) }},
	} {
		a, err := Load(c.r(data))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		var again bytes.Buffer
		if err := a.Save(&again); err != nil {
			t.Fatal(err)
		}
		b := a.algo.(*offPolicy).buf
		if !bytes.Equal(again.Bytes(), data) {
			t.Errorf("%s: saved again to %d bytes, not the %d loaded", c.name, again.Len(), len(data))
		}
		if b.Len() != cfg.StepsPerEpoch || b.Cap() != min(cfg.ReplaySize, cfg.Steps) {
			t.Errorf("%s: buffer of %d transitions, capacity %d; want %d, %d", c.name, b.Len(), b.Cap(), cfg.StepsPerEpoch, min(cfg.ReplaySize, cfg.Steps))
		}
		a.Close()
	}
	r := bytes.NewReader(append(bytes.Clone(data), "after"...))
	a, err := Load(r)
	if err != nil {
		t.Fatal(err)
	}
	a.Close()
	if r.Len() != len("after") {
		t.Errorf("Load left %d bytes of a bytes.Reader, want the %d after the checkpoint", r.Len(), len("after"))
	}

	// message encodes v as the message after the snapshot, as Save's
	// encoder does (the snapshot's type is then known, []byte predefined).
	message := func(v any) []byte {
		var b bytes.Buffer
		enc := gob.NewEncoder(&b)
		var s snapshot
		if err := enc.Encode(&s); err != nil {
			t.Fatal(err)
		}
		n := b.Len()
		if err := enc.Encode(v); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()[n:]
	}
	if got := message(replayBytes); !bytes.Equal(got, data[len(head):]) {
		t.Fatal("message does not encode the buffer's message as Save does")
	}
	withMessage := func(m []byte) []byte { return append(bytes.Clone(head), m...) }
	unmarshalErr := func(b []byte) string {
		err := new(replay.Buffer).UnmarshalBinary(b)
		if err == nil {
			t.Fatal("UnmarshalBinary accepts the changed bytes")
		}
		return err.Error()
	}
	changed := bytes.Clone(replayBytes)
	changed[len(changed)/2] ^= 0x01
	padded := append(bytes.Clone(replayBytes), 1, 2, 3)
	// gob's unsigned integer: one byte below 128, else the negated byte
	// count and the bytes, big-endian.
	gobUint := func(x uint64) []byte {
		if x < 128 {
			return []byte{byte(x)}
		}
		var b []byte
		for ; x > 0; x >>= 8 {
			b = append([]byte{byte(x)}, b...)
		}
		return append([]byte{byte(-len(b))}, b...)
	}
	// The buffer's message with a byte after its byte string: []byte's
	// type id (5, as gob's signed 10), the singleton's delta 0, the
	// string's length and bytes, then 0, all counted.
	body := append(append([]byte{10, 0}, gobUint(uint64(len(replayBytes)))...), replayBytes...)
	if !bytes.Equal(append(gobUint(uint64(len(body))), body...), message(replayBytes)) {
		t.Fatal("the message built by hand is not gob's")
	}
	body = append(body, 0)
	trailing := append(gobUint(uint64(len(body))), body...)
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"cut in the buffer's bytes", data[:len(data)-100], "agent: reading checkpoint: replay buffer: unexpected EOF"},
		{"cut in the message's header", data[:len(head)+3], "agent: reading checkpoint: replay buffer: unexpected EOF"},
		{"cut after the snapshot", head, "agent: reading checkpoint: replay buffer: EOF"},
		{"a buffer byte changed", withMessage(message(changed)), "agent: checkpoint replay buffer: " + unmarshalErr(changed)},
		{"bytes after the buffer's", withMessage(message(padded)), "agent: checkpoint replay buffer: " + unmarshalErr(padded)},
		{"an int after the snapshot", withMessage(message(7)), "agent: reading checkpoint: replay buffer: the message after the snapshot holds gob type id 2, not []byte's (5), the replay buffer Save writes"},
		{"a byte after the byte string", withMessage(trailing), "agent: reading checkpoint: replay buffer: the replay buffer's message holds 1 bytes after its byte string of " + strconv.Itoa(len(replayBytes))},
	} {
		a, err := Load(bytes.NewReader(c.data))
		if a != nil {
			a.Close()
		}
		if err == nil || err.Error() != c.want {
			t.Errorf("%s: %v; want %q", c.name, err, c.want)
		}
	}
}
