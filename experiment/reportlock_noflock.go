//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package experiment

import "os"

// lockFileWait does nothing on systems without flock: there LockReport
// keeps apart only the writers of one process (its mutex), not two
// processes.
func lockFileWait(f *os.File) error { return nil }
