//go:build !amd64 || purego

package ad

// haveVecTanh is false: tanh goes through math.Tanh.
const haveVecTanh = false

// kern computes a 4×8 tile of C from packed panels of A and B; see
// kern4x8Go.
func kern(k int, a, b, c []float64, ldc, acc int) { kern4x8Go(k, a, b, c, ldc, acc) }

func tanhAVX2(d, x *float64, n int) {
	panic("ad: no vector tanh on this platform")
}

// haveDirectA is false: A is always packed.
const haveDirectA = false

func kernDirect(k int, a []float64, rs, ks int, b, c []float64, ldc, acc int) {
	panic("ad: no in-place A kernel on this platform")
}
