//go:build amd64 && !purego

#include "textflag.h"

// func kern4x8s(k int, a *float64, rs, ks int, b, c *float64, ldc int, acc int)
//
// C[0:4, 0:8] (row stride ldc) = (acc ≠ 0 ? C : 0) + Σ_p a_p ⊗ b[8p:8p+8],
// where row r of a_p is at byte offset r·rs + p·ks from a (strides in
// bytes): a packed 4-row panel (rs = 8, ks = 32), a row-major A read in
// place (rs = lda·8, ks = 8) or a transposed one (rs = 8, ks = lda·8). b is
// packed 8 values per step. AVX2 + FMA.
TEXT ·kern4x8s(SB), NOSPLIT, $0-64
	MOVQ k+0(FP), CX
	MOVQ a+8(FP), SI
	MOVQ rs+16(FP), R10
	MOVQ ks+24(FP), R12
	MOVQ b+32(FP), DI
	MOVQ c+40(FP), DX
	MOVQ ldc+48(FP), R8
	SHLQ $3, R8
	LEAQ (R10)(R10*2), R11
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	VXORPD Y4, Y4, Y4
	VXORPD Y5, Y5, Y5
	VXORPD Y6, Y6, Y6
	VXORPD Y7, Y7, Y7
	TESTQ CX, CX
	JEQ   sdone

sloop:
	VMOVUPD      (DI), Y8
	VMOVUPD      32(DI), Y9
	VBROADCASTSD (SI), Y10
	VFMADD231PD  Y8, Y10, Y0
	VFMADD231PD  Y9, Y10, Y1
	VBROADCASTSD (SI)(R10*1), Y11
	VFMADD231PD  Y8, Y11, Y2
	VFMADD231PD  Y9, Y11, Y3
	VBROADCASTSD (SI)(R10*2), Y12
	VFMADD231PD  Y8, Y12, Y4
	VFMADD231PD  Y9, Y12, Y5
	VBROADCASTSD (SI)(R11*1), Y13
	VFMADD231PD  Y8, Y13, Y6
	VFMADD231PD  Y9, Y13, Y7
	ADDQ         R12, SI
	ADDQ         $64, DI
	DECQ         CX
	JNE          sloop

sdone:
	MOVQ  acc+56(FP), AX
	TESTQ AX, AX
	JEQ   sstore
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

sstore:
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

// func kern4x16s(k int, a *float32, rs, ks int, b, c *float32, ldc int, acc int)
//
// kern4x8s for float32: C[0:4, 0:16] (row stride ldc floats) =
// (acc ≠ 0 ? C : 0) + Σ_p a_p ⊗ b[16p:16p+16], row r of a_p at byte offset
// r·rs + p·ks from a; b packed 16 values per step. Each row of the tile is
// two registers of 8 floats; each step is 8 fused multiply-adds.
TEXT ·kern4x16s(SB), NOSPLIT, $0-64
	MOVQ k+0(FP), CX
	MOVQ a+8(FP), SI
	MOVQ rs+16(FP), R10
	MOVQ ks+24(FP), R12
	MOVQ b+32(FP), DI
	MOVQ c+40(FP), DX
	MOVQ ldc+48(FP), R8
	SHLQ $2, R8
	LEAQ (R10)(R10*2), R11
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	TESTQ CX, CX
	JEQ   fdone

floop:
	VMOVUPS      (DI), Y8
	VMOVUPS      32(DI), Y9
	VBROADCASTSS (SI), Y10
	VFMADD231PS  Y8, Y10, Y0
	VFMADD231PS  Y9, Y10, Y1
	VBROADCASTSS (SI)(R10*1), Y11
	VFMADD231PS  Y8, Y11, Y2
	VFMADD231PS  Y9, Y11, Y3
	VBROADCASTSS (SI)(R10*2), Y12
	VFMADD231PS  Y8, Y12, Y4
	VFMADD231PS  Y9, Y12, Y5
	VBROADCASTSS (SI)(R11*1), Y13
	VFMADD231PS  Y8, Y13, Y6
	VFMADD231PS  Y9, Y13, Y7
	ADDQ         R12, SI
	ADDQ         $64, DI
	DECQ         CX
	JNE          floop

fdone:
	MOVQ  acc+56(FP), AX
	TESTQ AX, AX
	JEQ   fstore
	MOVQ  DX, R9
	VADDPS (R9), Y0, Y0
	VADDPS 32(R9), Y1, Y1
	ADDQ   R8, R9
	VADDPS (R9), Y2, Y2
	VADDPS 32(R9), Y3, Y3
	ADDQ   R8, R9
	VADDPS (R9), Y4, Y4
	VADDPS 32(R9), Y5, Y5
	ADDQ   R8, R9
	VADDPS (R9), Y6, Y6
	VADDPS 32(R9), Y7, Y7

