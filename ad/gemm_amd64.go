//go:build amd64 && !purego

package ad

import "golang.org/x/sys/cpu"

// haveAVX2 reports that the assembly kernels (gemm_amd64.s, tanh_amd64.s)
// can run here.
var haveAVX2 = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// haveVecTanh reports that tanhAVX2 can run here.
var haveVecTanh = haveAVX2

// kern computes a 4×8 tile of C from packed panels of A and B (see
// kern4x8Go for the contract), in assembly where the CPU allows.
func kern(k int, a, b, c []float64, ldc, acc int) {
	if haveAVX2 {
		// A packed panel is A in place with row stride 1 and step stride 4.
		_, _, _ = a[4*k-1], b[8*k-1], c[3*ldc+7]
		kern4x8s(k, &a[0], 8, 32, &b[0], &c[0], ldc, acc)
		return
	}
	kern4x8Go(k, a, b, c, ldc, acc)
}

// haveDirectA reports that kernDirect can run: products may read A in place.
var haveDirectA = haveAVX2

// kernDirect computes a 4×8 tile of C like kern, reading A in place: row r
// of step p is a[r·rs + p·ks]. Callers check haveDirectA.
func kernDirect(k int, a []float64, rs, ks int, b, c []float64, ldc, acc int) {
	_, _, _ = a[3*rs+(k-1)*ks], b[8*k-1], c[3*ldc+7]
	kern4x8s(k, &a[0], rs*8, ks*8, &b[0], &c[0], ldc, acc)
}

// kern4x8s is kern and kernDirect in AVX2 and FMA; see gemm_amd64.s.
//
//go:noescape
func kern4x8s(k int, a *float64, rs, ks int, b, c *float64, ldc int, acc int)

// tanhAVX2 computes d[i] = tanh(x[i]) for i < n, n a multiple of 4; see
// tanh_amd64.s.
//
//go:noescape
func tanhAVX2(d, x *float64, n int)
