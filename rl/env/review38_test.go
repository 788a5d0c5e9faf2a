package env

import (
	"fmt"
	"testing"
)

// TestBoxClipLengths: Clip clipped only the elements x had, so a short x
// left the tail of dst as it was (Clip(dst, [9]) on a 2-d box returned
// [1, whatever dst held]) and reported nothing; a long x or a short dst
// died with the runtime's "index out of range", naming neither Clip nor
// the box. Every mismatch now panics with the three lengths.
func TestBoxClipLengths(t *testing.T) {
	b := UniformBox(-1, 1, 2)
	for _, c := range []struct{ dst, x []float64 }{
		{make([]float64, 2), []float64{9}},
		{make([]float64, 2), []float64{9, 9, 9}},
		{make([]float64, 1), []float64{9, 9}},
	} {
		msg := func() (msg string) {
			defer func() {
				if v := recover(); v != nil {
					msg = fmt.Sprint(v)
				}
			}()
			b.Clip(c.dst, c.x)
			return "no panic"
		}()
		want := fmt.Sprintf("env: Box.Clip: len(x)=%d, len(dst)=%d, want 2", len(c.x), len(c.dst))
		if msg != want {
			t.Errorf("Clip(len %d, len %d): panic %q, want %q", len(c.dst), len(c.x), msg, want)
		}
	}
	x := []float64{9, -9}
	if got := b.Clip(x, x); got[0] != 1 || got[1] != -1 {
		t.Errorf("Clip in place = %v, want [1 -1]", got)
	}
}