fstore:
	VMOVUPS Y0, (DX)
	VMOVUPS Y1, 32(DX)
	ADDQ    R8, DX
	VMOVUPS Y2, (DX)
	VMOVUPS Y3, 32(DX)
	ADDQ    R8, DX
	VMOVUPS Y4, (DX)
	VMOVUPS Y5, 32(DX)
	ADDQ    R8, DX
	VMOVUPS Y6, (DX)
	VMOVUPS Y7, 32(DX)
	VZEROUPPER
	RET

// func kern6x16s(k int, a *float32, rs, ks int, b, c *float32, ldc int, acc int)
//
// kern4x16s with six rows: C[0:6, 0:16] (row stride ldc floats) =
// (acc ≠ 0 ? C : 0) + Σ_p a_p ⊗ b[16p:16p+16], row r of a_p at byte offset
// r·rs + p·ks from a. Twelve accumulators (each step is 12 fused
// multiply-adds for 2 loads of B), so the FMA units stay busy with
// latency to spare; the element-wise sequence of operations is the 4-row
// kernel's.
TEXT ·kern6x16s(SB), NOSPLIT, $0-64
	MOVQ k+0(FP), CX
	MOVQ a+8(FP), SI
	MOVQ rs+16(FP), R10
	MOVQ ks+24(FP), R12
	MOVQ b+32(FP), DI
	MOVQ c+40(FP), DX
	MOVQ ldc+48(FP), R8
	SHLQ $2, R8
	LEAQ (R10)(R10*2), R11
	LEAQ (SI)(R11*1), BX
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	VXORPS Y8, Y8, Y8
	VXORPS Y9, Y9, Y9
	VXORPS Y10, Y10, Y10
	VXORPS Y11, Y11, Y11
	TESTQ CX, CX
	JEQ   sixdone

sixloop:
	VMOVUPS      (DI), Y12
	VMOVUPS      32(DI), Y13
	VBROADCASTSS (SI), Y14
	VFMADD231PS  Y12, Y14, Y0
	VFMADD231PS  Y13, Y14, Y1
	VBROADCASTSS (SI)(R10*1), Y15
	VFMADD231PS  Y12, Y15, Y2
	VFMADD231PS  Y13, Y15, Y3
	VBROADCASTSS (SI)(R10*2), Y14
	VFMADD231PS  Y12, Y14, Y4
	VFMADD231PS  Y13, Y14, Y5
	VBROADCASTSS (BX), Y15
	VFMADD231PS  Y12, Y15, Y6
	VFMADD231PS  Y13, Y15, Y7
	VBROADCASTSS (BX)(R10*1), Y14
	VFMADD231PS  Y12, Y14, Y8
	VFMADD231PS  Y13, Y14, Y9
	VBROADCASTSS (BX)(R10*2), Y15
	VFMADD231PS  Y12, Y15, Y10
	VFMADD231PS  Y13, Y15, Y11
	ADDQ         R12, SI
	ADDQ         R12, BX
	ADDQ         $64, DI
	DECQ         CX
	JNE          sixloop

sixdone:
	MOVQ  acc+56(FP), AX
	TESTQ AX, AX
	JEQ   sixstore
	MOVQ  DX, R9
	VADDPS (R9), Y0, Y0
	VADDPS 32(R9), Y1, Y1
	ADDQ   R8, R9
	VADDPS (R9), Y2, Y2
	VADDPS 32(R9), Y3, Y3
	ADDQ   R8, R9
	VADDPS (R9), Y4, Y4
	VADDPS 32(R9), Y5, Y5
	ADDQ   R8, R9
	VADDPS (R9), Y6, Y6
	VADDPS 32(R9), Y7, Y7
	ADDQ   R8, R9
	VADDPS (R9), Y8, Y8
	VADDPS 32(R9), Y9, Y9
	ADDQ   R8, R9
	VADDPS (R9), Y10, Y10
	VADDPS 32(R9), Y11, Y11

sixstore:
	VMOVUPS Y0, (DX)
	VMOVUPS Y1, 32(DX)
	ADDQ    R8, DX
	VMOVUPS Y2, (DX)
	VMOVUPS Y3, 32(DX)
	ADDQ    R8, DX
	VMOVUPS Y4, (DX)
	VMOVUPS Y5, 32(DX)
	ADDQ    R8, DX
	VMOVUPS Y6, (DX)
	VMOVUPS Y7, 32(DX)
	ADDQ    R8, DX
	VMOVUPS Y8, (DX)
	VMOVUPS Y9, 32(DX)
	ADDQ    R8, DX
	VMOVUPS Y10, (DX)
	VMOVUPS Y11, 32(DX)
	VZEROUPPER
	RET

