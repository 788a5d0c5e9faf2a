//go:build amd64 && !purego

package ad

import "unsafe"

// thin32 computes the float32 products c = op(a)·op(b) (m×n, inner
// dimension k ≥ 1, c contiguous) that the 4×16 micro-kernel would mostly
// pad — one column (a matrix–vector product, either orientation of A) or
// one step (an outer product) — with the kernels of thin_amd64.s, which
// sum every element exactly as gemm does (same steps, same order, same
// blocks of gemmKC, fused multiply-adds), so the results are gemm's bit for
// bit. It reports false, doing nothing, for other shapes or without AVX2.
// lda is a's row stride as stored.
func thin32(ta bool, m, n, k int, a []float32, lda int, b, c []float32) bool {
	if !haveVec || k < 1 || m < 1 || n < 1 {
		return false
	}
	switch {
	case n == 1 && ta: // c[i] = Σ_p a[p·lda + i]·b[p]
		_, _, _ = a[(k-1)*lda+m-1], b[k-1], c[m-1]
		x := unsafe.Pointer(&b[0])
		i := 0
		for ; i+32 <= m; i += 32 {
			gemvT32x32(k, unsafe.Pointer(&a[i]), lda, x, unsafe.Pointer(&c[i]))
		}
		for ; i+8 <= m; i += 8 {
			gemvT32x8(k, unsafe.Pointer(&a[i]), lda, x, unsafe.Pointer(&c[i]))
		}
		for ; i < m; i++ {
			gemvT32x1(k, unsafe.Pointer(&a[i]), lda, x, unsafe.Pointer(&c[i]))
		}
		return true
	case n == 1: // c[i] = Σ_p a[i·lda + p]·b[p]
		_, _, _ = a[(m-1)*lda+k-1], b[k-1], c[m-1]
		x := unsafe.Pointer(&b[0])
		i := 0
		for ; i+8 <= m; i += 8 {
			gemvN32x8(k, unsafe.Pointer(&a[i*lda]), lda, x, unsafe.Pointer(&c[i]))
		}
		for ; i < m; i++ { // one row: A's row read as a column of stride 1
			gemvT32x1(k, unsafe.Pointer(&a[i*lda]), 1, x, unsafe.Pointer(&c[i]))
		}
		return true
	case k == 1: // c[i, j] = a[i]·b[j]
		_, _, _ = a[m-1], b[n-1], c[m*n-1]
		ger32(m, n, unsafe.Pointer(&a[0]), unsafe.Pointer(&b[0]), unsafe.Pointer(&c[0]), n)
		return true
	}
	return false
}

// thinKernels reports that thin32 computes the products it takes (the CPU
// has the vector kernels).
func thinKernels() bool { return haveVec }

// The kernels of thin_amd64.s; strides in elements.
//
//go:noescape
func gemvT32x32(k int, a unsafe.Pointer, lda int, x, c unsafe.Pointer)

//go:noescape
func gemvT32x8(k int, a unsafe.Pointer, lda int, x, c unsafe.Pointer)

//go:noescape
func gemvT32x1(k int, a unsafe.Pointer, lda int, x, c unsafe.Pointer)

//go:noescape
func gemvN32x8(k int, a unsafe.Pointer, lda int, x, c unsafe.Pointer)

//go:noescape
func ger32(m, n int, a, b, c unsafe.Pointer, ldc int)
