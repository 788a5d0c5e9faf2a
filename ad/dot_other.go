//go:build !amd64 || purego

package ad

// dotRows8 reports false: no vector kernel here (dotSlice2 does the work).
func dotRows8[T float](out, a, b []T, ldb int) bool { return false }