// func transpose8s(dst *float32, ds int, src *float32, ss int, blocks int)
//
// Transposes blocks 8×8 blocks of float32: for block q, row i of the
// source (8 floats at byte offset i·ss + 32q from src) becomes column i of
// the destination (row r at byte offset (8q + r)·ds from dst). Used to pack
// a transposed B (packB). Moves values only.
TEXT ·transpose8s(SB), NOSPLIT, $0-40
	MOVQ dst+0(FP), DI
	MOVQ ds+8(FP), R8
	MOVQ src+16(FP), SI
	MOVQ ss+24(FP), R9
	MOVQ blocks+32(FP), CX
	LEAQ (R9)(R9*2), R10 // 3·ss
	LEAQ (R8)(R8*2), R11 // 3·ds
	TESTQ CX, CX
	JEQ   tdone

tloop:
	MOVQ     SI, AX
	VMOVUPS  (AX), Y0
	VMOVUPS  (AX)(R9*1), Y1
	VMOVUPS  (AX)(R9*2), Y2
	VMOVUPS  (AX)(R10*1), Y3
	LEAQ     (AX)(R9*4), AX
	VMOVUPS  (AX), Y4
	VMOVUPS  (AX)(R9*1), Y5
	VMOVUPS  (AX)(R9*2), Y6
	VMOVUPS  (AX)(R10*1), Y7
	VUNPCKLPS Y1, Y0, Y8
	VUNPCKHPS Y1, Y0, Y9
	VUNPCKLPS Y3, Y2, Y10
	VUNPCKHPS Y3, Y2, Y11
	VUNPCKLPS Y5, Y4, Y12
	VUNPCKHPS Y5, Y4, Y13
	VUNPCKLPS Y7, Y6, Y14
	VUNPCKHPS Y7, Y6, Y15
	VSHUFPS  $0x44, Y10, Y8, Y0
	VSHUFPS  $0xEE, Y10, Y8, Y1
	VSHUFPS  $0x44, Y11, Y9, Y2
	VSHUFPS  $0xEE, Y11, Y9, Y3
	VSHUFPS  $0x44, Y14, Y12, Y4
	VSHUFPS  $0xEE, Y14, Y12, Y5
	VSHUFPS  $0x44, Y15, Y13, Y6
	VSHUFPS  $0xEE, Y15, Y13, Y7
	VPERM2F128 $0x20, Y4, Y0, Y8
	VPERM2F128 $0x20, Y5, Y1, Y9
	VPERM2F128 $0x20, Y6, Y2, Y10
	VPERM2F128 $0x20, Y7, Y3, Y11
	VPERM2F128 $0x31, Y4, Y0, Y12
	VPERM2F128 $0x31, Y5, Y1, Y13
	VPERM2F128 $0x31, Y6, Y2, Y14
	VPERM2F128 $0x31, Y7, Y3, Y15
	VMOVUPS  Y8, (DI)
	VMOVUPS  Y9, (DI)(R8*1)
	VMOVUPS  Y10, (DI)(R8*2)
	VMOVUPS  Y11, (DI)(R11*1)
	LEAQ     (DI)(R8*4), DI
	VMOVUPS  Y12, (DI)
	VMOVUPS  Y13, (DI)(R8*1)
	VMOVUPS  Y14, (DI)(R8*2)
	VMOVUPS  Y15, (DI)(R11*1)
	LEAQ     (DI)(R8*4), DI
	ADDQ     $32, SI
	DECQ     CX
	JNE      tloop

tdone:
	VZEROUPPER
	RET

// func packB16s(dst, src *float32, ldb, kc, panels, pstride int)
//
// Packs panels 16-column panels of a row-major B (row stride ldb bytes):
// step p of panel j (16 floats at byte offset p·ldb + 64j from src) goes
// to byte offset j·pstride + 64p from dst. Moves values only. AVX.
TEXT ·packB16s(SB), NOSPLIT, $0-48
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ ldb+16(FP), R8
	MOVQ kc+24(FP), CX
	MOVQ panels+32(FP), R9
	MOVQ pstride+40(FP), R10
	TESTQ CX, CX
	JEQ   pbdone
	TESTQ R9, R9
	JEQ   pbdone

pbrow:
	MOVQ SI, AX
	MOVQ DI, BX
	MOVQ R9, DX

