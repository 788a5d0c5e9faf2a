//go:build amd64 && !purego

package ad

import "unsafe"

// vepilogue32 is the float32 epilogue of a fused product in AVX2; see
// fuse_amd64.s.
//
//go:noescape
func vepilogue32(d, acc, row, x unsafe.Pointer, rows, cols8, ld int)

// epilogueVec32 applies the epilogue to rows [r0, r1) and the columns
// [c0, c0+8k) of [c0, c1) in vector registers where the CPU has AVX2, and
// returns c0+8k (c0 when it did nothing).
func epilogueVec32(out, acc, row, x []float32, cols, r0, r1, c0, c1 int) int {
	k := (c1 - c0) / 8
	if !haveVec || k == 0 {
		return c0
	}
	off := r0*cols + c0
	var pa, pr, px unsafe.Pointer
	if acc != nil {
		pa = unsafe.Pointer(&acc[off])
	}
	if row != nil {
		pr = unsafe.Pointer(&row[0])
	}
	if x != nil {
		px = unsafe.Pointer(&x[off])
	}
	vepilogue32(unsafe.Pointer(&out[off]), pa, pr, px, r1-r0, k, cols)
	return c0 + 8*k
}
