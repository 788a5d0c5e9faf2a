//go:build linux

package fsizetest

import (
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
)

// childEnv names the environment variable that tells a child process
// which test it runs.
const childEnv = "STACKEL_FSIZE_CHILD_TEST"

// InChild runs the calling test alone in a child process of the test
// binary and reports true in the parent, which then has nothing more to
// do (the child's failure is the parent's, and so is its skip); in the
// child it reports false, and the test goes on.
func InChild(t *testing.T) bool {
	t.Helper()
	if os.Getenv(childEnv) == t.Name() {
		return false
	}
	cmd := exec.Command(os.Args[0], "-test.run=^"+t.Name()+"$", "-test.v", "-test.count=1")
	cmd.Env = append(os.Environ(), childEnv+"="+t.Name())
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s in a child process: %v\n%s", t.Name(), err, out)
	}
	if strings.Contains(string(out), "--- SKIP") {
		t.Skipf("the child skipped:\n%s", out)
	}
	return true
}

// LimitFileSize sets the process's file-size limit (RLIMIT_FSIZE) to n
// bytes, so that a write past it fails with EFBIG ("file too large") as on
// a full disk (the Go runtime ignores SIGXFSZ), and returns the function
// that restores it. It fails t outside a child process of InChild (its
// subtests included): the limit is the whole process's.
func LimitFileSize(t *testing.T, n uint64) (restore func()) {
	t.Helper()
	if os.Getenv(childEnv) == "" {
		t.Fatal("fsizetest.LimitFileSize outside a child process (InChild)")
	}
	var old syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &old); err != nil {
		t.Skipf("getrlimit: %v", err)
	}
	lim := old
	lim.Cur = n
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
		t.Skipf("setrlimit: %v", err)
	}
	return func() {
		if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &old); err != nil {
			t.Fatalf("restoring RLIMIT_FSIZE: %v", err)
		}
	}
}
