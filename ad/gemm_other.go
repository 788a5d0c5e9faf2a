//go:build !amd64 || purego

package ad

// haveKernel is false: matrix products go through gonum's blas64.
const haveKernel = false

func kern4x8(k int, a, b, c *float64, ldc int, acc int) {
	panic("ad: no matrix-multiply kernel on this platform")
}

func tanhAVX2(d, x *float64, n int) {
	panic("ad: no vector tanh on this platform")
}
