//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package experiment

import (
	"errors"
	"os"
	"syscall"
)

// lockFileWait takes an exclusive flock of f, waiting while another open
// file (another process, or another open of this one) holds it; as
// lockFile, it does nothing on a file system without flock.
func lockFileWait(f *os.File) error {
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX)
		switch {
		case err == nil:
			return nil
		case errors.Is(err, syscall.EINTR):
			continue
		case errors.Is(err, syscall.ENOSYS), errors.Is(err, syscall.EOPNOTSUPP):
			return nil
		default:
			return err
		}
	}
}
