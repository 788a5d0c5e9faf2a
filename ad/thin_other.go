//go:build !amd64 || purego

package ad

// thin32 reports false: without the assembly kernels every product goes
// through gemm.
func thin32(ta bool, m, n, k int, a []float32, lda int, b, c []float32) bool { return false }

// thinKernels reports false: there are no vector kernels.
func thinKernels() bool { return false }
