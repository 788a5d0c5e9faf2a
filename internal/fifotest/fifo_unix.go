//go:build unix

package fifotest

import "syscall"

// Mkfifo makes a named pipe at path, readable and writable by its owner
// and readable by others (mode 0644).
func Mkfifo(path string) error { return syscall.Mkfifo(path, 0o644) }
