package experiment

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

// ReportLockFile is the file in an output directory that a process
// writing the directory's report (report.md, results.json, the figures
// and data files: a reproduction's, when its runs end or from the runs on
// disk with --report-only) holds locked (flock) from before it reads the
// runs until its last file is written: LockReport's lock. It is removed
// when the lock is released; one left by a killed process is not locked
// (the kernel drops a dead process's locks) and the next writer takes it.
// It is not DirClaim's LockFile, which a reproduction holds for as long
// as its runs go on: a report from disk waits for a report being written,
// never for the runs.
const ReportLockFile = ".stackel-report.lock"

// reportMu holds a mutex for each directory (its absolute path) whose
// report a goroutine of this process writes or waits to write: the lock
// within this process, where flock is missing (see LockReport).
var (
	reportMuMu sync.Mutex
	reportMu   = map[string]*sync.Mutex{}
)

// reportMutex returns the mutex of dir's report in this process.
func reportMutex(dir string) *sync.Mutex {
	key, err := filepath.Abs(dir)
	if err != nil {
		key = filepath.Clean(dir)
	}
	reportMuMu.Lock()
	defer reportMuMu.Unlock()
	mu, ok := reportMu[key]
	if !ok {
		mu = new(sync.Mutex)
		reportMu[key] = mu
	}
	return mu
}

// LockReport takes the report lock of the existing directory dir ("" is
// the current directory), waiting while another writer holds it (another
// stackel process through the flock of dir/ReportLockFile, another
// goroutine of this one through a mutex of the directory): a writer of the
// report takes it before it reads the runs the report is made of and
// holds it until the report's last file is written, so that two reports
// written at once (a reproduction's final report and a --report-only, or
// two --report-only) never mix their files, and the report written last
// was read last: an older report never replaces a newer one. waiting,
// when not nil, is called once before LockReport waits (not at all when
// the lock is free), e.g. to say so. Report writing is short, so the
// wait is not bounded. release ends the lock: it removes ReportLockFile
// (best effort: one it cannot remove is left, and taken again by the
// next writer) and unlocks. On file systems without flock, and on systems
// without flock (Windows), only writers within this process are kept
// apart, as with ClaimRunDir. For a directory that does not exist the
// error wraps fs.ErrNotExist.
func LockReport(dir string, waiting func()) (release func(), err error) {
	if dir == "" {
		dir = "."
	}
	if _, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("locking the report of %s: %w", dir, err)
	}
	told := false
	wait := func() {
		if !told && waiting != nil {
			told = true
			waiting()
		}
	}
	mu := reportMutex(dir)
	if !mu.TryLock() {
		wait()
		mu.Lock()
	}
	f, err := lockReportFile(dir, wait)
	if err != nil {
		mu.Unlock()
		return nil, err
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			defer mu.Unlock()
			unlockReportFile(f)
		})
	}, nil
}

// lockReportFile opens dir/ReportLockFile, creating it if needed, and
// locks it, calling wait before it waits for another holder.
func lockReportFile(dir string, wait func()) (*os.File, error) {
	path := filepath.Join(dir, ReportLockFile)
	for range 1000 {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, fmt.Errorf("locking the report of %s: %w", dir, err)
		}
		err = lockFile(f)
		if errors.Is(err, errLocked) {
			wait()
			err = lockFileWait(f)
		}
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("locking the report of %s: locking %s: %w", dir, path, err)
		}
		// The holder we waited for removed the file we opened on its
		// release: a lock on it keeps out nobody who opens the path now.
		// Then take the lock of the file the path names.
		held, err := f.Stat()
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("locking the report of %s: %w", dir, err)
		}
		now, err := os.Stat(path)
		if err == nil && os.SameFile(held, now) {
			return f, nil
		}
		f.Close()
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("locking the report of %s: %w", dir, err)
		}
	}
	return nil, fmt.Errorf("locking the report of %s: %s keeps being replaced by other processes", dir, path)
}

// unlockReportFile removes f, the locked ReportLockFile, if the path
// still names it (while still holding its lock where flock allows, so
// that no other writer takes the file being removed), and closes it.
func unlockReportFile(f *os.File) {
	path := f.Name()
	held, err1 := f.Stat()
	now, err2 := os.Stat(path)
	ours := err1 == nil && err2 == nil && os.SameFile(held, now)
	if removeWhileLocked {
		if ours {
			os.Remove(path)
		}
		f.Close()
		return
	}
	f.Close()
	if ours {
		os.Remove(path)
	}
}
