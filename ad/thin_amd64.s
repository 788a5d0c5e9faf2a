//go:build amd64 && !purego

#include "textflag.h"

// Kernels for float32 products with one column or one step, where the
// 4×16 micro-kernel of gemm_amd64.s would mostly compute padding. Every
// element is summed as gemm sums it: over p in increasing order, one fused
// multiply-add per step into an accumulator that starts at +0, in blocks
// of 256 steps (gemmKC), the first block's sum stored and each later one
// added to the element; so the results are gemm's, bit for bit.

// func gemvT32x32(k int, a *float32, lda int, x, c *float32)
//
// c[i] = Σ_p a[p·lda + i]·x[p] for i < 32 (a column of Aᵀ·x: A read by
// rows, 32 lanes in four accumulators). lda in elements.
TEXT ·gemvT32x32(SB), NOSPLIT, $0-40
	MOVQ k+0(FP), CX
	MOVQ a+8(FP), SI
	MOVQ lda+16(FP), R8
	SHLQ $2, R8
	MOVQ x+24(FP), DI
	MOVQ c+32(FP), DX
	XORQ R9, R9 // first block?

block:
	MOVQ   $256, R10
	CMPQ   CX, R10
	CMOVQLT CX, R10 // steps in this block
	SUBQ   R10, CX
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3

step:
	VBROADCASTSS (DI), Y4
	VFMADD231PS  (SI), Y4, Y0
	VFMADD231PS  32(SI), Y4, Y1
	VFMADD231PS  64(SI), Y4, Y2
	VFMADD231PS  96(SI), Y4, Y3
	ADDQ         R8, SI
	ADDQ         $4, DI
	DECQ         R10
	JNE          step

	TESTQ R9, R9
	JEQ   store
	VADDPS (DX), Y0, Y0
	VADDPS 32(DX), Y1, Y1
	VADDPS 64(DX), Y2, Y2
	VADDPS 96(DX), Y3, Y3

store:
	VMOVUPS Y0, (DX)
	VMOVUPS Y1, 32(DX)
	VMOVUPS Y2, 64(DX)
	VMOVUPS Y3, 96(DX)
	MOVQ    $1, R9
	TESTQ   CX, CX
	JNE     block
	VZEROUPPER
	RET

// func gemvT32x8(k int, a *float32, lda int, x, c *float32)
//
// gemvT32x32 for 8 lanes.
TEXT ·gemvT32x8(SB), NOSPLIT, $0-40
	MOVQ k+0(FP), CX
	MOVQ a+8(FP), SI
	MOVQ lda+16(FP), R8
	SHLQ $2, R8
	MOVQ x+24(FP), DI
	MOVQ c+32(FP), DX
	XORQ R9, R9

block:
	MOVQ   $256, R10
	CMPQ   CX, R10
	CMOVQLT CX, R10
	SUBQ   R10, CX
	VXORPS Y0, Y0, Y0

step:
	VBROADCASTSS (DI), Y4
	VFMADD231PS  (SI), Y4, Y0
	ADDQ         R8, SI
	ADDQ         $4, DI
	DECQ         R10
	JNE          step

	TESTQ  R9, R9
	JEQ    store
	VADDPS (DX), Y0, Y0

store:
	VMOVUPS Y0, (DX)
	MOVQ    $1, R9
	TESTQ   CX, CX
	JNE     block
	VZEROUPPER
	RET

// func gemvT32x1(k int, a *float32, lda int, x, c *float32)
//
// gemvT32x32 for one lane.
TEXT ·gemvT32x1(SB), NOSPLIT, $0-40
	MOVQ k+0(FP), CX
	MOVQ a+8(FP), SI
	MOVQ lda+16(FP), R8
	SHLQ $2, R8
	MOVQ x+24(FP), DI
	MOVQ c+32(FP), DX
	XORQ R9, R9

block:
	MOVQ   $256, R10
	CMPQ   CX, R10
	CMOVQLT CX, R10
	SUBQ   R10, CX
	VXORPS X0, X0, X0

step:
	VMOVSS      (DI), X4
	VFMADD231SS (SI), X4, X0
	ADDQ        R8, SI
	ADDQ        $4, DI
	DECQ        R10
	JNE         step

	TESTQ  R9, R9
	JEQ    store
	VADDSS (DX), X0, X0

store:
	VMOVSS X0, (DX)
	MOVQ   $1, R9
	TESTQ  CX, CX
	JNE    block
	RET

