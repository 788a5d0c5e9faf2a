package experiment

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/stackel/stackel/tblog"
)

// attemptFile is sweep.AttemptFile (who ran a job's last attempt), which
// this package cannot import.
const attemptFile = "attempt.json"

// runFiles are the files and directories a run writes into its output
// directory (with the temporary files of their atomic writes): a plain
// run's, and the records a job adds (job.json, and attempt.json from a
// sweep's worker), which name the run as that job's. Deleting a run's
// outputs but not its job record would leave a record that vouches for
// whatever runs there next (a reproduction would reuse it as its job).
// The NAME.tmp entries are the temporary files of stackel before they
// were given unique names; PrepareRunDir also finds today's
// (isAtomicTemp).
var runFiles = []string{ConfigFile, MetricsFile, SummaryFile, CheckpointFile, TensorBoardDir, JobFile, attemptFile,
	ConfigFile + ".tmp", MetricsFile + ".tmp", SummaryFile + ".tmp", CheckpointFile + ".tmp", JobFile + ".tmp", attemptFile + ".tmp"}

// runFileNames are the files of runFiles that writeFileAtomic writes, whose
// temporary files are a run's too.
var runFileNames = []string{ConfigFile, MetricsFile, SummaryFile, CheckpointFile, JobFile, attemptFile}

// ErrOccupied is returned by PrepareRunDir for a directory that holds
// another run.
var ErrOccupied = errors.New("the output directory holds another run")

// ErrDirInUse is returned by ClaimRunDir and PrepareRunDir (and so by
// RunJob) for a directory that another run claims: another stackel
// process, or another run of this one, is running in it.
var ErrDirInUse = errors.New("the output directory is in use")

// LockFile is the file in a run directory that the process running there
// holds locked (flock) while it runs: ClaimRunDir's claim. It is removed
// when the claim is released; one left by a killed process is not locked
// (the kernel drops a dead process's locks) and the next claim takes it.
const LockFile = ".stackel.lock"

// DirClaim is a claim on a run directory (ClaimRunDir), held from before
// the run looks at what the directory holds until its last write. While it
// is held, every other claim of the directory fails with ErrDirInUse: in
// another process through the lock on LockFile, in this one through a
// table of the directories claimed. Release ends it; so does the end of
// the process, however it ends.
type DirClaim struct {
	dir  string
	id   os.FileInfo // the directory, to recognise it under another name
	f    *os.File    // LockFile, locked
	once sync.Once
	err  error
}

var (
	// claimsMu guards claims, the directories this process claims; it is
	// held across a claim's locking and a release's unlocking, so that a
	// claim in this process never sees the lock of a released one.
	claimsMu sync.Mutex
	claims   []*DirClaim
)

// ClaimRunDir claims the existing directory dir for one run (a resumed
// run, a job; PrepareRunDir claims a fresh run's), so that the outputs of
// different runs never mix: it fails at once, before anything in dir is
// written or deleted, with an error wrapping ErrDirInUse and naming dir if
// another stackel process or another run of this process holds a claim on
// it. The claim is the lock of dir/LockFile (flock), which the kernel
// releases when the process ends, so a killed run leaves no claim behind:
// a rerun or resume after it runs. Once claimed, the temporary files that
// killed writes of the run's files left there (their names followed by a
// temporary suffix) are deleted:
// no writer of them is left. For a directory that does not exist the
// error wraps fs.ErrNotExist. On file systems without flock (a Lustre
// mounted without it, say), and on systems without flock, only claims
// within this process are seen: two processes there are not kept apart.
// The caller holds the claim for as long as the run writes, then calls
// Release.
func ClaimRunDir(dir string) (*DirClaim, error) {
	c, err := claimRunDir(dir)
	if err != nil {
		return nil, err
	}
	if ents, err := os.ReadDir(dir); err == nil {
		for _, e := range ents {
			if isAtomicTemp(e.Name(), runFileNames) {
				os.Remove(filepath.Join(dir, e.Name())) // best effort: it is garbage
			}
		}
	}
	return c, nil
}

// claimRunDir is ClaimRunDir without the removal of temporary files.
func claimRunDir(dir string) (*DirClaim, error) {
	claimsMu.Lock()
	defer claimsMu.Unlock()
	id, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("claiming the output directory %s: %w", dir, err)
	}
	if !id.IsDir() {
		return nil, fmt.Errorf("claiming the output directory %s: not a directory", dir)
	}
	for _, c := range claims {
		if os.SameFile(c.id, id) {
			return nil, fmt.Errorf("%w: another run of this stackel process is running in %s; wait for it to end, or choose another output directory", ErrDirInUse, dir)
		}
	}
	f, err := lockRunDir(dir)
	if err != nil {
		return nil, err
	}
	c := &DirClaim{dir: dir, id: id, f: f}
	claims = append(claims, c)
	return c, nil
}

