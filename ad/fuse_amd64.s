//go:build amd64 && !purego

#include "textflag.h"

// func vepilogue32(d, acc, row, x unsafe.Pointer, rows, cols8, ld int)
//
// The fused product's epilogue (fuse.go) on rows rows of cols8·8
// columns, rows ld floats apart in d, acc and x (row is one row): for each
// element v = d, or v = acc + d where acc is not nil (acc the first
// operand, as Add(acc, d) has it: the NaN returned when both are NaN),
// then v = v + row where
// row is not nil, v = v & mask where x is not nil (mask all ones when
// x > 0, ordered: false for NaN), then d = v. The same IEEE operations in
// the same order as Add, Add and ReluGrad one after the other. AVX2.
TEXT ·vepilogue32(SB), NOSPLIT, $0-56
	MOVQ d+0(FP), DI
	MOVQ acc+8(FP), SI
	MOVQ row+16(FP), R8
	MOVQ x+24(FP), DX
	MOVQ rows+32(FP), CX
	MOVQ cols8+40(FP), BX
	MOVQ ld+48(FP), R9
	SHLQ $2, R9
	TESTQ CX, CX
	JEQ  edone
	TESTQ BX, BX
	JEQ  edone
	VXORPS Y15, Y15, Y15

erow:
	XORQ AX, AX
	MOVQ BX, R10

ecol:
	TESTQ   SI, SI
	JEQ     enoacc
	VMOVUPS (SI)(AX*1), Y0
	VADDPS  (DI)(AX*1), Y0, Y0
	JMP     eacc

enoacc:
	VMOVUPS (DI)(AX*1), Y0

eacc:
	TESTQ  R8, R8
	JEQ    enorow
	VADDPS (R8)(AX*1), Y0, Y0

enorow:
	TESTQ   DX, DX
	JEQ     enox
	VMOVUPS (DX)(AX*1), Y1
	VCMPPS  $0x1e, Y15, Y1, Y1
	VANDPS  Y1, Y0, Y0

enox:
	VMOVUPS Y0, (DI)(AX*1)
	ADDQ    $32, AX
	DECQ    R10
	JNE     ecol
	ADDQ    R9, DI
	TESTQ   SI, SI
	JEQ     enextx
	ADDQ    R9, SI

enextx:
	TESTQ DX, DX
	JEQ   enext
	ADDQ  R9, DX

enext:
	DECQ CX
	JNE  erow

edone:
	VZEROUPPER
	RET
