//go:build !amd64 || purego

package ad

// epilogueVec32 does nothing without the vector kernels: the epilogue
// stays in Go.
func epilogueVec32(out, acc, row, x []float32, cols, r0, r1, c0, c1 int) int { return c0 }
