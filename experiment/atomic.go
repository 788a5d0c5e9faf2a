package experiment

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/stackel/stackel/internal/fault"
)

// writeFileAtomic writes data to path through a temporary file in the same
// directory, synced and renamed over path: a kill or a full disk leaves
// either the old file or the new one, never a cut one. faultPoint names
// the fault-injection point hit halfway through the write ("" for none).
// See writeAtomic.
func writeFileAtomic(path string, data []byte, faultPoint string) error {
	return writeAtomic(path, func(f *os.File) error {
		half := len(data) / 2
		if _, err := f.Write(data[:half]); err != nil {
			return err
		}
		if faultPoint != "" {
			fault.Point(faultPoint)
		}
		_, err := f.Write(data[half:])
		return err
	})
}

// writeAtomic writes path through a temporary file in the same directory,
// which write fills from its start (a checkpoint streamed into it, or
// writeFileAtomic's bytes), synced and renamed over path: a kill or a
// full disk leaves either the old file or the new one, never a cut one.
// An error of write is the file's ("writing PATH: ERR (the previous
// NAME, if any, is unchanged)"), but an ownError, which is returned as it
// is; either way the temporary file is removed.
//
// The temporary file has a name of its own (NAME.<pid>.<digits>.tmp: the
// writer's process id, then os.CreateTemp's random digits), so that writers of one file at once — goroutines of one
// process, or processes that share a directory — never write into each
// other's temporary file nor rename it away from under each other: the
// last rename wins and the file is always one writer's whole data. On an
// error the temporary file is removed; only a kill leaves one behind
// (isAtomicTemp names them, and PrepareRunDir counts and clears them with
// the run's files; WriteFile removes those of the file it writes whose
// writer is dead, removeDeadTemps).
func writeAtomic(path string, write func(f *os.File) error) error {
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+"."+strconv.Itoa(os.Getpid())+".*.tmp")
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
		var own ownError
		if errors.As(err, &own) {
			return own.err
		}
		return fmt.Errorf("writing %s: %w (the previous %s, if any, is unchanged)", path, err, filepath.Base(path))
	}
	// os.CreateTemp makes the file readable by its owner only; outputs
	// are readable by all, as os.Create made them under the usual umask.
	if err := f.Chmod(0o644); err != nil {
		return fail(err)
	}
	if err := write(f); err != nil {
		return fail(err)
	}
	if err := f.Sync(); err != nil {
		return fail(err)
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("writing %s: %w (the previous %s, if any, is unchanged)", path, err, filepath.Base(path))
	}
	if err := renameOver(tmp, path); err != nil {
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

// ownError is an error of a writeAtomic writer's own, not of its file
// (an agent that cannot be saved): writeAtomic returns it as it is,
// without the file's words, once the temporary file is removed.
type ownError struct{ err error }

func (e ownError) Error() string { return e.err.Error() }
func (e ownError) Unwrap() error { return e.err }

// isAtomicTemp reports that name is the temporary file of an atomic write
// of one of the files names: NAME.<pid>.<digits>.tmp (writeFileAtomic),
// NAME.<digits>.tmp (writeFileAtomic before its names held the writer's
// process id), or NAME.tmp, the one name stackel used before temporary
// names were made unique.
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
		if !ok {
			continue
		}
		pid, seq, two := strings.Cut(mid, ".")
		if allDigits(pid) && (!two || allDigits(seq)) {
			return true
		}
	}
	return false
}

// tempWriter returns the process id in name, the temporary file of an
// atomic write of the file base (NAME.<pid>.<digits>.tmp), and false for
// any other name: another file's temporary, a user's file, or one of the
// names without a process id (NAME.<digits>.tmp, NAME.tmp) that older
// stackel binaries wrote, whose writer cannot be told alive or dead.
func tempWriter(name, base string) (int, bool) {
	mid, ok := strings.CutPrefix(name, base+".")
	if !ok {
		return 0, false
	}
	mid, ok = strings.CutSuffix(mid, ".tmp")
	if !ok {
		return 0, false
	}
	pidText, seq, ok := strings.Cut(mid, ".")
	if !ok || !allDigits(pidText) || !allDigits(seq) {
		return 0, false
	}
	pid, err := strconv.Atoi(pidText)
	if err != nil || pid <= 0 {
		return 0, false
	}
	return pid, true
}

// removeDeadTemps removes from dir the temporary files of atomic writes of
// the file base (NAME.<pid>.<digits>.tmp) whose writer is known dead: a
// process killed in the middle of the write left them, and no rename of
// them will ever come. A temporary file of a live process (this one, or
// another stackel writing the same file) is its writer's and is left, as
// are files of every other name (a user's, another file's temporaries)
// and temporary files without a process id (older binaries'). Where it
// cannot be told that a process is dead (other systems than Unix-likes),
// nothing is removed. Best effort: errors are ignored.
func removeDeadTemps(dir, base string) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range ents {
		pid, ok := tempWriter(e.Name(), base)
		if !ok || pid == os.Getpid() || !processGone(pid) {
			continue
		}
		os.Remove(filepath.Join(dir, e.Name()))
	}
}

// processGone reports that no process with id pid exists: signal 0 to it
// says so (ESRCH, or a process the runtime knows finished). A process of
// another user (EPERM), or any other answer, counts as alive.
func processGone(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	defer p.Release()
	err = p.Signal(syscall.Signal(0))
	return errors.Is(err, os.ErrProcessDone) || errors.Is(err, syscall.ESRCH)
}

// allDigits reports that s is a non-empty run of ASCII digits.
func allDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
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
// failed or short write the file keeps the whole rows that reached it
// (a full disk takes the rows that fit, up to the one it cut) and is
// truncated after the last of them; the rows not written stay pending.
func (w *rowWriter) Flush() error {
	if len(w.pending) == 0 {
		return nil
	}
	n, err := w.f.Write(w.pending)
	if err != nil || n != len(w.pending) {
		// The whole rows among the n bytes written are kept: before,
		// the file was cut back to before the first pending row, and a
		// full disk lost up to 64 KiB of rows it had taken.
		if k := bytes.LastIndexByte(w.pending[:max(0, min(n, len(w.pending)))], '\n') + 1; k > 0 {
			w.good += int64(k)
			w.pending = w.pending[:copy(w.pending, w.pending[k:])]
		}
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
