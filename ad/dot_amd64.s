//go:build amd64 && !purego

#include "textflag.h"

// func vdot8(a, b *float64, ldb, n int, lanes *[32]float64)
//
// The partial sums of dotSlice for 8 dot products at once: for j < 8,
// lanes[4j+k] = Σ_q a[4q+k]·b[j·ldb + 4q+k] over q < n/4, each lane
// summed in order of q with a separate multiply and add (no fused
// multiply-add), which is dotSlice's s_k before its tail (n mod 4
// elements, added to s_0) and its final (s0 + s1) + (s2 + s3). One
// register of 4 doubles per dot product: 8 independent addition chains.
// ldb in elements. AVX2.
TEXT ·vdot8(SB), NOSPLIT, $0-40
	MOVQ a+0(FP), SI
	MOVQ b+8(FP), DI
	MOVQ ldb+16(FP), R8
	MOVQ n+24(FP), CX
	MOVQ lanes+32(FP), DX
	SHLQ $3, R8               // row stride in bytes
	LEAQ (R8)(R8*2), R9       // 3 rows
	LEAQ (DI)(R8*4), BX       // rows 4–7
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	VXORPD Y4, Y4, Y4
	VXORPD Y5, Y5, Y5
	VXORPD Y6, Y6, Y6
	VXORPD Y7, Y7, Y7
	SHRQ $2, CX
	JEQ  d8store

d8loop:
	VMOVUPD (SI), Y8
	VMULPD  (DI), Y8, Y9
	VADDPD  Y9, Y0, Y0
	VMULPD  (DI)(R8*1), Y8, Y10
	VADDPD  Y10, Y1, Y1
	VMULPD  (DI)(R8*2), Y8, Y11
	VADDPD  Y11, Y2, Y2
	VMULPD  (DI)(R9*1), Y8, Y12
	VADDPD  Y12, Y3, Y3
	VMULPD  (BX), Y8, Y9
	VADDPD  Y9, Y4, Y4
	VMULPD  (BX)(R8*1), Y8, Y10
	VADDPD  Y10, Y5, Y5
	VMULPD  (BX)(R8*2), Y8, Y11
	VADDPD  Y11, Y6, Y6
	VMULPD  (BX)(R9*1), Y8, Y12
	VADDPD  Y12, Y7, Y7
	ADDQ    $32, SI
	ADDQ    $32, DI
	ADDQ    $32, BX
	DECQ    CX
	JNE     d8loop

d8store:
	VMOVUPD Y0, (DX)
	VMOVUPD Y1, 32(DX)
	VMOVUPD Y2, 64(DX)
	VMOVUPD Y3, 96(DX)
	VMOVUPD Y4, 128(DX)
	VMOVUPD Y5, 160(DX)
	VMOVUPD Y6, 192(DX)
	VMOVUPD Y7, 224(DX)
	VZEROUPPER
	RET
