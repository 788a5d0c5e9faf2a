package gobwire

import (
	"bytes"
	"encoding/gob"
	"errors"
	"io"
	"math"
	"testing"
)

// wire55 has a field of every kind StructWriter writes, after fields gob
// encodes itself (A, B).
type wire55 struct {
	A  int
	B  string
	F  []float64
	G  [][]float64
	S  []byte // streamed
	Bs []byte
	Ok bool
	Z  []byte
}

// bytesSrc55 writes its bytes, as an io.WriterTo.
type bytesSrc55 []byte

func (b bytesSrc55) WriteTo(w io.Writer) (int64, error) {
	n, err := w.Write(b)
	return int64(n), err
}

// write55 writes v by Split and Encode, F the field cut at.
func write55(t *testing.T, v wire55, w io.Writer) (int64, int64, error) {
	t.Helper()
	head := wire55{A: v.A, B: v.B, F: []float64{0}}
	m, err := Split(&head, 2)
	if err != nil {
		t.Fatal(err)
	}
	fields := func(s *StructWriter) {
		s.Floats(2, v.F)
		s.FloatSlices(3, v.G)
		s.Stream(4, int64(len(v.S)), bytesSrc55(v.S))
		s.Bytes(5, v.Bs)
		s.Bool(6, v.Ok)
		s.Bytes(7, v.Z)
	}
	n, err := m.Encode(w, fields)
	return n, m.Size(fields), err
}

// TestEncodeIsGobs55: Split and Encode write the bytes gob.Encoder
// writes for a struct, byte for byte, and Size is their length, for
// every field zero (which gob leaves out, so that the first streamed
// field's delta is counted from an earlier field: from A's, or from
// none), every one set, floats of every width of gob's encoding (0, −0,
// 17, a subnormal, ±Inf, NaN, 1e300), empty slices inside a slice of
// slices (which gob sends), and 100000 floats (the scratch buffer
// flushed many times).
func TestEncodeIsGobs55(t *testing.T) {
	floats := []float64{0, math.Copysign(0, -1), 17, math.Pi, 5e-324, math.Inf(1), math.Inf(-1), math.NaN(), 1e300, -1}
	long := make([]float64, 100000)
	for i := range long {
		long[i] = float64(i) * 1.25
	}
	for _, c := range []struct {
		name string
		v    wire55
	}{
		{"all zero", wire55{}},
		{"only B", wire55{B: "x"}},
		{"only A", wire55{A: -3}},
		{"only F", wire55{F: floats}},
		{"only Z", wire55{Z: []byte{0}}},
		{"only Ok", wire55{A: 1, Ok: true}},
		{"empty inner slices", wire55{G: [][]float64{nil, {}, {1}, nil}}},
		{"every field", wire55{A: 300, B: "hello", F: floats, G: [][]float64{floats, nil, {2}}, S: []byte("streamed"), Bs: []byte{1, 2, 3}, Ok: true, Z: make([]byte, 200)}},
		{"100000 floats", wire55{A: 1, F: long, G: [][]float64{long, long}, S: make([]byte, 70000)}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var want bytes.Buffer
			if err := gob.NewEncoder(&want).Encode(&c.v); err != nil {
				t.Fatal(err)
			}
			var got bytes.Buffer
			n, size, err := write55(t, c.v, &got)
			if err != nil || n != int64(got.Len()) || size != n {
				t.Fatalf("Encode: %d bytes (wrote %d, Size %d), %v", n, got.Len(), size, err)
			}
			if !bytes.Equal(got.Bytes(), want.Bytes()) {
				i := 0
				for i < min(got.Len(), want.Len()) && got.Bytes()[i] == want.Bytes()[i] {
					i++
				}
				t.Fatalf("Encode wrote %d bytes, gob %d; first difference at byte %d", got.Len(), want.Len(), i)
			}
			var back wire55
			if err := gob.NewDecoder(&got).Decode(&back); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestUintLen55: UintLen is the length of AppendUint's encoding, at each
// width's bounds, and AppendUint's is gob's: one byte up to 127, then
// the byte count negated and the bytes.
func TestUintLen55(t *testing.T) {
	for _, c := range []struct {
		x    uint64
		want []byte
	}{
		{0, []byte{0}}, {127, []byte{127}}, {128, []byte{0xff, 0x80}}, {255, []byte{0xff, 0xff}},
		{256, []byte{0xfe, 1, 0}}, {1<<24 - 1, []byte{0xfd, 0xff, 0xff, 0xff}},
		{1 << 56, []byte{0xf8, 1, 0, 0, 0, 0, 0, 0, 0}}, {math.MaxUint64, []byte{0xf8, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}},
	} {
		got := AppendUint(nil, c.x)
		if !bytes.Equal(got, c.want) || UintLen(c.x) != int64(len(c.want)) {
			t.Errorf("x=%d: AppendUint % x (UintLen %d), want % x", c.x, got, UintLen(c.x), c.want)
		}
	}
}

// failAfter55 takes left bytes, then fails.
type failAfter55 struct {
	w    bytes.Buffer
	left int
}

var errFull55 = errors.New("disk full (test)")

func (f *failAfter55) Write(p []byte) (int, error) {
	if len(p) <= f.left {
		f.left -= len(p)
		return f.w.Write(p)
	}
	n := f.left
	f.w.Write(p[:n])
	f.left = 0
	return n, errFull55
}

// TestEncodeFails55: a writer failing after k bytes (in the head, in
// the floats, in the streamed field, at the end) makes Encode return
// its error and the k bytes written, the stream's first; a message of
// gob's bound or more is gob's error, nothing written.
func TestEncodeFails55(t *testing.T) {
	v := wire55{A: 1, F: make([]float64, 20000), S: make([]byte, 9000), Z: []byte{7}}
	for i := range v.F {
		v.F[i] = float64(i)
	}
	var whole bytes.Buffer
	if _, _, err := write55(t, v, &whole); err != nil {
		t.Fatal(err)
	}
	for _, k := range []int{0, 10, 5000, whole.Len() - 9005, whole.Len() - 1} {
		f := &failAfter55{left: k}
		n, _, err := write55(t, v, f)
		if !errors.Is(err, errFull55) || n != int64(k) || !bytes.Equal(f.w.Bytes(), whole.Bytes()[:k]) {
			t.Errorf("failing after %d bytes: %d written, %v; want %d of the stream's, %v", k, n, err, k, errFull55)
		}
	}
	m, err := Split(&wire55{F: []float64{0}}, 2)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	n, err := m.Encode(&out, func(s *StructWriter) { s.Stream(4, TooBig, bytesSrc55(nil)) })
	if err != ErrTooBig || n != 0 || out.Len() != 0 {
		t.Errorf("a message of %d bytes: %d written, %v; want none, %v", int64(TooBig), n, err, ErrTooBig)
	}
}
