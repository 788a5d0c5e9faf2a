package experiment

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// digestChildEnv makes the test binary run as the child of
// TestBinaryDigestOfReplacedExecutable51.
const digestChildEnv = "STACKEL_TEST_DIGEST_CHILD"

// TestBinaryDigestOfReplacedExecutable51: a process whose executable's
// path names another file by the time it first records a build (a
// `go build -o` of the next commit over the binary of a reproduction or
// a NATS worker still running; the digest is read at the first job)
// records the digest of the binary it runs, not of the new file. A copy
// of this test binary is run; the child renames a file of other bytes
// over its own path, then prints binaryDigest(). Before, os.Executable's
// path was read: the child recorded the new file's digest
// (sha256("not the running binary")), so its runs named a build that
// never ran them. Linux only (/proc/self/exe).
func TestBinaryDigestOfReplacedExecutable51(t *testing.T) {
	if os.Getenv(digestChildEnv) != "" {
		exe, err := os.Executable()
		if err != nil {
			t.Fatal(err)
		}
		other := exe + ".new"
		if err := os.WriteFile(other, []byte("not the running binary"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(other, exe); err != nil {
			t.Fatal(err)
		}
		fmt.Printf("digest=%s\n", binaryDigest())
		return
	}
	if runtime.GOOS != "linux" {
		t.Skip("the running file is opened through /proc/self/exe on Linux only")
	}
	self, err := os.Executable()
	if err != nil {
		t.Skip("no executable path:", err)
	}
	src, err := os.Open(self)
	if err != nil {
		t.Skip("executable does not read:", err)
	}
	defer src.Close()
	exe := filepath.Join(t.TempDir(), "stackel.test")
	dst, err := os.OpenFile(exe, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.New()
	if _, err := io.Copy(io.MultiWriter(dst, h), src); err != nil {
		t.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		t.Fatal(err)
	}
	want := hex.EncodeToString(h.Sum(nil))[:16]
	other := sha256.Sum256([]byte("not the running binary"))
	newFile := hex.EncodeToString(other[:])[:16]

	cmd := exec.Command(exe, "-test.run=^TestBinaryDigestOfReplacedExecutable51$", "-test.v")
	cmd.Env = append(os.Environ(), digestChildEnv+"=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	var got string
	for _, l := range strings.Split(string(out), "\n") {
		if d, ok := strings.CutPrefix(l, "digest="); ok {
			got = d
		}
	}
	if got != want {
		t.Errorf("the child recorded binary %q; want %s, the digest of the file it runs (%s is the file now at its path)", got, want, newFile)
	}
}
