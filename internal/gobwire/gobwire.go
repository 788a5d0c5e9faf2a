package gobwire

import (
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"math"
	"math/bits"
)

// TooBig is gob's bound on a message's length (tooBig in encoding/gob):
// 1 GiB on a 32-bit platform, 8 GiB on a 64-bit one.
const TooBig = (1 << 30) << (^uint(0) >> 62)

// ErrTooBig is gob's error for a message of TooBig bytes or more, in
// gob's words.
var ErrTooBig = errors.New("gob: encoder: message too big")

// AppendUint appends gob's encoding of the unsigned integer x to dst
// (encoding/gob's encodeUint): x itself in one byte up to 0x7f, otherwise
// its byte count negated, then its bytes, big-endian, without leading
// zeros.
func AppendUint(dst []byte, x uint64) []byte {
	if x <= 0x7f {
		return append(dst, byte(x))
	}
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], x)
	lead := bits.LeadingZeros64(x) / 8
	return append(append(dst, byte(-(8-lead))), b[lead:]...)
}

// UintLen is the length of AppendUint's encoding of x.
func UintLen(x uint64) int64 {
	if x <= 0x7f {
		return 1
	}
	return int64(1 + 8 - bits.LeadingZeros64(x)/8)
}

// floatBits is the unsigned integer gob encodes a float64 as: its bits
// with the bytes reversed, so that the exponent's bytes, which are rarely
// zero, come last and the mantissa's zero bytes fall off (encoding/gob's
// floatBits).
func floatBits(f float64) uint64 { return bits.ReverseBytes64(math.Float64bits(f)) }

// Message is a gob stream of one struct value cut before a field that is
// streamed by hand (Split): the type definitions gob sends first, and the
// value message after its byte count up to that field.
type Message struct {
	// Types is the messages before the value's: the type definitions.
	Types []byte
	// Body is the value message after its byte count: the type id and
	// the fields before the one Split cut at.
	Body []byte
	// Field is the number of the last field in Body, -1 for none: the
	// next field's delta is counted from it.
	Field int
}

// Split encodes head with gob and cuts the value message before field
// number field, which head holds a placeholder in: a one-element float64
// slice holding 0, or a slice of float64 slices holding one empty slice
// (both encode as the field's delta, 1, 0), with every later field zero,
// so that the message ends with the placeholder and the struct's end, 0.
// gob decides which of the earlier fields it sends (a zero one is left
// out); the placeholder's delta says which field came last. A head that
// does not end so is a programmer's error (a panic).
func Split(head any, field int) (Message, error) {
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(head); err != nil {
		return Message{}, err
	}
	data := b.Bytes()
	var m Message
	for {
		count, w := readUint(data)
		if w == 0 || int64(len(data))-w < int64(count) {
			panic("gobwire: Split: gob's stream is cut")
		}
		if int64(len(data))-w == int64(count) { // the last message: the value's
			m.Body = data[w:]
			break
		}
		m.Types = append(m.Types, data[:w+int64(count)]...)
		data = data[w+int64(count):]
	}
	n := len(m.Body)
	if n < 5 || !bytes.Equal(m.Body[n-3:], []byte{1, 0, 0}) || m.Body[n-4] < 1 || int(m.Body[n-4]) > field+1 {
		panic(fmt.Sprintf("gobwire: Split: the value message does not end with field %d's placeholder: % x", field, m.Body[max(0, n-8):]))
	}
	m.Field = field - int(m.Body[n-4])
	m.Body = m.Body[: n-4 : n-4]
	return m, nil
}

// readUint reads one of gob's unsigned integers from the front of data
// and returns it with its width, 0 if data does not hold one whole.
func readUint(data []byte) (uint64, int64) {
	if len(data) == 0 {
		return 0, 0
	}
	if data[0] <= 0x7f {
		return uint64(data[0]), 1
	}
	n := -int(int8(data[0]))
	if n > 8 || len(data) < 1+n {
		return 0, 0
	}
	var x uint64
	for _, c := range data[1 : 1+n] {
		x = x<<8 | uint64(c)
	}
	return x, int64(1 + n)
}

// Encode writes the whole gob stream to w: m's type definitions, the
// value message's byte count, m's body, then the fields fields writes
// (a StructWriter's calls, in increasing field order) and the struct's
// end. fields is called twice: once to size the message (nothing
// written), then to write it; it must make the same calls both times.
// A message of TooBig bytes or more is ErrTooBig, nothing written. It
// returns the bytes written and w's first error, io.ErrShortWrite for a
// write w takes part of without one.
func (m Message) Encode(w io.Writer, fields func(*StructWriter)) (int64, error) {
	sizer := &StructWriter{prev: m.Field, sizing: true}
	fields(sizer)
	sizer.end()
	count := int64(len(m.Body)) + sizer.n
	if count >= TooBig {
		return 0, ErrTooBig
	}
	s := &StructWriter{w: w, prev: m.Field, buf: make([]byte, 0, scratch)}
	s.buf = append(s.buf, m.Types...)
	s.buf = AppendUint(s.buf, uint64(count))
	s.buf = append(s.buf, m.Body...)
	head := int64(len(s.buf))
	fields(s)
	s.end()
	s.flush()
	if s.err == nil && s.n != head+sizer.n { // a programmer's error: fields called differently
		panic(fmt.Sprintf("gobwire: wrote %d bytes of fields, sized %d", s.n-head, sizer.n))
	}
	return s.n, s.err
}

