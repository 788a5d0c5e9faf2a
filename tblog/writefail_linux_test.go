//go:build linux

package tblog_test

import (
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stackel/stackel/internal/tbread"
	"github.com/stackel/stackel/tblog"
)

// fileSizeChild names the environment variable that tells a child test
// process which test it runs (inChild).
const fileSizeChild = "STACKEL_TBLOG_FSIZE_TEST"

// inChild runs the calling test alone in a child process of the test
// binary and reports true in the parent, which then has nothing more to
// do (the child's failure is the parent's); in the child it reports false,
// and the test goes on. A file-size limit is the whole process's, and
// while it was low here every write of the process failed: the test log
// that `go test` keeps of the files a package's tests open (for its cache)
// failed too once earlier tests had filled it past the limit, and the
// whole package with it ("can't write testlog.txt: file too large"). The
// child has no test log.
func inChild(t *testing.T) bool {
	t.Helper()
	if os.Getenv(fileSizeChild) == t.Name() {
		return false
	}
	cmd := exec.Command(os.Args[0], "-test.run=^"+t.Name()+"$", "-test.v")
	cmd.Env = append(os.Environ(), fileSizeChild+"="+t.Name())
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s in a child process: %v\n%s", t.Name(), err, out)
	}
	return true
}

// limitFileSize sets the process's file-size limit (RLIMIT_FSIZE) to n
// bytes, so that a write past it fails with EFBIG ("file too large") as on
// a full disk (the Go runtime ignores SIGXFSZ), and returns a function
// that restores the limit. The limit is the whole process's: call it in a
// child process only (inChild), which restores it before it checks
// anything.
func limitFileSize(t *testing.T, n uint64) (restore func()) {
	t.Helper()
	if os.Getenv(fileSizeChild) != t.Name() {
		t.Fatal("limitFileSize outside a child process (inChild)")
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

// TestCreateWriteFails: when the file-version event cannot be written,
// Create returns a nil Writer and an error naming the stage and the file,
// and leaves no file behind. It returned the Writer with its file still
// open beside the error, and left an empty event file in the directory.
func TestCreateWriteFails(t *testing.T) {
	if inChild(t) {
		return
	}
	dir := t.TempDir()
	restore := limitFileSize(t, 0)
	w, err := tblog.Create(dir)
	restore()
	if w != nil || err == nil || !strings.HasPrefix(err.Error(), "tblog: writing the file-version event: write "+dir+"/"+tblog.FilePrefix) ||
		!strings.HasSuffix(err.Error(), ": file too large") {
		t.Errorf("Create with no room: writer %v, error %v", w != nil, err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("Create with no room left %d files, want none", len(entries))
	}
}

// TestWriteFailureKeepsRecords: a write that fails part-way (the file may
// hold 5000 bytes) is returned by a Scalar and again by Close, naming the
// file; the whole records written before it stay readable. The
// file-version record is 40 bytes and each scalar record here 42 (tag
// "loss", step 1), so the file version and 118 scalar records fit whole, and
// the next record is cut in its header (tbread counts records from 0).
func TestWriteFailureKeepsRecords(t *testing.T) {
	if inChild(t) {
		return
	}
	w, err := tblog.Create(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	w.Now = func() time.Time { return time.Unix(1_800_000_000, 0) }
	restore := limitFileSize(t, 5000)
	var failed error
	for i := 0; i < 1000 && failed == nil; i++ {
		failed = w.Scalar("loss", 1, float64(i))
	}
	closeErr := w.Close()
	restore()
	want := "write " + w.Path() + ": file too large"
	if failed == nil || failed.Error() != want {
		t.Errorf("Scalar past the limit: %v, want %q", failed, want)
	}
	if closeErr == nil || closeErr.Error() != want {
		t.Errorf("Close after the failure: %v, want %q", closeErr, want)
	}
	if st, err := os.Stat(w.Path()); err != nil || st.Size() != 5000 {
		t.Fatalf("file: %v, %v; want 5000 bytes", st, err)
	}
	f, err := tbread.Read(w.Path())
	if err == nil || !strings.HasSuffix(err.Error(), "record 119: truncated header") {
		t.Errorf("reading the cut file: %v", err)
	}
	if len(f.Scalars) != 118 {
		t.Fatalf("%d scalars kept, want 118", len(f.Scalars))
	}
	for i, s := range f.Scalars {
		if s.Tag != "loss" || s.Step != 1 || s.Value != float32(i) || s.WallTime != 1.8e9 {
			t.Errorf("scalar %d: %+v", i, s)
		}
	}
	// Records counts the file-version record too, from 1.
	if n, err := tblog.Records(w.Path()); n != 119 || err == nil || !strings.HasSuffix(err.Error(), "record 120: length cut short or failing its checksum") {
		t.Errorf("Records: %d, %v", n, err)
	}
}
