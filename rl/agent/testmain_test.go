package agent

import (
	"os"
	"testing"

	"github.com/stackel/stackel/ad"
)

// TestMain installs the fast BLAS, as the stackel command does, so that
// the tests compute with the products the published numbers come from.
func TestMain(m *testing.M) {
	ad.UseFastBLAS()
	os.Exit(m.Run())
}
