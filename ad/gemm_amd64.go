//go:build amd64 && !purego

package ad

import (
	"unsafe"

	"golang.org/x/sys/cpu"
)

// haveAVX2 reports that the assembly kernels (gemm_amd64.s, tanh_amd64.s)
// can run here.
var haveAVX2 = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// haveVecTanh reports that tanhAVX2 can run here.
var haveVecTanh = haveAVX2

// kern computes a 4×nr tile of C from packed panels of A and B (see kernGo
// for the contract), in assembly where the CPU allows.
func kern[T float](k int, a, b, c []T, ldc, acc int) {
	if haveAVX2 {
		// A packed panel is A in place with row stride 1 and step stride 4.
		kernDirect(k, a, 1, 4, b, c, ldc, acc)
		return
	}
	kernGo(k, a, b, c, ldc, acc)
}

// haveDirectA reports that kernDirect can run: products may read A in place.
var haveDirectA = haveAVX2

// kernDirect computes a 4×nr tile of C like kern, reading A in place: row r
// of step p is a[r·rs + p·ks]. Callers check haveDirectA.
func kernDirect[T float](k int, a []T, rs, ks int, b, c []T, ldc, acc int) {
	nr := nrOf[T]()
	_, _, _ = a[3*rs+(k-1)*ks], b[nr*k-1], c[3*ldc+nr-1]
	if is32[T]() {
		kern4x16s(k, (*float32)(unsafe.Pointer(&a[0])), rs*4, ks*4, (*float32)(unsafe.Pointer(&b[0])), (*float32)(unsafe.Pointer(&c[0])), ldc, acc)
		return
	}
	kern4x8s(k, (*float64)(unsafe.Pointer(&a[0])), rs*8, ks*8, (*float64)(unsafe.Pointer(&b[0])), (*float64)(unsafe.Pointer(&c[0])), ldc, acc)
}

// kern4x8s is kern and kernDirect in AVX2 and FMA for float64; see
// gemm_amd64.s.
//
//go:noescape
func kern4x8s(k int, a *float64, rs, ks int, b, c *float64, ldc int, acc int)

// kern4x16s is kern and kernDirect in AVX2 and FMA for float32: the 4×16
// tile in 8 registers of 8 floats; see gemm_amd64.s.
//
//go:noescape
func kern4x16s(k int, a *float32, rs, ks int, b, c *float32, ldc int, acc int)

// tanhAVX2 computes d[i] = tanh(x[i]) for i < n, n a multiple of 4; see
// tanh_amd64.s.
//
//go:noescape
func tanhAVX2(d, x *float64, n int)

// tanhF32AVX2 computes d[i] = tanh(x[i]) for i < n, n a multiple of 8, in
// float32 arithmetic (eight at a time); see tanh_amd64.s.
//
//go:noescape
func tanhF32AVX2(d, x *float32, n int)

// have6 reports that kernDirect6 can run.
var have6 = haveAVX2

// kernDirect6 is kernDirect for a 6×nr tile: 6×16 for float32
// (kern6x16s), 6×8 for float64 (kern6x8d). Callers check have6.
func kernDirect6[T float](k int, a []T, rs, ks int, b, c []T, ldc, acc int) {
	nr := nrOf[T]()
	_, _, _ = a[5*rs+(k-1)*ks], b[nr*k-1], c[5*ldc+nr-1]
	if is32[T]() {
		kern6x16s(k, (*float32)(unsafe.Pointer(&a[0])), rs*4, ks*4, (*float32)(unsafe.Pointer(&b[0])), (*float32)(unsafe.Pointer(&c[0])), ldc, acc)
		return
	}
	kern6x8d(k, (*float64)(unsafe.Pointer(&a[0])), rs*8, ks*8, (*float64)(unsafe.Pointer(&b[0])), (*float64)(unsafe.Pointer(&c[0])), ldc, acc)
}

// kern6x8d is kern4x8s with a 6×8 tile (12 registers of 4 doubles); see
// gemm_amd64.s.
//
//go:noescape
func kern6x8d(k int, a *float64, rs, ks int, b, c *float64, ldc int, acc int)

// kern6x16s is kern4x16s with a 6×16 tile (12 registers of 8 floats); see
// gemm_amd64.s.
//
//go:noescape
func kern6x16s(k int, a *float32, rs, ks int, b, c *float32, ldc int, acc int)

// haveWide reports that kernDirect6x32 and kernDirectPair can run: the
// CPU (and the OS, which must save the 512-bit registers) has AVX-512F,
// the only AVX-512 subset they use (their registers are zeroed with
// VPXORD: VXORPS on 512-bit registers would need AVX-512DQ).
// GODEBUG=cpu.avx512f=off clears it.
var haveWide = have6 && cpu.X86.HasAVX512F

// kernDirect6Pair is kernDirect6 for a 6×2nr tile: the two packed
// nr-column panels of B that start at b[0] and b[nr·k] (adjacent panels of
// packB), the same bits as two calls of kernDirect6. Callers check
// haveWide.
func kernDirect6Pair[T float](k int, a []T, rs, ks int, b, c []T, ldc, acc int) {
	nr := nrOf[T]()
	_, _, _ = a[5*rs+(k-1)*ks], b[2*nr*k-1], c[5*ldc+2*nr-1]
	if is32[T]() {
		kern6x32z(k, (*float32)(unsafe.Pointer(&a[0])), rs*4, ks*4, (*float32)(unsafe.Pointer(&b[0])), (*float32)(unsafe.Pointer(&c[0])), ldc, acc)
		return
	}
	kern6x16dz(k, (*float64)(unsafe.Pointer(&a[0])), rs*8, ks*8, (*float64)(unsafe.Pointer(&b[0])), (*float64)(unsafe.Pointer(&c[0])), ldc, acc)
}

