// Package tmpfstest mounts the small tmpfs file systems of the tests that
// fill a disk under a run, a sweep or a NATS store (Linux, as root). It
// implements no paper equation.
package tmpfstest