// lockRunDir opens dir/LockFile, creating it if needed, and locks it.
func lockRunDir(dir string) (*os.File, error) {
	path := filepath.Join(dir, LockFile)
	for range 100 {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, fmt.Errorf("claiming the output directory %s: %w", dir, err)
		}
		if err := lockFile(f); err != nil {
			f.Close()
			if errors.Is(err, errLocked) {
				return nil, fmt.Errorf("%w: another stackel process is running in %s (it holds %s locked); wait for it to end, or choose another output directory", ErrDirInUse, dir, path)
			}
			return nil, fmt.Errorf("claiming the output directory %s: locking %s: %w", dir, path, err)
		}
		// A claim released between our open and our lock removed the
		// file we opened: a lock on it keeps out nobody who opens the
		// path now. Then take the lock of the file the path names.
		held, err := f.Stat()
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("claiming the output directory %s: %w", dir, err)
		}
		now, err := os.Stat(path)
		if err == nil && os.SameFile(held, now) {
			return f, nil
		}
		f.Close()
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("claiming the output directory %s: %w", dir, err)
		}
	}
	return nil, fmt.Errorf("%w: %s keeps being replaced by other processes; is another stackel process running in %s?", ErrDirInUse, path, dir)
}

// Release ends the claim: it removes LockFile (while still holding its
// lock, so that no other claim takes the file being removed) and closes
// it. Releasing twice, or a nil claim, does nothing more.
func (c *DirClaim) Release() error {
	if c == nil {
		return nil
	}
	c.once.Do(func() {
		claimsMu.Lock()
		defer claimsMu.Unlock()
		claims = slices.DeleteFunc(claims, func(x *DirClaim) bool { return x == c })
		path := filepath.Join(c.dir, LockFile)
		remove := func() error {
			held, err1 := c.f.Stat()
			now, err2 := os.Stat(path)
			if err1 != nil || err2 != nil || !os.SameFile(held, now) {
				return nil // not ours any more (removed by hand)
			}
			if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
			return nil
		}
		var rerr, cerr error
		if removeWhileLocked {
			rerr = remove()
			cerr = c.f.Close()
		} else {
			cerr = c.f.Close()
			if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
				rerr = err
			}
		}
		if err := errors.Join(rerr, cerr); err != nil {
			c.err = fmt.Errorf("releasing the output directory %s: %w", c.dir, err)
		}
	})
	return c.err
}

// PrepareRunDir claims dir (ClaimRunDir, creating dir if missing) and makes
// it ready for a fresh run, enforcing the rule that outputs of different
// runs never mix: a run-free directory is used as is; a directory holding
// a run's files (config.yaml, metrics.csv, summary.json, checkpoint.gob,
// tb/, a job's job.json and attempt.json, and the temporary files of
// their writes) is refused with ErrOccupied, unless force is set, in which
// case exactly those files are deleted first (other files are left
// alone). A directory another process (or another run of this one) is
// running in is refused with ErrDirInUse before anything in it is read or
// deleted, with force too. The caller runs into dir while holding the
// returned claim and releases it when the run has ended. Resuming
// (stackel run --resume DIR) does not go through here; it claims the
// directory with ClaimRunDir.
func PrepareRunDir(dir string, force bool) (*DirClaim, error) {
	if fi, err := os.Stat(dir); err == nil && !fi.IsDir() {
		// MkdirAll said only "mkdir DIR: not a directory".
		return nil, fmt.Errorf("output directory %s is a file, not a directory: give a directory (it is created if missing)", dir)
	}
	if err := makeOutDir(dir); err != nil {
		return nil, err
	}
	claim, err := claimRunDir(dir) // clearRunDir deals with temporary files
	if err != nil {
		return nil, err
	}
	if err := clearRunDir(dir, force); err != nil {
		claim.Release()
		return nil, err
	}
	return claim, nil
}

