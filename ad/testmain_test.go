package ad

import (
	"os"
	"testing"
)

// TestMain installs the fast BLAS, as the stackel command does, so that
// the tests compute with the products the published numbers come from.
func TestMain(m *testing.M) {
	UseFastBLAS()
	os.Exit(m.Run())
}