pbpanel:
	VMOVUPS (AX), Y0
	VMOVUPS 32(AX), Y1
	VMOVUPS Y0, (BX)
	VMOVUPS Y1, 32(BX)
	ADDQ    $64, AX
	ADDQ    R10, BX
	DECQ    DX
	JNE     pbpanel
	ADDQ    R8, SI
	ADDQ    $64, DI
	DECQ    CX
	JNE     pbrow

pbdone:
	VZEROUPPER
	RET

// func kern6x32z(k int, a *float32, rs, ks int, b, c *float32, ldc int, acc int)
//
// kern6x16s on two adjacent packed 16-column panels of B at once, in
// AVX-512: C[0:6, 0:32] (row stride ldc floats) = (acc ≠ 0 ? C : 0) +
// Σ_p a_p ⊗ [b0_p, b1_p], where b0_p = b[16p:16p+16] and b1_p =
// b[16k+16p:16k+16p+16] (the next panel, which packB lays out right after
// the first), row r of a_p at byte offset r·rs + p·ks from a. Each row of
// the tile is two registers of 16 floats: twelve accumulators, each step
// 12 fused multiply-adds for 2 loads of B and 6 broadcasts of A. Every
// element gets the 6×16 kernel's sequence of operations (one fused
// multiply-add per step in increasing p, then the add of C), so the two
// give the same bits.
TEXT ·kern6x32z(SB), NOSPLIT, $0-64
	MOVQ k+0(FP), CX
	MOVQ a+8(FP), SI
	MOVQ rs+16(FP), R10
	MOVQ ks+24(FP), R12
	MOVQ b+32(FP), DI
	MOVQ c+40(FP), DX
	MOVQ ldc+48(FP), R8
	SHLQ $2, R8
	MOVQ CX, R13
	SHLQ $6, R13            // 64·k bytes: the second panel
	LEAQ (R10)(R10*2), R11
	LEAQ (SI)(R11*1), BX
	VPXORD Z0, Z0, Z0
	VPXORD Z1, Z1, Z1
	VPXORD Z2, Z2, Z2
	VPXORD Z3, Z3, Z3
	VPXORD Z4, Z4, Z4
	VPXORD Z5, Z5, Z5
	VPXORD Z6, Z6, Z6
	VPXORD Z7, Z7, Z7
	VPXORD Z8, Z8, Z8
	VPXORD Z9, Z9, Z9
	VPXORD Z10, Z10, Z10
	VPXORD Z11, Z11, Z11
	TESTQ CX, CX
	JEQ   zdone

zloop:
	VMOVUPS      (DI), Z12
	VMOVUPS      (DI)(R13*1), Z13
	VBROADCASTSS (SI), Z14
	VFMADD231PS  Z12, Z14, Z0
	VFMADD231PS  Z13, Z14, Z1
	VBROADCASTSS (SI)(R10*1), Z15
	VFMADD231PS  Z12, Z15, Z2
	VFMADD231PS  Z13, Z15, Z3
	VBROADCASTSS (SI)(R10*2), Z16
	VFMADD231PS  Z12, Z16, Z4
	VFMADD231PS  Z13, Z16, Z5
	VBROADCASTSS (BX), Z17
	VFMADD231PS  Z12, Z17, Z6
	VFMADD231PS  Z13, Z17, Z7
	VBROADCASTSS (BX)(R10*1), Z18
	VFMADD231PS  Z12, Z18, Z8
	VFMADD231PS  Z13, Z18, Z9
	VBROADCASTSS (BX)(R10*2), Z19
	VFMADD231PS  Z12, Z19, Z10
	VFMADD231PS  Z13, Z19, Z11
	ADDQ         R12, SI
	ADDQ         R12, BX
	ADDQ         $64, DI
	DECQ         CX
	JNE          zloop

zdone:
	MOVQ  acc+56(FP), AX
	TESTQ AX, AX
	JEQ   zstore
	MOVQ  DX, R9
	VADDPS (R9), Z0, Z0
	VADDPS 64(R9), Z1, Z1
	ADDQ   R8, R9
	VADDPS (R9), Z2, Z2
	VADDPS 64(R9), Z3, Z3
	ADDQ   R8, R9
	VADDPS (R9), Z4, Z4
	VADDPS 64(R9), Z5, Z5
	ADDQ   R8, R9
	VADDPS (R9), Z6, Z6
	VADDPS 64(R9), Z7, Z7
	ADDQ   R8, R9
	VADDPS (R9), Z8, Z8
	VADDPS 64(R9), Z9, Z9
	ADDQ   R8, R9
	VADDPS (R9), Z10, Z10
	VADDPS 64(R9), Z11, Z11

