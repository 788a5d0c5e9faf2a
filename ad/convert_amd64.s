//go:build amd64 && !purego

#include "textflag.h"

// func vnarrow(d *float32, s *float64, n int)
//
// d[i] = float32(s[i]) for i < n, n a multiple of 8: VCVTPD2PS rounds to
// nearest even as Go's conversion (CVTSD2SS) does. AVX.
TEXT ·vnarrow(SB), NOSPLIT, $0-24
	MOVQ d+0(FP), DI
	MOVQ s+8(FP), SI
	MOVQ n+16(FP), CX
	SHRQ $3, CX
	JEQ  ndone

nloop:
	VCVTPD2PSY (SI), X0
	VCVTPD2PSY 32(SI), X1
	VMOVUPS    X0, (DI)
	VMOVUPS    X1, 16(DI)
	ADDQ       $64, SI
	ADDQ       $32, DI
	DECQ       CX
	JNE        nloop

ndone:
	VZEROUPPER
	RET

// func vwiden(d *float64, s *float32, n int)
//
// d[i] = float64(s[i]) for i < n, n a multiple of 8 (exact). AVX.
TEXT ·vwiden(SB), NOSPLIT, $0-24
	MOVQ d+0(FP), DI
	MOVQ s+8(FP), SI
	MOVQ n+16(FP), CX
	SHRQ $3, CX
	JEQ  wdone

wloop:
	VCVTPS2PD (SI), Y0
	VCVTPS2PD 16(SI), Y1
	VMOVUPD   Y0, (DI)
	VMOVUPD   Y1, 32(DI)
	ADDQ      $32, SI
	ADDQ      $64, DI
	DECQ      CX
	JNE       wloop

wdone:
	VZEROUPPER
	RET
