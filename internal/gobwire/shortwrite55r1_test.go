package gobwire

import (
	"bytes"
	"errors"
	"io"
	"testing"
)

// shortWriter55r1 takes at most max bytes of each Write and says nothing
// of the rest (n < len(p) with a nil error, which io.Writer forbids).
type shortWriter55r1 struct {
	w   bytes.Buffer
	max int
}

func (s *shortWriter55r1) Write(p []byte) (int, error) {
	return s.w.Write(p[:min(len(p), s.max)])
}

// TestEncodeShortWrite55r1: a writer that takes part of a write without
// an error makes Encode return io.ErrShortWrite (as io.Copy and
// bufio.Writer do) and the bytes it took, the stream's first, whether
// the short write falls in the buffered fields or in the streamed one
// (Stream's source writes to w itself); it panicked, blaming fields for
// calls that differed between the sizing and the writing pass.
func TestEncodeShortWrite55r1(t *testing.T) {
	v := wire55{A: 1, F: make([]float64, 2000), S: make([]byte, 9000), Z: []byte{7}}
	for i := range v.F {
		v.F[i] = float64(i)
	}
	var whole bytes.Buffer
	if _, _, err := write55(t, v, &whole); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		v    wire55
		max  int
	}{
		{"in the head and floats", v, 100},
		{"in the streamed field", wire55{A: 1, S: v.S}, 8000},
	} {
		t.Run(c.name, func(t *testing.T) {
			var want bytes.Buffer
			if _, _, err := write55(t, c.v, &want); err != nil {
				t.Fatal(err)
			}
			sw := &shortWriter55r1{max: c.max}
			var n int64
			var err error
			func() {
				defer func() {
					if p := recover(); p != nil {
						err = errors.New("panic: " + p.(string))
					}
				}()
				n, _, err = write55(t, c.v, sw)
			}()
			if !errors.Is(err, io.ErrShortWrite) || n != int64(sw.w.Len()) || !bytes.HasPrefix(want.Bytes(), sw.w.Bytes()) || sw.w.Len() >= want.Len() {
				t.Errorf("a writer taking %d bytes a write: %d reported, %d taken, %v; want the %d taken, a prefix of the %d-byte stream, %v",
					c.max, n, sw.w.Len(), err, sw.w.Len(), want.Len(), io.ErrShortWrite)
			}
		})
	}
}
