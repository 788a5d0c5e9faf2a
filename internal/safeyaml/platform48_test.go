package safeyaml

import (
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// TestReadFileLimitLargestInt: STACKEL_MAX_INPUT_BYTES=9223372036854775807
// (math.MaxInt, which ParseEnvInt accepts) made the reader's bound,
// limit+1, wrap to a negative number on 64-bit, and every input file read
// as empty. The largest limit reads the file as it is.
func TestReadFileLimitLargestInt(t *testing.T) {
	p := filepath.Join(t.TempDir(), "c.yaml")
	data := "kind: smooth\n"
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv(EnvMaxBytes, strconv.Itoa(math.MaxInt))
	got, err := ReadFile(p)
	if err != nil || string(got) != data {
		t.Errorf("ReadFile with %s=%d = %q, %v; want %q", EnvMaxBytes, math.MaxInt, got, err, data)
	}
}

// TestOwnFileLimit: ReadOwnFile's bound was the constant 1<<62, which
// does not fit an int on 32-bit platforms (linux/386, linux/arm), so the
// package did not compile there. It stays 2⁶² on 64-bit and is the largest
// int, 2³¹−1, on 32-bit.
func TestOwnFileLimit(t *testing.T) {
	want := int64(1) << 62
	if strconv.IntSize == 32 {
		want = math.MaxInt32
	}
	if int64(ownFileLimit) != want {
		t.Errorf("ownFileLimit = %d on a %d-bit platform, want %d", ownFileLimit, strconv.IntSize, want)
	}
}
