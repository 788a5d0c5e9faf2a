//go:build amd64 && !purego

#include "textflag.h"

// Elementwise kernels in AVX2, one 32-byte vector (8 floats or 4 doubles)
// per step; see vec_amd64.go. Each element is computed by the same IEEE
// operations, in the same order, as the Go loop it replaces, so the results
// are bit for bit those of the Go code.

DATA vOne32<>+0(SB)/4, $0x3f800000 // 1.0f
GLOBL vOne32<>(SB), RODATA|NOPTR, $4
DATA vOne64<>+0(SB)/8, $0x3ff0000000000000 // 1.0
GLOBL vOne64<>(SB), RODATA|NOPTR, $8

// BINARY defines func name(d, a, b unsafe.Pointer, n int): d[i] = a[i] op b[i]
// for n/per vectors (callers pass whole vectors).
#define BINARY(name, op, per) \
TEXT name(SB), NOSPLIT, $0-32; \
	MOVQ d+0(FP), DI; \
	MOVQ a+8(FP), SI; \
	MOVQ b+16(FP), DX; \
	MOVQ n+24(FP), CX; \
	SHRQ $per, CX; \
	JEQ  done; \
loop: \
	VMOVUPS (SI), Y0; \
	op (DX), Y0, Y0; \
	VMOVUPS Y0, (DI); \
	ADDQ $32, SI; \
	ADDQ $32, DX; \
	ADDQ $32, DI; \
	DECQ CX; \
	JNE  loop; \
done: \
	VZEROUPPER; \
	RET

BINARY(·vadd32, VADDPS, 3)
BINARY(·vsub32, VSUBPS, 3)
BINARY(·vmul32, VMULPS, 3)
BINARY(·vdiv32, VDIVPS, 3)
BINARY(·vadd64, VADDPD, 2)
BINARY(·vsub64, VSUBPD, 2)
BINARY(·vmul64, VMULPD, 2)
BINARY(·vdiv64, VDIVPD, 2)

// func vtanhGrad32(d, u, y unsafe.Pointer, n int): d[i] = u[i]·(1 − y[i]·y[i]).
TEXT ·vtanhGrad32(SB), NOSPLIT, $0-32
	MOVQ d+0(FP), DI
	MOVQ u+8(FP), SI
	MOVQ y+16(FP), DX
	MOVQ n+24(FP), CX
	SHRQ $3, CX
	JEQ  done
	VBROADCASTSS vOne32<>(SB), Y3
loop:
	VMOVUPS (DX), Y1
	VMULPS  Y1, Y1, Y1 // y²
	VSUBPS  Y1, Y3, Y1 // 1 − y²
	VMULPS  (SI), Y1, Y1
	VMOVUPS Y1, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DX
	ADDQ    $32, DI
	DECQ    CX
	JNE     loop
done:
	VZEROUPPER
	RET

// func vtanhGrad64(d, u, y unsafe.Pointer, n int): d[i] = u[i]·(1 − y[i]·y[i]).
TEXT ·vtanhGrad64(SB), NOSPLIT, $0-32
	MOVQ d+0(FP), DI
	MOVQ u+8(FP), SI
	MOVQ y+16(FP), DX
	MOVQ n+24(FP), CX
	SHRQ $2, CX
	JEQ  done
	VBROADCASTSD vOne64<>(SB), Y3
loop:
	VMOVUPD (DX), Y1
	VMULPD  Y1, Y1, Y1
	VSUBPD  Y1, Y3, Y1
	VMULPD  (SI), Y1, Y1
	VMOVUPD Y1, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DX
	ADDQ    $32, DI
	DECQ    CX
	JNE     loop
done:
	VZEROUPPER
	RET

// ROWS defines func name(d, a, r unsafe.Pointer, rows, cols int):
// d[i·cols + j] = a[i·cols + j] op r[j] for i < rows, j < cols, cols a
// multiple of the vector width (one row r broadcast over the rows of a).
#define ROWS(name, op, per) \
TEXT name(SB), NOSPLIT, $0-40; \
	MOVQ d+0(FP), DI; \
	MOVQ a+8(FP), SI; \
	MOVQ r+16(FP), DX; \
	MOVQ rows+24(FP), CX; \
	MOVQ cols+32(FP), R8; \
	SHRQ $per, R8; \
	TESTQ CX, CX; \
	JEQ  done; \
	TESTQ R8, R8; \
	JEQ  done; \