zstore:
	VMOVUPS Z0, (DX)
	VMOVUPS Z1, 64(DX)
	ADDQ    R8, DX
	VMOVUPS Z2, (DX)
	VMOVUPS Z3, 64(DX)
	ADDQ    R8, DX
	VMOVUPS Z4, (DX)
	VMOVUPS Z5, 64(DX)
	ADDQ    R8, DX
	VMOVUPS Z6, (DX)
	VMOVUPS Z7, 64(DX)
	ADDQ    R8, DX
	VMOVUPS Z8, (DX)
	VMOVUPS Z9, 64(DX)
	ADDQ    R8, DX
	VMOVUPS Z10, (DX)
	VMOVUPS Z11, 64(DX)
	VZEROUPPER
	RET

// func kern4x16dz(k int, a *float64, rs, ks int, b, c *float64, ldc int, acc int)
//
// kern4x8s on two adjacent packed 8-column panels of B at once, in
// AVX-512: C[0:4, 0:16] (row stride ldc doubles) = (acc ≠ 0 ? C : 0) +
// Σ_p a_p ⊗ [b0_p, b1_p], where b0_p = b[8p:8p+8] and b1_p =
// b[8k+8p:8k+8p+8], row r of a_p at byte offset r·rs + p·ks from a. Each
// row of the tile is two registers of 8 doubles: eight accumulators, each
// step 8 fused multiply-adds for 2 loads of B and 4 broadcasts of A.
// Every element gets kern4x8s's sequence of operations, so the two give
// the same bits.
TEXT ·kern4x16dz(SB), NOSPLIT, $0-64
	MOVQ k+0(FP), CX
	MOVQ a+8(FP), SI
	MOVQ rs+16(FP), R10
	MOVQ ks+24(FP), R12
	MOVQ b+32(FP), DI
	MOVQ c+40(FP), DX
	MOVQ ldc+48(FP), R8
	SHLQ $3, R8
	MOVQ CX, R13
	SHLQ $6, R13            // 64·k bytes: the second panel
	LEAQ (R10)(R10*2), R11
	VPXORD Z0, Z0, Z0
	VPXORD Z1, Z1, Z1
	VPXORD Z2, Z2, Z2
	VPXORD Z3, Z3, Z3
	VPXORD Z4, Z4, Z4
	VPXORD Z5, Z5, Z5
	VPXORD Z6, Z6, Z6
	VPXORD Z7, Z7, Z7
	TESTQ CX, CX
	JEQ   dzdone

dzloop:
	VMOVUPD      (DI), Z8
	VMOVUPD      (DI)(R13*1), Z9
	VBROADCASTSD (SI), Z10
	VFMADD231PD  Z8, Z10, Z0
	VFMADD231PD  Z9, Z10, Z1
	VBROADCASTSD (SI)(R10*1), Z11
	VFMADD231PD  Z8, Z11, Z2
	VFMADD231PD  Z9, Z11, Z3
	VBROADCASTSD (SI)(R10*2), Z12
	VFMADD231PD  Z8, Z12, Z4
	VFMADD231PD  Z9, Z12, Z5
	VBROADCASTSD (SI)(R11*1), Z13
	VFMADD231PD  Z8, Z13, Z6
	VFMADD231PD  Z9, Z13, Z7
	ADDQ         R12, SI
	ADDQ         $64, DI
	DECQ         CX
	JNE          dzloop

dzdone:
	MOVQ  acc+56(FP), AX
	TESTQ AX, AX
	JEQ   dzstore
	MOVQ  DX, R9
	VADDPD (R9), Z0, Z0
	VADDPD 64(R9), Z1, Z1
	ADDQ   R8, R9
	VADDPD (R9), Z2, Z2
	VADDPD 64(R9), Z3, Z3
	ADDQ   R8, R9
	VADDPD (R9), Z4, Z4
	VADDPD 64(R9), Z5, Z5
	ADDQ   R8, R9
	VADDPD (R9), Z6, Z6
	VADDPD 64(R9), Z7, Z7

dzstore:
	VMOVUPD Z0, (DX)
	VMOVUPD Z1, 64(DX)
	ADDQ    R8, DX
	VMOVUPD Z2, (DX)
	VMOVUPD Z3, 64(DX)
	ADDQ    R8, DX
	VMOVUPD Z4, (DX)
	VMOVUPD Z5, 64(DX)
	ADDQ    R8, DX
	VMOVUPD Z6, (DX)
	VMOVUPD Z7, 64(DX)
	VZEROUPPER
	RET

