package replay

import (
	"fmt"
	"math"
	"testing"
)

// TestNewRefusesOverflowingStorage: New(1<<61, 2, 2) has 8 values per row,
// and 2⁶¹·8 wraps to 0 in an int: New returned a buffer of no storage whose
// first Add panicked with an index out of range.
func TestNewRefusesOverflowingStorage(t *testing.T) {
	// 2⁶¹ and 2⁶² on 64-bit, 2²⁹ and 2³⁰ on 32-bit.
	for _, c := range [][3]int{{math.MaxInt>>2 + 1, 2, 2}, {1, math.MaxInt>>1 + 1, 1}} {
		msg := func() (msg string) {
			defer func() { msg = fmt.Sprint(recover()) }()
			b := New(c[0], c[1], c[2])
			b.Add(make([]float64, c[1]), make([]float64, c[2]), 0, make([]float64, c[1]), false)
			return "no panic"
		}()
		want := fmt.Sprintf("replay: New(%d, %d, %d): more than %d values of storage", c[0], c[1], c[2], maxElements)
		if msg != want {
			t.Errorf("New%v: panic %q, want %q", c, msg, want)
		}
	}
}
