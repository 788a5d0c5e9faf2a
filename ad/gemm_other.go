//go:build !amd64 || purego

package ad

// haveVecTanh is false: tanh goes through math.Tanh.
const haveVecTanh = false

// kern computes a 4×nr tile of C from packed panels of A and B; see
// kernGo.
func kern[T float](k int, a, b, c []T, ldc, acc int) { kernGo(k, a, b, c, ldc, acc) }

func tanhAVX2(d, x *float64, n int) {
	panic("ad: no vector tanh on this platform")
}

func tanhF32AVX2(d, x *float32, n int) {
	panic("ad: no vector tanh on this platform")
}

// haveDirectA is false: A is always packed.
const haveDirectA = false

func kernDirect[T float](k int, a []T, rs, ks int, b, c []T, ldc, acc int) {
	panic("ad: no in-place A kernel on this platform")
}

// have6 is false: no 6-row kernel.
const have6 = false

func kernDirect6[T float](k int, a []T, rs, ks int, b, c []T, ldc, acc int) {
	panic("ad: no 6-row kernel on this platform")
}

// haveWide is false: no AVX-512 kernels.
const haveWide = false

func kernDirect6Pair[T float](k int, a []T, rs, ks int, b, c []T, ldc, acc int) {
	panic("ad: no 6-row two-panel kernel on this platform")
}

func kernDirectPair[T float](k int, a []T, rs, ks int, b, c []T, ldc, acc int) {
	panic("ad: no two-panel kernel on this platform")
}

// haveTranspose is false: packB transposes in Go.
const haveTranspose = false

func packBT[T float](panel, src []T, ldb, w, kcq int) {
	panic("ad: no vector transpose on this platform")
}

// packBRows packs nothing here (packB's loop does it).
func packBRows[T float](dst, b []T, ldb, pc, kc, jc, panels int) bool { return false }

// kernelRoute names the micro-kernels products use (Kernels): pure Go.
func kernelRoute() string { return "go" }