// func gemvN32x8(k int, a *float32, lda int, x, c *float32)
//
// c[r] = Σ_p a[r·lda + p]·x[p] for r < 8 (a column of A·x: eight rows of
// A, each summed by its own scalar chain). lda in elements.
TEXT ·gemvN32x8(SB), NOSPLIT, $0-40
	MOVQ k+0(FP), CX
	MOVQ a+8(FP), SI
	MOVQ lda+16(FP), R8
	SHLQ $2, R8                // row stride in bytes
	LEAQ (R8)(R8*2), R11       // 3 rows
	MOVQ x+24(FP), DI
	MOVQ c+32(FP), DX
	XORQ R9, R9

block:
	MOVQ    $256, R10
	CMPQ    CX, R10
	CMOVQLT CX, R10
	SUBQ    R10, CX
	LEAQ    (SI)(R8*4), BX     // row 4
	VXORPS  X0, X0, X0
	VXORPS  X1, X1, X1
	VXORPS  X2, X2, X2
	VXORPS  X3, X3, X3
	VXORPS  X4, X4, X4
	VXORPS  X5, X5, X5
	VXORPS  X6, X6, X6
	VXORPS  X7, X7, X7

step:
	VMOVSS      (DI), X8
	VFMADD231SS (SI), X8, X0
	VFMADD231SS (SI)(R8*1), X8, X1
	VFMADD231SS (SI)(R8*2), X8, X2
	VFMADD231SS (SI)(R11*1), X8, X3
	VFMADD231SS (BX), X8, X4
	VFMADD231SS (BX)(R8*1), X8, X5
	VFMADD231SS (BX)(R8*2), X8, X6
	VFMADD231SS (BX)(R11*1), X8, X7
	ADDQ        $4, SI
	ADDQ        $4, BX
	ADDQ        $4, DI
	DECQ        R10
	JNE         step

	TESTQ  R9, R9
	JEQ    store
	VADDSS (DX), X0, X0
	VADDSS 4(DX), X1, X1
	VADDSS 8(DX), X2, X2
	VADDSS 12(DX), X3, X3
	VADDSS 16(DX), X4, X4
	VADDSS 20(DX), X5, X5
	VADDSS 24(DX), X6, X6
	VADDSS 28(DX), X7, X7

store:
	VMOVSS X0, (DX)
	VMOVSS X1, 4(DX)
	VMOVSS X2, 8(DX)
	VMOVSS X3, 12(DX)
	VMOVSS X4, 16(DX)
	VMOVSS X5, 20(DX)
	VMOVSS X6, 24(DX)
	VMOVSS X7, 28(DX)
	MOVQ   $1, R9
	TESTQ  CX, CX
	JNE    block
	RET

// func ger32(m, n int, a, b, c *float32, ldc int)
//
// c[i·ldc + j] = a[i]·b[j] + 0 in one fused multiply-add (a product of one
// step, as gemm computes it: the sign of a zero product is gemm's), for
// i < m, j < n (n ≥ 1). ldc in elements.
TEXT ·ger32(SB), NOSPLIT, $0-48
	MOVQ m+0(FP), CX
	MOVQ n+8(FP), R10
	SHRQ $3, R10
	MOVQ a+16(FP), SI
	MOVQ b+24(FP), DI
	MOVQ c+32(FP), DX
	MOVQ ldc+40(FP), R8
	SHLQ $2, R8
	TESTQ CX, CX
	JEQ  done

row:
	VBROADCASTSS (SI), Y4
	MOVQ         DI, R12
	MOVQ         DX, R13
	MOVQ         R10, R11
	TESTQ        R11, R11
	JEQ          cols8done

col:
	VXORPS      Y0, Y0, Y0
	VFMADD231PS (R12), Y4, Y0
	VMOVUPS     Y0, (R13)
	ADDQ        $32, R12
	ADDQ        $32, R13
	DECQ        R11
	JNE         col

cols8done:
	MOVQ  n+8(FP), R11
	ANDQ  $7, R11
	JEQ   next

tail:
	VXORPS      X0, X0, X0
	VFMADD231SS (R12), X4, X0
	VMOVSS      X0, (R13)
	ADDQ        $4, R12
	ADDQ        $4, R13
	DECQ        R11
	JNE         tail

next:
	ADDQ $4, SI
	ADDQ R8, DX
	DECQ CX
	JNE  row

done:
	VZEROUPPER
	RET
