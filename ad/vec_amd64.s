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
