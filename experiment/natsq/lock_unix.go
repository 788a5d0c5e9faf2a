//go:build unix

package natsq

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"syscall"
)

// storeLockFile, in a server's store directory, is locked (flock) by the
// server that uses the store, for as long as it runs.
const storeLockFile = "stackel-server.lock"

// lockStore takes the lock of the JetStream store dir, or returns an error
// naming the directory if another server holds it. The lock is released
// when the returned file is closed, or when the process ends however it
// ends (a killed server leaves no stale lock).
func lockStore(dir string) (io.Closer, error) {
	path := filepath.Join(dir, storeLockFile)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("locking the JetStream store %s: %w", dir, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("the JetStream store %s is in use by another NATS server (a stackel sweep with the same --out, or a stackel server with the same --store, still running?); stop it, or use its server with --nats URL", dir)
		}
		return nil, fmt.Errorf("locking the JetStream store %s: %w", dir, err)
	}
	return f, nil
}

// lockDirWait takes an exclusive lock (flock) on directory dir, waiting
// while another process or goroutine holds it; closing the returned file
// releases it. The lock is on the directory itself: no file is left
// beside the ones it holds. Where flock is not supported (some network
// file systems) it returns a closer that does nothing: nothing is kept
// apart there.
func lockDirWait(dir string) (io.Closer, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX)
		if !errors.Is(err, syscall.EINTR) {
			break
		}
	}
	if err != nil {
		f.Close()
		return nopCloser{}, nil
	}
	return f, nil
}

type nopCloser struct{}

func (nopCloser) Close() error { return nil }
