package experiment

import (
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// Within one process LockReport keeps the writers of one directory's
// report apart (on every system: a mutex of the directory, under any
// spelling of its path), not those of two directories; a directory that
// does not exist is an error wrapping fs.ErrNotExist and naming it.
func TestLockReportInProcess(t *testing.T) {
	dir := t.TempDir()
	release, err := LockReport(dir, func() { t.Error("LockReport waited with the lock free") })
	if err != nil {
		t.Fatal(err)
	}
	// Another directory is not kept out.
	other, err := LockReport(t.TempDir(), func() { t.Error("LockReport waited for another directory's lock") })
	if err != nil {
		t.Fatal(err)
	}
	other()

	waited := make(chan struct{})
	got := make(chan func(), 1)
	go func() {
		// The same directory spelled otherwise.
		r, err := LockReport(dir+string(filepath.Separator)+".", func() { close(waited) })
		if err != nil {
			t.Error(err)
		}
		got <- r
	}()
	<-waited
	select {
	case <-got:
		t.Fatal("LockReport returned while another goroutine held the lock")
	default:
	}
	release()
	if r := <-got; r != nil {
		r()
	}

	missing := filepath.Join(dir, "missing")
	if _, err := LockReport(missing, nil); !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), missing) {
		t.Errorf("LockReport of a missing directory: %v, want fs.ErrNotExist naming it", err)
	}
}
