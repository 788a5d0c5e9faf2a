//go:build !unix

package plot

// processAlive reports every process as alive where it cannot be probed:
// temporary files of killed writers are then left in place.
func processAlive(pid int) bool { return true }
