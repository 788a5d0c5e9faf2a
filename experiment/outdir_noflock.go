//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package experiment

import (
	"errors"
	"os"
)

// errLocked is lockFile's error for a file another process holds locked;
// lockFile here never returns it.
var errLocked = errors.New("locked")

// removeWhileLocked is false: an open file may not be removable here, so
// DirClaim.Release closes LockFile before removing it.
const removeWhileLocked = false

// lockFile does nothing on systems without flock: there ClaimRunDir keeps
// apart only the runs of one process, not two processes.
func lockFile(f *os.File) error { return nil }