// makeOutDir creates the output directory dir if it is missing, as
// os.MkdirAll does. A dir that is a symbolic link to a missing target (a
// link to a disk not mounted, say) is an error saying so: MkdirAll said
// "mkdir DIR: file exists", of a directory that is not there. So is a
// parent of dir that is such a link.
func makeOutDir(dir string) error {
	err := os.MkdirAll(dir, 0o755)
	if err == nil || !errors.Is(err, fs.ErrExist) {
		return err
	}
	// The path MkdirAll failed on: dir, or one of its parents.
	at := dir
	var pe *fs.PathError
	if errors.As(err, &pe) {
		at = pe.Path
	}
	if fi, lerr := os.Lstat(at); lerr == nil && fi.Mode()&fs.ModeSymlink != 0 {
		if _, serr := os.Stat(at); errors.Is(serr, fs.ErrNotExist) {
			target, _ := os.Readlink(at)
			what := "output directory " + dir
			if at != dir {
				what = fmt.Sprintf("%s, a parent of the output directory %s,", at, dir)
			}
			return fmt.Errorf("%s is a symbolic link to %s, which does not exist: create the link's target or give another directory", what, target)
		}
	}
	return err
}

// clearRunDir is PrepareRunDir's check of a claimed dir: it refuses one
// holding a run's files, or, with force, deletes them.
func clearRunDir(dir string, force bool) error {
	var found []string
	for _, name := range runFiles {
		if held, err := holdsRunFile(dir, name); err != nil {
			return err
		} else if held {
			found = append(found, name)
		}
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range ents {
		if isAtomicTemp(e.Name(), runFileNames) && !slices.Contains(found, e.Name()) {
			found = append(found, e.Name())
		}
	}
	if len(found) == 0 {
		return nil
	}
	if !force {
		return fmt.Errorf("%w: %s has %s; %s, delete it with --force, or choose another --out",
			ErrOccupied, dir, strings.Join(found, ", "), continueHint(dir))
	}
	for _, name := range found {
		if err := removeRunFile(dir, name); err != nil {
			return fmt.Errorf("--force: clearing %s: %w", dir, err)
		}
	}
	return nil
}

// holdsRunFile reports whether dir holds name, one of runFiles, as a run
// writes it: of a tb/ directory only the event files a run writes count
// (tblog.Files), so that one holding the user's files alone, which
// removeRunFile keeps, is no run's.
func holdsRunFile(dir, name string) (bool, error) {
	p := filepath.Join(dir, name)
	fi, err := os.Lstat(p)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return false, nil
	case err != nil:
		return false, err
	case name != TensorBoardDir || !fi.IsDir():
		return true, nil
	}
	events, err := tblog.Files(p)
	return len(events) > 0, err
}

// removeRunFile deletes dir/name, one of runFiles, if it is there. Of a
// tb/ directory it deletes only the event files a run writes
// (tblog.RemoveAll), and tb/ itself once they leave it empty: files the
// user keeps there are not the run's.
func removeRunFile(dir, name string) error {
	p := filepath.Join(dir, name)
	if name != TensorBoardDir {
		return os.RemoveAll(p)
	}
	if fi, err := os.Lstat(p); err != nil || !fi.IsDir() {
		return os.RemoveAll(p) // missing, or not a directory (a link)
	}
	if err := tblog.RemoveAll(p); err != nil {
		return err
	}
	if ents, err := os.ReadDir(p); err != nil || len(ents) > 0 {
		return err
	}
	return os.Remove(p)
}

// continueHint says how the run recorded in dir can be continued, for
// PrepareRunDir's refusal: with `stackel run --resume DIR` (DIR quoted as
// a shell needs it) if its config.yaml describes a kind of run that
// resumes from checkpoints (RL), and otherwise that it cannot be: a
// smooth, Hi-C or Markov run keeps no checkpoint (resuming it is
// refused), and a directory without a readable config.yaml has no run
// that --resume would find.
func continueHint(dir string) string {
	cfg, err := LoadConfig(filepath.Join(dir, ConfigFile))
	if err != nil {
		return "it records no run that --resume can continue (no readable " + ConfigFile + ")"
	}
	kind, err := KindOf(cfg)
	if err != nil {
		return "it records no run that --resume can continue (" + ConfigFile + ": " + err.Error() + ")"
	}
	if !kind.Resumable {
		return "it is a " + kind.Name + " run, which keeps no checkpoint and cannot be continued with --resume (only RL runs can)"
	}
	return "continue it with stackel run --resume " + shellQuote(dir)
}

// shellQuote returns s as a POSIX shell word that stands for s exactly:
// s itself if it holds only characters no shell treats specially
// (letters, digits and -_./:,+=@%), otherwise s in single quotes, each
// single quote in it written as quote, backslash, quote, quote. Error
// messages use it for the paths in the commands they suggest, so that a
// command can be copied and pasted.
func shellQuote(s string) string {
	if s == "" {
		return "''"
	}
	safe := true
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:,+=@%", r)) {
			safe = false
			break
		}
	}
	if safe {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