row: \
	MOVQ DX, R10; \
	MOVQ R8, R9; \
col: \
	VMOVUPS (SI), Y0; \
	op (R10), Y0, Y0; \
	VMOVUPS Y0, (DI); \
	ADDQ $32, SI; \
	ADDQ $32, R10; \
	ADDQ $32, DI; \
	DECQ R9; \
	JNE  col; \
	DECQ CX; \
	JNE  row; \
done: \
	VZEROUPPER; \
	RET

ROWS(·vaddRows32, VADDPS, 3)
ROWS(·vaddRows64, VADDPD, 2)

// COLSUMS defines func name(d, x unsafe.Pointer, rows, cols, ld int):
// d[j] = ((0 + x[j]) + x[ld + j]) + … over the rows in order, for j < cols,
// cols a multiple of the vector width; ld is x's row stride in elements.
// Four registers of columns at a time, then one.
#define COLSUMS(name, add, per, shift) \
TEXT name(SB), NOSPLIT, $0-40; \
	MOVQ d+0(FP), DI; \
	MOVQ x+8(FP), SI; \
	MOVQ rows+16(FP), CX; \
	MOVQ cols+24(FP), R8; \
	SHRQ $per, R8; \
	MOVQ ld+32(FP), R11; \
	SHLQ $shift, R11; \
wide: \
	CMPQ R8, $4; \
	JLT  narrow; \
	VXORPS Y0, Y0, Y0; \
	VXORPS Y1, Y1, Y1; \
	VXORPS Y2, Y2, Y2; \
	VXORPS Y3, Y3, Y3; \
	MOVQ SI, R10; \
	MOVQ CX, R9; \
	TESTQ R9, R9; \
	JEQ  wstore; \
wrow: \
	add (R10), Y0, Y0; \
	add 32(R10), Y1, Y1; \
	add 64(R10), Y2, Y2; \
	add 96(R10), Y3, Y3; \
	ADDQ R11, R10; \
	DECQ R9; \
	JNE  wrow; \
wstore: \
	VMOVUPS Y0, (DI); \
	VMOVUPS Y1, 32(DI); \
	VMOVUPS Y2, 64(DI); \
	VMOVUPS Y3, 96(DI); \
	ADDQ $128, SI; \
	ADDQ $128, DI; \
	SUBQ $4, R8; \
	JMP  wide; \
narrow: \
	TESTQ R8, R8; \
	JEQ  done; \
	VXORPS Y0, Y0, Y0; \
	MOVQ SI, R10; \
	MOVQ CX, R9; \
	TESTQ R9, R9; \
	JEQ  nstore; \
nrow: \
	add (R10), Y0, Y0; \
	ADDQ R11, R10; \
	DECQ R9; \
	JNE  nrow; \
nstore: \
	VMOVUPS Y0, (DI); \
	ADDQ $32, SI; \
	ADDQ $32, DI; \
	DECQ R8; \
	JMP  narrow; \
done: \
	VZEROUPPER; \
	RET

COLSUMS(·vcolSums32, VADDPS, 3, 2)
COLSUMS(·vcolSums64, VADDPD, 2, 3)

// func vaccRows64(h, x, w unsafe.Pointer, rows, cols, ldw int)
//
// h[j] = (…((h[j] + x[0]·w[j]) + x[1]·w[ldw + j]) + …) for j < cols, cols a
// multiple of 4: each product rounded, then each sum (no fused
// multiply-add), rows in order — what floats.AddScaled row by row gives.
// Thirty-two columns at a time (eight independent addition chains), then
// sixteen, then four. ldw in elements.
TEXT ·vaccRows64(SB), NOSPLIT, $0-48
	MOVQ h+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ w+16(FP), DX
	MOVQ rows+24(FP), CX
	MOVQ cols+32(FP), R8
	SHRQ $2, R8
	MOVQ ldw+40(FP), R11
	SHLQ $3, R11
	TESTQ CX, CX
	JEQ  done

