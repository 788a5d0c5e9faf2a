package replay

import (
	"fmt"
	"testing"
)

// TestNewRefusesWrappingStride48: on a 32-bit platform a row's length,
// 2·obsDim + actDim + 2, wraps in an int for dimensions near the largest
// int: New(10, 2³¹−1, 4) computed a row of 4 values and returned a buffer
// of 40 values with offsets past the end of its rows, where it should
// panic as for any storage over the bound. (On 64-bit the dimensions are
// at most 2³⁴ and the row cannot wrap.)
func TestNewRefusesWrappingStride48(t *testing.T) {
	for _, c := range [][3]int{{10, maxElements, 4}, {1, maxElements, maxElements}, {1, maxElements / 2, 3}} {
		msg := func() (msg string) {
			defer func() {
				if p := recover(); p != nil {
					msg = fmt.Sprint(p)
				}
			}()
			b := New(c[0], c[1], c[2])
			return fmt.Sprintf("no panic: stride %d, %d values", b.stride, len(b.data))
		}()
		want := fmt.Sprintf("replay: New(%d, %d, %d): more than %d values of storage", c[0], c[1], c[2], maxElements)
		if msg != want {
			t.Errorf("New(%d, %d, %d): %s; want panic %q", c[0], c[1], c[2], msg, want)
		}
	}
}
