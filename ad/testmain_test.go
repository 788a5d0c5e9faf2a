package ad

import (
	"os"
	"testing"
)

// TestMain installs the fast BLAS, as the stackel command does, so that
// the tests compute with the products the published numbers come from, and
// makes tapes with several threads always split their large operations
// (the split paths are what the thread tests check).
func TestMain(m *testing.M) {
	UseFastBLAS()
	alwaysSplit = true
	os.Exit(m.Run())
}