wide32:
	CMPQ    R8, $8
	JLT     wide
	VMOVUPD (DI), Y0
	VMOVUPD 32(DI), Y1
	VMOVUPD 64(DI), Y2
	VMOVUPD 96(DI), Y3
	VMOVUPD 128(DI), Y9
	VMOVUPD 160(DI), Y10
	VMOVUPD 192(DI), Y11
	VMOVUPD 224(DI), Y12
	MOVQ    SI, R12
	MOVQ    DX, R10
	MOVQ    CX, R9

w32row:
	VBROADCASTSD (R12), Y4
	VMULPD       (R10), Y4, Y5
	VADDPD       Y5, Y0, Y0
	VMULPD       32(R10), Y4, Y6
	VADDPD       Y6, Y1, Y1
	VMULPD       64(R10), Y4, Y7
	VADDPD       Y7, Y2, Y2
	VMULPD       96(R10), Y4, Y8
	VADDPD       Y8, Y3, Y3
	VMULPD       128(R10), Y4, Y5
	VADDPD       Y5, Y9, Y9
	VMULPD       160(R10), Y4, Y6
	VADDPD       Y6, Y10, Y10
	VMULPD       192(R10), Y4, Y7
	VADDPD       Y7, Y11, Y11
	VMULPD       224(R10), Y4, Y8
	VADDPD       Y8, Y12, Y12
	ADDQ         $8, R12
	ADDQ         R11, R10
	DECQ         R9
	JNE          w32row

	VMOVUPD Y0, (DI)
	VMOVUPD Y1, 32(DI)
	VMOVUPD Y2, 64(DI)
	VMOVUPD Y3, 96(DI)
	VMOVUPD Y9, 128(DI)
	VMOVUPD Y10, 160(DI)
	VMOVUPD Y11, 192(DI)
	VMOVUPD Y12, 224(DI)
	ADDQ    $256, DI
	ADDQ    $256, DX
	SUBQ    $8, R8
	JMP     wide32

wide:
	CMPQ    R8, $4
	JLT     narrow
	VMOVUPD (DI), Y0
	VMOVUPD 32(DI), Y1
	VMOVUPD 64(DI), Y2
	VMOVUPD 96(DI), Y3
	MOVQ    SI, R12
	MOVQ    DX, R10
	MOVQ    CX, R9

wrow:
	VBROADCASTSD (R12), Y4
	VMULPD       (R10), Y4, Y5
	VADDPD       Y5, Y0, Y0
	VMULPD       32(R10), Y4, Y6
	VADDPD       Y6, Y1, Y1
	VMULPD       64(R10), Y4, Y7
	VADDPD       Y7, Y2, Y2
	VMULPD       96(R10), Y4, Y8
	VADDPD       Y8, Y3, Y3
	ADDQ         $8, R12
	ADDQ         R11, R10
	DECQ         R9
	JNE          wrow

	VMOVUPD Y0, (DI)
	VMOVUPD Y1, 32(DI)
	VMOVUPD Y2, 64(DI)
	VMOVUPD Y3, 96(DI)
	ADDQ    $128, DI
	ADDQ    $128, DX
	SUBQ    $4, R8
	JMP     wide

narrow:
	TESTQ   R8, R8
	JEQ     done
	VMOVUPD (DI), Y0
	MOVQ    SI, R12
	MOVQ    DX, R10
	MOVQ    CX, R9

nrow:
	VBROADCASTSD (R12), Y4
	VMULPD       (R10), Y4, Y5
	VADDPD       Y5, Y0, Y0
	ADDQ         $8, R12
	ADDQ         R11, R10
	DECQ         R9
	JNE          nrow

	VMOVUPD Y0, (DI)
	ADDQ    $32, DI
	ADDQ    $32, DX
	DECQ    R8
	JMP     narrow

done:
	VZEROUPPER
	RET
