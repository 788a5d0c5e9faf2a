//go:build amd64 && !purego

package ad

import "unsafe"

// vdot8 computes the lane partial sums of 8 float64 dot products; see
// dot_amd64.s.
//
//go:noescape
func vdot8(a, b *float64, ldb, n int, lanes *[32]float64)

// dotRows8 sets out[j] = dotSlice(a, b[j·ldb : j·ldb+len(a)]) for j < 8,
// the lanes in the vector kernel where the CPU has AVX2 (the same
// operations in the same order, so the same bits), and reports whether it
// did (false: float32, or no AVX2; out untouched).
func dotRows8[T float](out, a, b []T, ldb int) bool {
	if !haveVec || is32[T]() || len(a) == 0 {
		return false
	}
	n := len(a)
	_, _ = out[7], b[7*ldb+n-1]
	var l [32]float64
	q := n / 4 * 4
	if q > 0 {
		vdot8((*float64)(unsafe.Pointer(&a[0])), (*float64)(unsafe.Pointer(&b[0])), ldb, q, &l)
	}
	for j := 0; j < 8; j++ {
		s := l[4*j : 4*j+4 : 4*j+4]
		s0 := s[0]
		for i := q; i < n; i++ {
			s0 += float64(a[i]) * float64(b[j*ldb+i])
		}
		out[j] = T((s0 + s[1]) + (s[2] + s[3]))
	}
	return true
}