// Size is the length of the stream Encode writes with fields.
func (m Message) Size(fields func(*StructWriter)) int64 {
	sizer := &StructWriter{prev: m.Field, sizing: true}
	fields(sizer)
	sizer.end()
	count := int64(len(m.Body)) + sizer.n
	return int64(len(m.Types)) + UintLen(uint64(count)) + count
}

// scratch is the size of a StructWriter's buffer, flushed to the writer
// when full.
const scratch = 4 << 10

// StructWriter writes the fields of a struct in gob's wire format after
// those Split left in a Message's body, each field's delta counted from
// the previous field sent, and a field gob leaves out (a zero one)
// left out. Its methods do nothing after the writer's first error.
type StructWriter struct {
	w      io.Writer
	buf    []byte
	prev   int   // the last field number sent
	n      int64 // bytes written (or sized)
	err    error
	sizing bool // count only, write nothing
}

// add appends p to the buffer (counting it when sizing).
func (s *StructWriter) add(p ...byte) {
	if s.sizing {
		s.n += int64(len(p))
		return
	}
	s.buf = append(s.buf, p...)
	if len(s.buf) >= scratch-16 {
		s.flush()
	}
}

// uint appends gob's encoding of x.
func (s *StructWriter) uint(x uint64) {
	if s.sizing {
		s.n += UintLen(x)
		return
	}
	s.buf = AppendUint(s.buf, x)
	if len(s.buf) >= scratch-16 {
		s.flush()
	}
}

// flush writes the buffer to w; a write that takes part of the buffer
// without an error is io.ErrShortWrite.
func (s *StructWriter) flush() {
	if len(s.buf) > 0 && s.err == nil {
		m, err := s.w.Write(s.buf)
		s.n += int64(m)
		if err == nil && m < len(s.buf) {
			err = io.ErrShortWrite
		}
		s.err = err
	}
	s.buf = s.buf[:0]
}

// CheckShort returns w with its short writes made errors: a write that
// takes part of its bytes without an error (which io.Writer forbids)
// returns io.ErrShortWrite, as io.Copy and bufio.Writer do, instead of
// leaving a writer that counts the bytes written to find a count it
// cannot explain.
func CheckShort(w io.Writer) io.Writer {
	if c, ok := w.(shortChecked); ok {
		return c
	}
	return shortChecked{w}
}

// shortChecked is CheckShort's writer.
type shortChecked struct{ w io.Writer }

func (c shortChecked) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	if err == nil && n < len(p) {
		err = io.ErrShortWrite
	}
	return n, err
}

// field sends field's delta from the previous field.
func (s *StructWriter) field(f int) {
	if f <= s.prev {
		panic(fmt.Sprintf("gobwire: field %d after field %d", f, s.prev))
	}
	s.uint(uint64(f - s.prev))
	s.prev = f
}

// floats appends the elements of xs, each gob's float (sent even if
// zero: an element of a slice).
func (s *StructWriter) floats(xs []float64) {
	s.uint(uint64(len(xs)))
	if s.sizing {
		for _, x := range xs {
			s.n += UintLen(floatBits(x))
		}
		return
	}
	for _, x := range xs {
		s.buf = AppendUint(s.buf, floatBits(x))
		if len(s.buf) >= scratch-16 {
			s.flush()
			if s.err != nil {
				return
			}
		}
	}
}

// Floats writes field f, a []float64, left out if empty.
func (s *StructWriter) Floats(f int, xs []float64) {
	if len(xs) == 0 || s.err != nil {
		return
	}
	s.field(f)
	s.floats(xs)
}

// FloatSlices writes field f, a [][]float64, left out if empty; its
// elements are sent even if empty.
func (s *StructWriter) FloatSlices(f int, xss [][]float64) {
	if len(xss) == 0 || s.err != nil {
		return
	}
	s.field(f)
	s.uint(uint64(len(xss)))
	for _, xs := range xss {
		s.floats(xs)
	}
}

// Bytes writes field f, a []byte, left out if empty.
func (s *StructWriter) Bytes(f int, b []byte) {
	if len(b) == 0 || s.err != nil {
		return
	}
	s.field(f)
	s.uint(uint64(len(b)))
	s.add(b...)
}

// Stream writes field f, a []byte of n bytes that src writes (left out
// if n is 0): its length, then src.WriteTo's bytes, with no copy of them
// (src writes to w through CheckShort). src writing other than n bytes
// without an error is a programmer's error (a panic).
func (s *StructWriter) Stream(f int, n int64, src io.WriterTo) {
	if n == 0 || s.err != nil {
		return
	}
	s.field(f)
	s.uint(uint64(n))
	if s.sizing {
		s.n += n
		return
	}
	s.flush()
	if s.err != nil {
		return
	}
	m, err := src.WriteTo(CheckShort(s.w))
	s.n += m
	if err != nil {
		s.err = err
		return
	}
	if m != n {
		panic(fmt.Sprintf("gobwire: field %d: its source wrote %d bytes, its size is %d", f, m, n))
	}
}

// Bool writes field f, a bool, left out if false.
func (s *StructWriter) Bool(f int, b bool) {
	if !b || s.err != nil {
		return
	}
	s.field(f)
	s.uint(1)
}

// end writes the struct's end, a zero delta.
func (s *StructWriter) end() {
	if s.err == nil {
		s.uint(0)
	}
}
