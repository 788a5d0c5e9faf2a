//go:build windows

package experiment

import (
	"errors"
	"syscall"
)

// errSharingViolation is Windows' ERROR_SHARING_VIOLATION.
const errSharingViolation = syscall.Errno(32)

// renameBusy reports whether a rename failed because another process
// holds the file it would replace open (Windows opens files without
// FILE_SHARE_DELETE, which a rename over them needs).
func renameBusy(err error) bool {
	return errors.Is(err, syscall.ERROR_ACCESS_DENIED) || errors.Is(err, errSharingViolation)
}
