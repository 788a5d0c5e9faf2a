package agent

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/stackel/stackel/ad"
)

// shortWriter55r1 takes the first max bytes written to it, in all, and
// of a write past them the part before, with a nil error (n < len(p)
// without an error, which io.Writer forbids); later writes take nothing.
type shortWriter55r1 struct {
	w   bytes.Buffer
	max int
}

func (s *shortWriter55r1) Write(p []byte) (int, error) {
	n := min(len(p), s.max-s.w.Len())
	return s.w.Write(p[:n])
}

// TestSaveShortWrite55r1: Save to a writer that stops taking bytes
// without an error, in the snapshot's first fields, in its networks, in
// an optimiser's state, in the replay buffer's header and in its bytes,
// returns io.ErrShortWrite (wrapped, as io.Copy and bufio.Writer give
// it) instead of panicking (gobwire's and writeReplay's checks of the
// bytes written blamed the encoder) or, in the replay buffer's header,
// going on as if it had been written.
func TestSaveShortWrite55r1(t *testing.T) {
	for _, c := range []struct {
		env  string
		algo Algo
	}{{"CartPole-v1", AC}, {"Pendulum-v1", DDPG}} {
		a, err := New(policyConfig53(t, c.env, c.algo, ad.Float64))
		if err != nil {
			t.Fatal(err)
		}
		defer a.Close()
		var whole bytes.Buffer
		if err := a.Save(&whole); err != nil {
			t.Fatal(err)
		}
		snap := whole.Len()
		if b, ok := a.algo.(*offPolicy); ok {
			snap -= int(b.buf.BinarySize())
		}
		// Through the snapshot (its first fields, networks, optimiser
		// states, random streams: the last 110 bytes or so); in DDPG's
		// replay buffer's 4-byte header (snap-2) and in its bytes.
		for _, k := range []int{10, 200, snap / 2, snap - 130, snap - 60, snap - 2, snap + 20} {
			if k >= whole.Len() {
				continue
			}
			t.Run(fmt.Sprintf("%s/%d of %d bytes", c.algo, k, whole.Len()), func(t *testing.T) {
				sw := &shortWriter55r1{max: k}
				err := func() (err error) {
					defer func() {
						if p := recover(); p != nil {
							err = fmt.Errorf("panic: %v", p)
						}
					}()
					return a.Save(sw)
				}()
				if !errors.Is(err, io.ErrShortWrite) || !bytes.Equal(sw.w.Bytes(), whole.Bytes()[:k]) {
					t.Errorf("Save: %v, %d bytes taken; want %v after the stream's first %d", err, sw.w.Len(), io.ErrShortWrite, k)
				}
			})
		}
	}
}