// func kern4x32z(k int, a *float32, rs, ks int, b, c *float32, ldc int, acc int)
//
// kern4x16s on two adjacent packed 16-column panels of B at once, in
// AVX-512: C[0:4, 0:32] (row stride ldc floats) = (acc ≠ 0 ? C : 0) +
// Σ_p a_p ⊗ [b0_p, b1_p], where b0_p = b[16p:16p+16] and b1_p =
// b[16k+16p:16k+16p+16], row r of a_p at byte offset r·rs + p·ks from a.
// Each row of the tile is two registers of 16 floats: eight accumulators,
// each step 8 fused multiply-adds for 2 loads of B and 4 broadcasts of A.
// Every element gets kern4x16s's sequence of operations, so the two give
// the same bits.
TEXT ·kern4x32z(SB), NOSPLIT, $0-64
	MOVQ k+0(FP), CX
	MOVQ a+8(FP), SI
	MOVQ rs+16(FP), R10
	MOVQ ks+24(FP), R12
	MOVQ b+32(FP), DI
	MOVQ c+40(FP), DX
	MOVQ ldc+48(FP), R8
	SHLQ $2, R8
	MOVQ CX, R13
	SHLQ $6, R13            // 64·k bytes: the second panel
	LEAQ (R10)(R10*2), R11
	VPXORD Z0, Z0, Z0
	VPXORD Z1, Z1, Z1
	VPXORD Z2, Z2, Z2
	VPXORD Z3, Z3, Z3
	VPXORD Z4, Z4, Z4
	VPXORD Z5, Z5, Z5
	VPXORD Z6, Z6, Z6
	VPXORD Z7, Z7, Z7
	TESTQ CX, CX
	JEQ   zfdone

zfloop:
	VMOVUPS      (DI), Z8
	VMOVUPS      (DI)(R13*1), Z9
	VBROADCASTSS (SI), Z10
	VFMADD231PS  Z8, Z10, Z0
	VFMADD231PS  Z9, Z10, Z1
	VBROADCASTSS (SI)(R10*1), Z11
	VFMADD231PS  Z8, Z11, Z2
	VFMADD231PS  Z9, Z11, Z3
	VBROADCASTSS (SI)(R10*2), Z12
	VFMADD231PS  Z8, Z12, Z4
	VFMADD231PS  Z9, Z12, Z5
	VBROADCASTSS (SI)(R11*1), Z13
	VFMADD231PS  Z8, Z13, Z6
	VFMADD231PS  Z9, Z13, Z7
	ADDQ         R12, SI
	ADDQ         $64, DI
	DECQ         CX
	JNE          zfloop

zfdone:
	MOVQ  acc+56(FP), AX
	TESTQ AX, AX
	JEQ   zfstore
	MOVQ  DX, R9
	VADDPS (R9), Z0, Z0
	VADDPS 64(R9), Z1, Z1
	ADDQ   R8, R9
	VADDPS (R9), Z2, Z2
	VADDPS 64(R9), Z3, Z3
	ADDQ   R8, R9
	VADDPS (R9), Z4, Z4
	VADDPS 64(R9), Z5, Z5
	ADDQ   R8, R9
	VADDPS (R9), Z6, Z6
	VADDPS 64(R9), Z7, Z7

zfstore:
	VMOVUPS Z0, (DX)
	VMOVUPS Z1, 64(DX)
	ADDQ    R8, DX
	VMOVUPS Z2, (DX)
	VMOVUPS Z3, 64(DX)
	ADDQ    R8, DX
	VMOVUPS Z4, (DX)
	VMOVUPS Z5, 64(DX)
	ADDQ    R8, DX
	VMOVUPS Z6, (DX)
	VMOVUPS Z7, 64(DX)
	VZEROUPPER
	RET

// func kern6x8d(k int, a *float64, rs, ks int, b, c *float64, ldc int, acc int)
//
// kern4x8s with six rows: C[0:6, 0:8] (row stride ldc doubles) =
// (acc ≠ 0 ? C : 0) + Σ_p a_p ⊗ b[8p:8p+8], row r of a_p at byte offset
// r·rs + p·ks from a. Twelve accumulators of 4 doubles (each step is 12
// fused multiply-adds for 2 loads of B), as kern6x16s for float32; every
// element gets kern4x8s's sequence of operations (one fused multiply-add
// per step in increasing p, then the add of C), so the two give the same
// bits. AVX2 + FMA.
TEXT ·kern6x8d(SB), NOSPLIT, $0-64
	MOVQ k+0(FP), CX
	MOVQ a+8(FP), SI
	MOVQ rs+16(FP), R10
	MOVQ ks+24(FP), R12
	MOVQ b+32(FP), DI
	MOVQ c+40(FP), DX
	MOVQ ldc+48(FP), R8
	SHLQ $3, R8
	LEAQ (R10)(R10*2), R11
	LEAQ (SI)(R11*1), BX
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	VXORPD Y4, Y4, Y4
	VXORPD Y5, Y5, Y5
	VXORPD Y6, Y6, Y6
	VXORPD Y7, Y7, Y7
	VXORPD Y8, Y8, Y8
	VXORPD Y9, Y9, Y9
	VXORPD Y10, Y10, Y10
	VXORPD Y11, Y11, Y11
	TESTQ CX, CX
	JEQ   d6done

