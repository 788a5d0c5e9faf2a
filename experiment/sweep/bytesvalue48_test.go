package sweep

import (
	"encoding/base64"
	"strconv"
	"strings"
	"testing"

	"github.com/stackel/stackel/internal/safeyaml"
)

// TestGoSpecByteSliceOneValue48: a []byte in a config built in Go is one
// value, the base64 string JSON writes for it, not one per byte: under a
// 2000-byte input limit (1000 values) a name of 1100 zero bytes, whose
// job's configuration (1468 characters of base64) fits the limit, was
// refused as "more than 1000 values" since session 48's count; before it,
// and now, it expands to one job of that name.
func TestGoSpecByteSliceOneValue48(t *testing.T) {
	t.Setenv(safeyaml.EnvMaxBytes, strconv.Itoa(2000))
	cfg := goSpecBase()
	name := make([]byte, 1100)
	cfg["name"] = name
	jobs, err := (&Spec{Name: "g", Config: cfg}).Expand()
	if err != nil || len(jobs) != 1 {
		t.Fatalf("%d jobs, error %v; want one job", len(jobs), err)
	}
	if !strings.Contains(jobs[0].Config, base64.StdEncoding.EncodeToString(name)) {
		t.Errorf("job config %.80q…, want the name as base64 (1468 characters)", jobs[0].Config)
	}
}
