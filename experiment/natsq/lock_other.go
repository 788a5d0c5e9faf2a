//go:build !unix

package natsq

import "io"

// lockStore does nothing on systems without flock: two servers started on
// one store are not detected there.
func lockStore(dir string) (io.Closer, error) { return nopCloser{}, nil }

type nopCloser struct{}

func (nopCloser) Close() error { return nil }

// lockDirWait does nothing on systems without flock.
func lockDirWait(dir string) (io.Closer, error) { return nopCloser{}, nil }
