package optim

import (
	"io"

	"github.com/stackel/stackel/internal/gobwire"
)

// The streamed encoding of an optimiser's state: WriteTo writes the bytes
// MarshalBinary returns, byte for byte, but with the moment estimates (or
// momentum buffers) written from the optimiser's own storage as they are
// encoded, instead of into gob's buffer, which grows to hold them whole
// (twice their encoded size at its last doubling) before MarshalBinary
// returns a copy. gob encodes the state's other fields (package gobwire's
// Split, the moments' field a placeholder); BinarySize is WriteTo's
// length, for a checkpoint that writes the length first.

// adamMessage is Adam's state without its moments, cut before its M
// field (number 6), and the writer of the moments.
func (a *Adam) adamMessage() (gobwire.Message, func(*gobwire.StructWriter), error) {
	m, err := gobwire.Split(adamState{"adam", a.Rate, a.Beta1, a.Beta2, a.Eps, a.t, [][]float64{{}}, nil}, 6)
	return m, func(s *gobwire.StructWriter) {
		s.FloatSlices(6, a.m)
		s.FloatSlices(7, a.v)
	}, err
}

// BinarySize returns the length of MarshalBinary's (and WriteTo's)
// encoding of a's state, without encoding the moments.
func (a *Adam) BinarySize() int64 {
	m, fields, err := a.adamMessage()
	if err != nil {
		panic("optim: Adam.BinarySize: " + err.Error()) // gob encodes adamState's fixed fields
	}
	return m.Size(fields)
}

// WriteTo writes MarshalBinary's encoding of a's state to w, streamed
// from the moments' storage (io.WriterTo); it returns the bytes written
// and w's error.
func (a *Adam) WriteTo(w io.Writer) (int64, error) {
	m, fields, err := a.adamMessage()
	if err != nil {
		return 0, err
	}
	return m.Encode(w, fields)
}

// sgdMessage is SGD's state without its momentum buffers, cut before its
// Buf field (number 4), and the writer of the buffers.
func (s *SGD) sgdMessage() (gobwire.Message, func(*gobwire.StructWriter), error) {
	m, err := gobwire.Split(sgdState{"sgd", s.Rate, s.Momentum, s.Nesterov, [][]float64{{}}}, 4)
	return m, func(w *gobwire.StructWriter) { w.FloatSlices(4, s.buf) }, err
}

// BinarySize returns the length of MarshalBinary's (and WriteTo's)
// encoding of s's state, without encoding the momentum buffers.
func (s *SGD) BinarySize() int64 {
	m, fields, err := s.sgdMessage()
	if err != nil {
		panic("optim: SGD.BinarySize: " + err.Error()) // gob encodes sgdState's fixed fields
	}
	return m.Size(fields)
}

// WriteTo writes MarshalBinary's encoding of s's state to w, streamed
// from the momentum buffers' storage (io.WriterTo); it returns the bytes
// written and w's error.
func (s *SGD) WriteTo(w io.Writer) (int64, error) {
	m, fields, err := s.sgdMessage()
	if err != nil {
		return 0, err
	}
	return m.Encode(w, fields)
}
