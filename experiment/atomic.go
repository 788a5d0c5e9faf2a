package experiment

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/stackel/stackel/internal/fault"
)

// writeFileAtomic writes data to path through a temporary file in the same
// directory, synced and renamed over path: a kill or a full disk leaves
// either the old file or the new one, never a cut one. faultPoint names
// the fault-injection point hit halfway through the write ("" for none).
func writeFileAtomic(path string, data []byte, faultPoint string) error {
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	fail := func(err error) error {
		f.Close()
		os.Remove(tmp)
		return fmt.Errorf("writing %s: %w (the previous %s, if any, is unchanged)", path, err, filepath.Base(path))
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
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return os.Rename(tmp, path)
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
