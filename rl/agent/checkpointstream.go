package agent

import (
	"bufio"
	"errors"
	"fmt"
	"io"

	"github.com/stackel/stackel/internal/gobwire"
	"github.com/stackel/stackel/rl/replay"
)

// A version 2 checkpoint's replay buffer is the second gob message of the
// stream Save writes: the byte string replay.Buffer.MarshalBinary returns,
// encoded by gob as a top-level []byte, which is a type gob predefines,
// so that no type definition precedes it. Its layout (encoding/gob's
// documentation, "Encoding details") is
//
//	count  uint  the message's length in bytes, all that follows
//	type   int   the type id of []byte (gobBytesID)
//	delta  uint  0, the field number of a top-level (singleton) value
//	length uint  the byte string's length
//	bytes  the byte string itself, the buffer's WriteTo format
//
// gob.Decoder reads a whole message into a buffer of its own and then
// copies a []byte out of it: two copies of the buffer's bytes, as large as
// the buffer's storage, before replay.Buffer.UnmarshalBinary builds the
// storage itself. Load reads the message's header here instead and
// streams the byte string into the agent's buffer (replay.Buffer.ReadFrom
// into the storage newAgent made), with no copy of it.
//
// gob.Encoder, likewise, encodes a whole message into a buffer of its own
// before it writes it, after MarshalBinary copied the storage to bytes:
// two copies again. Save writes the message's header here instead
// (replayHeader, the bytes gob writes before the byte string) and streams
// the byte string from the buffer's storage (replay.Buffer.WriteTo).
// replayHeader and replayMessage are this layout's writer and reader.

// gobBytesID is gob's type id of []byte (tBytes in encoding/gob), fixed
// by its wire format.
const gobBytesID = 5

// gobTooBig is gob's bound on a message's length (tooBig in
// encoding/gob): 1 GiB on a 32-bit platform, 8 GiB on a 64-bit one.
const gobTooBig = gobwire.TooBig

// exactReader returns r if gob reads it exactly, an io.ByteReader, and
// otherwise r through a bufio.Reader, which is one: the stream is then
// left just after the message gob decodes, where the replay buffer's
// message starts. (gob.NewDecoder wraps any other reader in a buffer of
// its own, which would read on into the buffer's message.)
func exactReader(r io.Reader) io.Reader {
	if _, ok := r.(io.ByteReader); ok {
		return r
	}
	return bufio.NewReader(r)
}

// writeReplay writes buf to w as the replay buffer's message after the
// snapshot, the bytes gob.Encoder writes for buf.MarshalBinary's []byte:
// the header (replayHeader), then the byte string streamed from the
// buffer's storage by buf.WriteTo, with no copy of it.
func writeReplay(w io.Writer, buf *replay.Buffer) error {
	n := buf.BinarySize()
	head, err := replayHeader(n)
	if err != nil {
		return err
	}
	if _, err := w.Write(head); err != nil {
		return err
	}
	m, err := buf.WriteTo(w)
	if err == nil && m != n { // a programmer's error: BinarySize is WriteTo's length
		panic(fmt.Sprintf("agent: replay buffer wrote %d bytes, BinarySize said %d", m, n))
	}
	return err
}

// replayHeader returns the header of the replay buffer's message for a
// byte string of n bytes, as gob.Encoder writes it before the bytes (the
// layout above): the message's count, []byte's type id, the singleton's
// delta 0 and the string's length. A message of gobTooBig bytes or more
// is gob's error, which gob.Encoder gives too.
func replayHeader(n int64) ([]byte, error) {
	var body []byte
	body = appendGobUint(body, uint64(gobBytesID)<<1) // gob's int: non-negative, shifted left
	body = appendGobUint(body, 0)
	body = appendGobUint(body, uint64(n))
	count := uint64(len(body)) + uint64(n)
	if n < 0 || count >= gobTooBig {
		return nil, gobwire.ErrTooBig // gob's own error
	}
	return append(appendGobUint(nil, count), body...), nil
}

// appendGobUint appends gob's encoding of the unsigned integer x to dst
// (gobwire.AppendUint; readGobUint reads it).
func appendGobUint(dst []byte, x uint64) []byte { return gobwire.AppendUint(dst, x) }

