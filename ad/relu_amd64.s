//go:build amd64 && !purego

#include "textflag.h"

// func vreluGrad32(d, gr, x unsafe.Pointer, n int)
//
// d[i] = x[i] > 0 ? gr[i] : +0 (as the bits gr[i] & mask, mask all ones when
// x[i] > 0, which is false for NaN) for i < n, n a multiple of 8: the
// float32 ReluGrad of reluGradBits, 8 at a time. AVX2.
TEXT ·vreluGrad32(SB), NOSPLIT, $0-32
	MOVQ d+0(FP), DI
	MOVQ gr+8(FP), SI
	MOVQ x+16(FP), DX
	MOVQ n+24(FP), CX
	SHRQ $3, CX
	JEQ  rdone
	VXORPS Y15, Y15, Y15

rloop:
	VMOVUPS (DX), Y0
	VCMPPS  $0x1e, Y15, Y0, Y1 // x > 0, ordered: false for NaN
	VANDPS  (SI), Y1, Y1
	VMOVUPS Y1, (DI)
	ADDQ    $32, DX
	ADDQ    $32, SI
	ADDQ    $32, DI
	DECQ    CX
	JNE     rloop

rdone:
	VZEROUPPER
	RET

// func vreluGrad64(d, gr, x unsafe.Pointer, n int)
//
// vreluGrad32 for float64: d[i] = gr[i] & mask, mask all ones when
// x[i] > 0 (false for NaN), for i < n, n a multiple of 4. AVX2.
TEXT ·vreluGrad64(SB), NOSPLIT, $0-32
	MOVQ d+0(FP), DI
	MOVQ gr+8(FP), SI
	MOVQ x+16(FP), DX
	MOVQ n+24(FP), CX
	SHRQ $2, CX
	JEQ  r64done
	VXORPD Y15, Y15, Y15

r64loop:
	VMOVUPD (DX), Y0
	VCMPPD  $0x1e, Y15, Y0, Y1 // x > 0, ordered: false for NaN
	VANDPD  (SI), Y1, Y1
	VMOVUPD Y1, (DI)
	ADDQ    $32, DX
	ADDQ    $32, SI
	ADDQ    $32, DI
	DECQ    CX
	JNE     r64loop

r64done:
	VZEROUPPER
	RET
