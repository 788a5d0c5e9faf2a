//go:build amd64 && !purego

#include "textflag.h"

// func kern4x8(k int, a, b, c *float64, ldc int, acc int)
//
// C[0:4, 0:8] (row stride ldc) = (acc ≠ 0 ? C : 0) + Σ_p a[4p:4p+4] ⊗ b[8p:8p+8],
// with a packed 4 values per step and b 8 values per step. AVX2 + FMA.
TEXT ·kern4x8(SB), NOSPLIT, $0-48
	MOVQ k+0(FP), CX
	MOVQ a+8(FP), SI
	MOVQ b+16(FP), DI
	MOVQ c+24(FP), DX
	MOVQ ldc+32(FP), R8
	SHLQ $3, R8
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	VXORPD Y4, Y4, Y4
	VXORPD Y5, Y5, Y5
	VXORPD Y6, Y6, Y6
	VXORPD Y7, Y7, Y7
	TESTQ CX, CX
	JEQ   done

loop:
	VMOVUPD      (DI), Y8
	VMOVUPD      32(DI), Y9
	VBROADCASTSD (SI), Y10
	VFMADD231PD  Y8, Y10, Y0
	VFMADD231PD  Y9, Y10, Y1
	VBROADCASTSD 8(SI), Y11
	VFMADD231PD  Y8, Y11, Y2
	VFMADD231PD  Y9, Y11, Y3
	VBROADCASTSD 16(SI), Y12
	VFMADD231PD  Y8, Y12, Y4
	VFMADD231PD  Y9, Y12, Y5
	VBROADCASTSD 24(SI), Y13
	VFMADD231PD  Y8, Y13, Y6
	VFMADD231PD  Y9, Y13, Y7
	ADDQ         $32, SI
	ADDQ         $64, DI
	DECQ         CX
	JNE          loop

done:
	MOVQ  acc+40(FP), AX
	TESTQ AX, AX
	JEQ   store
	MOVQ  DX, R9
	VADDPD (R9), Y0, Y0
	VADDPD 32(R9), Y1, Y1
	ADDQ   R8, R9
	VADDPD (R9), Y2, Y2
	VADDPD 32(R9), Y3, Y3
	ADDQ   R8, R9
	VADDPD (R9), Y4, Y4
	VADDPD 32(R9), Y5, Y5
	ADDQ   R8, R9
	VADDPD (R9), Y6, Y6
	VADDPD 32(R9), Y7, Y7

store:
	VMOVUPD Y0, (DX)
	VMOVUPD Y1, 32(DX)
	ADDQ    R8, DX
	VMOVUPD Y2, (DX)
	VMOVUPD Y3, 32(DX)
	ADDQ    R8, DX
	VMOVUPD Y4, (DX)
	VMOVUPD Y5, 32(DX)
	ADDQ    R8, DX
	VMOVUPD Y6, (DX)
	VMOVUPD Y7, 32(DX)
	VZEROUPPER
	RET
