//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package experiment

import (
	"errors"
	"os"
	"syscall"
)

// errLocked is lockFile's error for a file another open file holds
// locked.
var errLocked = errors.New("locked")

// removeWhileLocked: a claim's LockFile is removed before its lock is
// dropped (see DirClaim.Release).
const removeWhileLocked = true

// lockFile takes an exclusive flock of f without waiting: errLocked if
// another open file (another process, or another claim in this one) holds
// it. The lock lasts until f is closed or the process ends, however it
// ends. On a file system without flock it does nothing (see ClaimRunDir).
func lockFile(f *os.File) error {
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		switch {
		case err == nil:
			return nil
		case errors.Is(err, syscall.EINTR):
			continue
		case errors.Is(err, syscall.EWOULDBLOCK), errors.Is(err, syscall.EAGAIN):
			return errLocked
		case errors.Is(err, syscall.ENOSYS), errors.Is(err, syscall.EOPNOTSUPP):
			return nil
		default:
			return err
		}
	}
}