// replayMessage reads the header of the replay buffer's message from r,
// as gob.Decoder would, and returns the length of its byte string, which
// r is left at. A stream that ends before the message is io.EOF (gob's
// word, "EOF"), and one that ends inside it io.ErrUnexpectedEOF; a
// message that is not one top-level []byte, the only one Save writes,
// is an error naming what it holds.
func replayMessage(r io.Reader) (int64, error) {
	count, _, err := readGobUint(r)
	if err != nil {
		return 0, err
	}
	if count >= gobTooBig {
		return 0, errors.New("invalid message length") // gob's errBadCount
	}
	left := int64(count)
	next := func() (uint64, error) {
		if left <= 0 {
			return 0, io.ErrUnexpectedEOF
		}
		x, w, err := readGobUint(r)
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		left -= int64(w)
		if err == nil && left < 0 {
			err = fmt.Errorf("gob: an integer runs past the end of its %d-byte message", count)
		}
		return x, err
	}
	id, err := next()
	if err != nil {
		return 0, err
	}
	if t := gobInt(id); t != gobBytesID {
		return 0, fmt.Errorf("the message after the snapshot holds gob type id %d, not []byte's (%d), the replay buffer Save writes", t, gobBytesID)
	}
	delta, err := next()
	if err != nil {
		return 0, err
	}
	if delta != 0 {
		return 0, errors.New("gob: decode: corrupted data: non-zero delta for singleton")
	}
	n, err := next()
	if err != nil {
		return 0, err
	}
	if n > uint64(left) {
		return 0, fmt.Errorf("gob: bad []uint8 slice length: %d", n)
	}
	if n < uint64(left) {
		return 0, fmt.Errorf("the replay buffer's message holds %d bytes after its byte string of %d", uint64(left)-n, n)
	}
	return int64(n), nil
}

// readGobUint reads one of gob's unsigned integers from r, and returns it
// with the bytes it took (as encoding/gob's decodeUintReader): io.EOF
// before its first byte, io.ErrUnexpectedEOF inside it.
func readGobUint(r io.Reader) (x uint64, width int, err error) {
	var b [8]byte
	if _, err := io.ReadFull(r, b[:1]); err != nil {
		return 0, 0, err
	}
	if b[0] <= 0x7f {
		return uint64(b[0]), 1, nil
	}
	n := -int(int8(b[0]))
	if n > 8 {
		return 0, 1, errors.New("gob: encoded unsigned integer out of range") // gob's errBadUint
	}
	if _, err := io.ReadFull(r, b[:n]); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return 0, 1, err
	}
	for _, c := range b[:n] {
		x = x<<8 | uint64(c)
	}
	return x, n + 1, nil
}

// gobInt is gob's signed integer of its unsigned encoding x.
func gobInt(x uint64) int64 {
	i := int64(x >> 1)
	if x&1 != 0 {
		i = ^i
	}
	return i
}

// readReplay reads the n bytes of r that hold a replay buffer (WriteTo's
// format) into buf, as buf.UnmarshalBinary reads them (the same errors,
// trailing bytes included), but from the stream: buf, as newAgent makes
// it, empty, of the run's capacity, holds the rows in its own storage
// (replay.Buffer.ReadFrom), with no copy of them. Bytes of the n that
// ReadFrom leaves are read, so that r is left after them. The stream
// ending before the n bytes is io.ErrUnexpectedEOF, gob's error of a
// message cut short.
func readReplay(buf *replay.Buffer, r io.Reader, n int64) error {
	lr := &io.LimitedReader{R: r, N: n}
	_, err := buf.ReadFrom(lr)
	rest, cerr := io.Copy(io.Discard, lr)
	if cerr != nil {
		return cerr
	}
	if lr.N > 0 { // r ended first: the whole message never came
		return io.ErrUnexpectedEOF
	}
	if err != nil {
		return err
	}
	if rest > 0 {
		return fmt.Errorf("%w: %d trailing bytes", replay.ErrFormat, rest)
	}
	return nil
}
