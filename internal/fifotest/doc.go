// Package fifotest makes the named pipes (FIFOs) of the tests that check
// that stackel refuses them as input files without blocking on them. It
// implements no paper equation. Where a file system has no named pipes
// (Windows) Mkfifo returns errors.ErrUnsupported, and those tests skip.
package fifotest
