//go:build linux

package tblog_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stackel/stackel/internal/fsizetest"
	"github.com/stackel/stackel/internal/tbread"
	"github.com/stackel/stackel/tblog"
)

// TestCreateWriteFails: when the file-version event cannot be written,
// Create returns a nil Writer and an error naming the stage and the file,
// and leaves no file behind. It returned the Writer with its file still
// open beside the error, and left an empty event file in the directory.
func TestCreateWriteFails(t *testing.T) {
	if fsizetest.InChild(t) {
		return
	}
	dir := t.TempDir()
	restore := fsizetest.LimitFileSize(t, 0)
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
	if fsizetest.InChild(t) {
		return
	}
	w, err := tblog.Create(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	w.Now = func() time.Time { return time.Unix(1_800_000_000, 0) }
	restore := fsizetest.LimitFileSize(t, 5000)
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
