//go:build amd64 && !purego

#include "textflag.h"

// func adamVec(data, m, v, gr *float64, n int, b1, c1, b2, c2, step, inv, eps float64)
//
// Adam's update of n parameters, n a multiple of 4, four at a time, with
// exactly the IEEE operations of Adam.Step's loop in its order (no fused
// multiply-add):
//
//	m = b1·m + c1·g;  v = b2·v + (c2·g)·g
//	data = data − (step·m) / (√v·inv + eps)
//
// AVX.
TEXT ·adamVec(SB), NOSPLIT, $0-96
	MOVQ data+0(FP), DI
	MOVQ m+8(FP), SI
	MOVQ v+16(FP), DX
	MOVQ gr+24(FP), R8
	MOVQ n+32(FP), CX
	VBROADCASTSD b1+40(FP), Y15
	VBROADCASTSD c1+48(FP), Y14
	VBROADCASTSD b2+56(FP), Y13
	VBROADCASTSD c2+64(FP), Y12
	VBROADCASTSD step+72(FP), Y9
	VBROADCASTSD inv+80(FP), Y11
	VBROADCASTSD eps+88(FP), Y10
	SHRQ $2, CX
	JEQ  adone

aloop:
	VMOVUPD (R8), Y0
	VMULPD  (SI), Y15, Y1
	VMULPD  Y0, Y14, Y2
	VADDPD  Y2, Y1, Y1
	VMOVUPD Y1, (SI)
	VMULPD  (DX), Y13, Y3
	VMULPD  Y0, Y12, Y4
	VMULPD  Y0, Y4, Y4
	VADDPD  Y4, Y3, Y3
	VMOVUPD Y3, (DX)
	VSQRTPD Y3, Y5
	VMULPD  Y11, Y5, Y5
	VADDPD  Y10, Y5, Y5
	VMULPD  Y1, Y9, Y6
	VDIVPD  Y5, Y6, Y6
	VMOVUPD (DI), Y7
	VSUBPD  Y6, Y7, Y7
	VMOVUPD Y7, (DI)
	ADDQ    $32, DI
	ADDQ    $32, SI
	ADDQ    $32, DX
	ADDQ    $32, R8
	DECQ    CX
	JNE     aloop

adone:
	VZEROUPPER
	RET
