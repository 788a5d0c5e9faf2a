//go:build !unix

package fifotest

import "errors"

// Mkfifo returns errors.ErrUnsupported: there are no named pipes in the
// file system here (Windows keeps its own outside it).
func Mkfifo(path string) error { return errors.ErrUnsupported }
