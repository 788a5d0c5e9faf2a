package experiment

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/stackel/stackel/internal/fault"
)

// writeFileAtomic writes data to path through a temporary file in the same
// directory, synced and renamed over path: a kill or a full disk leaves
// either the old file or the new one, never a cut one. faultPoint names
// the fault-injection point hit halfway through the write ("" for none).
//
// The temporary file has a name of its own (NAME.<digits>.tmp, made by
// os.CreateTemp), so that writers of one file at once — goroutines of one
// process, or processes that share a directory — never write into each
// other's temporary file nor rename it away from under each other: the
// last rename wins and the file is always one writer's whole data. On an
// error the temporary file is removed; only a kill leaves one behind
// (isAtomicTemp names them, and PrepareRunDir counts and clears them with
// the run's files).
func writeFileAtomic(path string, data []byte, faultPoint string) error {
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*.tmp")
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return fmt.Errorf("writing %s: creating its temporary file: %w (the previous %s, if any, is unchanged)", path, err, filepath.Base(path))
	}
	tmp := f.Name()
	fail := func(err error) error {
		f.Close()
		os.Remove(tmp)
		return fmt.Errorf("writing %s: %w (the previous %s, if any, is unchanged)", path, err, filepath.Base(path))
	}
	// os.CreateTemp makes the file readable by its owner only; outputs
	// are readable by all, as os.Create made them under the usual umask.
	if err := f.Chmod(0o644); err != nil {
		return fail(err)
	}
	half := len(data) / 2
	if _, err := f.Write(data[:half]); err != nil {
		return fail(err)
	}
	if faultPoint != "" {
		fault.Point(faultPoint)
	}
	if _, err := f.Write(data[half:]); err != nil {
		return fail(err)
	}
	if err := f.Sync(); err != nil {
		return fail(err)
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("writing %s: %w (the previous %s, if any, is unchanged)", path, err, filepath.Base(path))
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("writing %s: %w (the previous %s, if any, is unchanged)", path, err, filepath.Base(path))
	}
	// The rename is durable once the directory is synced: before, a power
	// cut could bring back the previous file (a checkpoint an epoch
	// older, which resumes to the same numbers). A file system that
	// cannot sync a directory (some network ones) keeps the rename.
	syncDir(filepath.Dir(path))
	return nil
}

// isAtomicTemp reports that name is the temporary file of an atomic write
// of one of the files names: NAME.<digits>.tmp (writeFileAtomic), or
// NAME.tmp, the one name stackel used before temporary names were made
// unique.
func isAtomicTemp(name string, names []string) bool {
	for _, n := range names {
		if name == n+".tmp" {
			return true
		}
		mid, ok := strings.CutPrefix(name, n+".")
		if !ok {
			continue
		}
		mid, ok = strings.CutSuffix(mid, ".tmp")
		if ok && mid != "" && strings.Trim(mid, "0123456789") == "" {
			return true
		}
	}
	return false
}

// rowWriter buffers whole rows and writes only whole rows to its file. If
// a write fails (a full disk), the file is cut back to its last whole row,
// so a reader never sees a partial row.
type rowWriter struct {
	f       *os.File
	pending []byte
	good    int64 // file size after the last whole row written
}

func newRowWriter(f *os.File) *rowWriter {
	w := &rowWriter{f: f}
	if st, err := f.Stat(); err == nil {
		w.good = st.Size()
	}
	return w
}

// Write appends to the pending row(s); nothing reaches the file before
// Flush.
func (w *rowWriter) Write(b []byte) (int, error) {
	w.pending = append(w.pending, b...)
	return len(b), nil
}

// WriteString appends s to the pending row(s).
func (w *rowWriter) WriteString(s string) (int, error) {
	w.pending = append(w.pending, s...)
	return len(s), nil
}

// WriteByte appends b to the pending row(s).
func (w *rowWriter) WriteByte(b byte) error {
	w.pending = append(w.pending, b)
	return nil
}

// Flush writes the pending rows, which callers end with a newline. On a
// failed or short write the file is truncated back to its last whole row
// and the rows stay pending.
func (w *rowWriter) Flush() error {
	if len(w.pending) == 0 {
		return nil
	}
	n, err := w.f.Write(w.pending)
	if err != nil || n != len(w.pending) {
		if terr := w.f.Truncate(w.good); terr == nil {
			if _, serr := w.f.Seek(w.good, 0); serr != nil && err == nil {
				err = serr
			}
		}
		if err == nil {
			err = fmt.Errorf("short write")
		}
		return fmt.Errorf("writing %s: %w (the file keeps its rows up to the last whole one)", w.f.Name(), err)
	}
	w.good += int64(n)
	w.pending = w.pending[:0]
	return nil
}

// syncDir flushes dir's entries to disk (its renames and new names), as
// far as the file system allows; errors are ignored, the data being
// synced already.
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	d.Sync()
	d.Close()
}