// kernDirectPair is kernDirect for a 4×2nr tile: the two packed
// nr-column panels of B that start at b[0] and b[nr·k] (adjacent panels of
// packB), the same bits as two calls of kernDirect. Callers check
// haveWide.
func kernDirectPair[T float](k int, a []T, rs, ks int, b, c []T, ldc, acc int) {
	nr := nrOf[T]()
	_, _, _ = a[3*rs+(k-1)*ks], b[2*nr*k-1], c[3*ldc+2*nr-1]
	if is32[T]() {
		kern4x32z(k, (*float32)(unsafe.Pointer(&a[0])), rs*4, ks*4, (*float32)(unsafe.Pointer(&b[0])), (*float32)(unsafe.Pointer(&c[0])), ldc, acc)
		return
	}
	kern4x16dz(k, (*float64)(unsafe.Pointer(&a[0])), rs*8, ks*8, (*float64)(unsafe.Pointer(&b[0])), (*float64)(unsafe.Pointer(&c[0])), ldc, acc)
}

// kern4x16dz is kern4x8s on two panels at once in AVX-512 (8 registers of
// 8 doubles); see gemm_amd64.s.
//
//go:noescape
func kern4x16dz(k int, a *float64, rs, ks int, b, c *float64, ldc int, acc int)

// kern4x32z is kern4x16s on two panels at once in AVX-512 (8 registers of
// 16 floats); see gemm_amd64.s.
//
//go:noescape
func kern4x32z(k int, a *float32, rs, ks int, b, c *float32, ldc int, acc int)

// kern6x32z is kern6x16s on two panels at once in AVX-512 (12 registers
// of 16 floats); see gemm_amd64.s.
//
//go:noescape
func kern6x32z(k int, a *float32, rs, ks int, b, c *float32, ldc int, acc int)

// kern6x16dz is kern6x8d on two panels at once in AVX-512 (12 registers
// of 8 doubles); see gemm_amd64.s.
//
//go:noescape
func kern6x16dz(k int, a *float64, rs, ks int, b, c *float64, ldc int, acc int)

// transpose8s transposes blocks 8×8 float32 blocks (see gemm_amd64.s);
// strides in bytes.
//
//go:noescape
func transpose8s(dst *float32, ds int, src *float32, ss int, blocks int)

// haveTranspose reports that packB can transpose panels with transpose8s
// (float32) and transpose4d (float64).
var haveTranspose = haveAVX2

// transpose4d transposes blocks 4×4 float64 blocks (see gemm_amd64.s);
// strides in bytes.
//
//go:noescape
func transpose4d(dst *float64, ds int, src *float64, ss int, blocks int)

// packBT packs the transposed panel rows: for the w source rows of b
// starting at src (row stride ldb), panel[p·nr + jj] = src[jj·ldb + p] for
// p < kcq, in square blocks of tq = transposeBlock[T]() rows and steps
// (8×8 float32 in transpose8s, 4×4 float64 in transpose4d); w and kcq are
// multiples of tq.
func packBT[T float](panel, src []T, ldb, w, kcq int) {
	nr, tq := nrOf[T](), transposeBlock[T]()
	_, _ = panel[(kcq-1)*nr+w-1], src[(w-1)*ldb+kcq-1]
	for g := 0; g < w; g += tq {
		if is32[T]() {
			transpose8s((*float32)(unsafe.Pointer(&panel[g])), nr*4, (*float32)(unsafe.Pointer(&src[g*ldb])), ldb*4, kcq/tq)
		} else {
			transpose4d((*float64)(unsafe.Pointer(&panel[g])), nr*8, (*float64)(unsafe.Pointer(&src[g*ldb])), ldb*8, kcq/tq)
		}
	}
}

// packB16s packs float32 16-column panels of a row-major B (see
// gemm_amd64.s); strides in bytes.
//
//go:noescape
func packB16s(dst, src *float32, ldb, kc, panels, pstride int)

// packBRows packs the full 16-column float32 panels of op(B) = B rows
// [pc, pc+kc), columns [jc, jc+16·panels) into dst (panel j at j·kc·16),
// and reports whether it did (AVX2 only).
func packBRows[T float](dst, b []T, ldb, pc, kc, jc, panels int) bool {
	if !haveAVX2 || !is32[T]() || panels == 0 || kc == 0 {
		return false
	}
	_, _ = dst[(panels-1)*kc*16+kc*16-1], b[(pc+kc-1)*ldb+jc+16*panels-1]
	packB16s((*float32)(unsafe.Pointer(&dst[0])), (*float32)(unsafe.Pointer(&b[pc*ldb+jc])), ldb*4, kc, panels, kc*64)
	return true
}

// kernelRoute names the micro-kernels products use on this CPU (Kernels).
func kernelRoute() string {
	switch {
	case haveWide:
		return "avx512"
	case haveAVX2:
		return "avx2"
	}
	return "go"
}
