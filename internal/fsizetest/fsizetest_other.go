//go:build !linux

package fsizetest

import "testing"

// InChild skips the calling test: the file-size limit these tests lower
// is set (and SIGXFSZ known to be ignored by the Go runtime) on Linux
// only, where CI runs them.
func InChild(t *testing.T) bool {
	t.Helper()
	t.Skip("fsizetest: file-size limit tests run on linux only")
	return true
}

// LimitFileSize fails t: there is no child process of InChild here.
func LimitFileSize(t *testing.T, n uint64) (restore func()) {
	t.Helper()
	t.Fatal("fsizetest.LimitFileSize outside a child process (InChild)")
	return func() {}
}
