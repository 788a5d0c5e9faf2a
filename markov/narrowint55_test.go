package markov

import (
	"strconv"
	"testing"
)

// skipNarrowInt55 skips t where int has fewer than 64 bits (GOARCH=386,
// arm): its sizes of 2^31 and more are not ints there.
func skipNarrowInt55(t *testing.T) {
	t.Helper()
	if strconv.IntSize < 64 {
		t.Skipf("sizes beyond a %d-bit int", strconv.IntSize)
	}
}