d6loop:
	VMOVUPD      (DI), Y12
	VMOVUPD      32(DI), Y13
	VBROADCASTSD (SI), Y14
	VFMADD231PD  Y12, Y14, Y0
	VFMADD231PD  Y13, Y14, Y1
	VBROADCASTSD (SI)(R10*1), Y15
	VFMADD231PD  Y12, Y15, Y2
	VFMADD231PD  Y13, Y15, Y3
	VBROADCASTSD (SI)(R10*2), Y14
	VFMADD231PD  Y12, Y14, Y4
	VFMADD231PD  Y13, Y14, Y5
	VBROADCASTSD (BX), Y15
	VFMADD231PD  Y12, Y15, Y6
	VFMADD231PD  Y13, Y15, Y7
	VBROADCASTSD (BX)(R10*1), Y14
	VFMADD231PD  Y12, Y14, Y8
	VFMADD231PD  Y13, Y14, Y9
	VBROADCASTSD (BX)(R10*2), Y15
	VFMADD231PD  Y12, Y15, Y10
	VFMADD231PD  Y13, Y15, Y11
	ADDQ         R12, SI
	ADDQ         R12, BX
	ADDQ         $64, DI
	DECQ         CX
	JNE          d6loop

d6done:
	MOVQ  acc+56(FP), AX
	TESTQ AX, AX
	JEQ   d6store
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
	ADDQ   R8, R9
	VADDPD (R9), Y8, Y8
	VADDPD 32(R9), Y9, Y9
	ADDQ   R8, R9
	VADDPD (R9), Y10, Y10
	VADDPD 32(R9), Y11, Y11

d6store:
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
	ADDQ    R8, DX
	VMOVUPD Y8, (DX)
	VMOVUPD Y9, 32(DX)
	ADDQ    R8, DX
	VMOVUPD Y10, (DX)
	VMOVUPD Y11, 32(DX)
	VZEROUPPER
	RET

// func kern6x16dz(k int, a *float64, rs, ks int, b, c *float64, ldc int, acc int)
//
// kern6x8d on two adjacent packed 8-column panels of B at once, in
// AVX-512: C[0:6, 0:16] (row stride ldc doubles) = (acc ≠ 0 ? C : 0) +
// Σ_p a_p ⊗ [b0_p, b1_p], where b0_p = b[8p:8p+8] and b1_p =
// b[8k+8p:8k+8p+8], row r of a_p at byte offset r·rs + p·ks from a. Each
// row of the tile is two registers of 8 doubles: twelve accumulators,
// each step 12 fused multiply-adds for 2 loads of B and 6 broadcasts of
// A. Every element gets kern4x8s's sequence of operations, so the same
// bits.
TEXT ·kern6x16dz(SB), NOSPLIT, $0-64
	MOVQ k+0(FP), CX
	MOVQ a+8(FP), SI
	MOVQ rs+16(FP), R10
	MOVQ ks+24(FP), R12
	MOVQ b+32(FP), DI
	MOVQ c+40(FP), DX
	MOVQ ldc+48(FP), R8
	SHLQ $3, R8
	MOVQ CX, R13
	SHLQ $6, R13            // 64·k bytes: the second panel
	LEAQ (R10)(R10*2), R11
	LEAQ (SI)(R11*1), BX
	VPXORD Z0, Z0, Z0
	VPXORD Z1, Z1, Z1
	VPXORD Z2, Z2, Z2
	VPXORD Z3, Z3, Z3
	VPXORD Z4, Z4, Z4
	VPXORD Z5, Z5, Z5
	VPXORD Z6, Z6, Z6
	VPXORD Z7, Z7, Z7
	VPXORD Z8, Z8, Z8
	VPXORD Z9, Z9, Z9
	VPXORD Z10, Z10, Z10
	VPXORD Z11, Z11, Z11
	TESTQ CX, CX
	JEQ   d6zdone

d6zloop:
	VMOVUPD      (DI), Z12
	VMOVUPD      (DI)(R13*1), Z13
	VBROADCASTSD (SI), Z14
	VFMADD231PD  Z12, Z14, Z0
	VFMADD231PD  Z13, Z14, Z1
	VBROADCASTSD (SI)(R10*1), Z15
	VFMADD231PD  Z12, Z15, Z2
	VFMADD231PD  Z13, Z15, Z3
	VBROADCASTSD (SI)(R10*2), Z16
	VFMADD231PD  Z12, Z16, Z4
	VFMADD231PD  Z13, Z16, Z5
	VBROADCASTSD (BX), Z17
	VFMADD231PD  Z12, Z17, Z6
	VFMADD231PD  Z13, Z17, Z7
	VBROADCASTSD (BX)(R10*1), Z18
	VFMADD231PD  Z12, Z18, Z8
	VFMADD231PD  Z13, Z18, Z9
	VBROADCASTSD (BX)(R10*2), Z19
	VFMADD231PD  Z12, Z19, Z10
	VFMADD231PD  Z13, Z19, Z11
	ADDQ         R12, SI
	ADDQ         R12, BX
	ADDQ         $64, DI
	DECQ         CX
	JNE          d6zloop

d6zdone:
	MOVQ  acc+56(FP), AX
	TESTQ AX, AX
	JEQ   d6zstore
	MOVQ  DX, R9
	VADDPD (R9), Z0, Z0
	VADDPD 64(R9), Z1, Z1
	ADDQ   R8, R9
	VADDPD (R9), Z2, Z2
	VADDPD 64(R9), Z3, Z3
	ADDQ   R8, R9
	VADDPD (R9), Z4, Z4
	VADDPD 64(R9), Z5, Z5
	ADDQ   R8, R9
	VADDPD (R9), Z6, Z6
	VADDPD 64(R9), Z7, Z7
	ADDQ   R8, R9
	VADDPD (R9), Z8, Z8
	VADDPD 64(R9), Z9, Z9
	ADDQ   R8, R9
	VADDPD (R9), Z10, Z10
	VADDPD 64(R9), Z11, Z11

d6zstore:
	VMOVUPD Z0, (DX)
	VMOVUPD Z1, 64(DX)
	ADDQ    R8, DX
	VMOVUPD Z2, (DX)
	VMOVUPD Z3, 64(DX)
	ADDQ    R8, DX
	VMOVUPD Z4, (DX)
	VMOVUPD Z5, 64(DX)
	ADDQ    R8, DX
	VMOVUPD Z6, (DX)
	VMOVUPD Z7, 64(DX)
	ADDQ    R8, DX
	VMOVUPD Z8, (DX)
	VMOVUPD Z9, 64(DX)
	ADDQ    R8, DX
	VMOVUPD Z10, (DX)
	VMOVUPD Z11, 64(DX)
	VZEROUPPER
	RET

// func transpose4d(dst *float64, ds int, src *float64, ss int, blocks int)
//
// Transposes blocks 4×4 blocks of float64: for block q, row i of the
// source (4 doubles at byte offset i·ss + 32q from src) becomes column i
// of the destination (row r at byte offset (4q + r)·ds from dst). Used to
// pack a transposed float64 B (packB). Moves values only. AVX.
TEXT ·transpose4d(SB), NOSPLIT, $0-40
	MOVQ dst+0(FP), DI
	MOVQ ds+8(FP), R8
	MOVQ src+16(FP), SI
	MOVQ ss+24(FP), R9
	MOVQ blocks+32(FP), CX
	LEAQ (R9)(R9*2), R10 // 3·ss
	LEAQ (R8)(R8*2), R11 // 3·ds
	TESTQ CX, CX
	JEQ   t4done

t4loop:
	VMOVUPD    (SI), Y0
	VMOVUPD    (SI)(R9*1), Y1
	VMOVUPD    (SI)(R9*2), Y2
	VMOVUPD    (SI)(R10*1), Y3
	VUNPCKLPD  Y1, Y0, Y4 // r0_0 r1_0 r0_2 r1_2
	VUNPCKHPD  Y1, Y0, Y5 // r0_1 r1_1 r0_3 r1_3
	VUNPCKLPD  Y3, Y2, Y6 // r2_0 r3_0 r2_2 r3_2
	VUNPCKHPD  Y3, Y2, Y7 // r2_1 r3_1 r2_3 r3_3
	VPERM2F128 $0x20, Y6, Y4, Y0
	VPERM2F128 $0x20, Y7, Y5, Y1
	VPERM2F128 $0x31, Y6, Y4, Y2
	VPERM2F128 $0x31, Y7, Y5, Y3
	VMOVUPD    Y0, (DI)
	VMOVUPD    Y1, (DI)(R8*1)
	VMOVUPD    Y2, (DI)(R8*2)
	VMOVUPD    Y3, (DI)(R11*1)
	LEAQ       (DI)(R8*4), DI
	ADDQ       $32, SI
	DECQ       CX
	JNE        t4loop

t4done:
	VZEROUPPER
	RET
