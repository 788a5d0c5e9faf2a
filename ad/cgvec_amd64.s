//go:build amd64 && !purego

#include "textflag.h"

// CG32's blocked vector passes in AVX2 (see cgvec.go): 8 elements per step,
// the inner products in 8 lanes (element i of a call into lane i mod 8: Y4
// holds lanes 0–3, Y5 lanes 4–7), stored to lanes for the caller to finish
// and combine. Every element gets the IEEE operations of the Go loops of
// cgvec.go (separate multiplies and adds, no fused multiply-add), in the
// same order. n is a multiple of 8.

// func vcgCurv32(out *float32, p *float64, n int, lambda float64, lanes *[8]float64)
//
// lanes[i mod 8] += p[i]·(float64(out[i]) + λ·p[i]).
TEXT ·vcgCurv32(SB), NOSPLIT, $0-40
	MOVQ         out+0(FP), SI
	MOVQ         p+8(FP), DX
	MOVQ         n+16(FP), CX
	VBROADCASTSD lambda+24(FP), Y3
	MOVQ         lanes+32(FP), DI
	VXORPD       Y4, Y4, Y4
	VXORPD       Y5, Y5, Y5
	SHRQ         $3, CX
	JEQ          cdone

cloop:
	VCVTPS2PD (SI), Y0   // out[i:i+4]
	VCVTPS2PD 16(SI), Y1 // out[i+4:i+8]
	VMOVUPD   (DX), Y6   // p[i:i+4]
	VMOVUPD   32(DX), Y7
	VMULPD    Y6, Y3, Y8 // λp
	VMULPD    Y7, Y3, Y9
	VADDPD    Y8, Y0, Y0 // a = out + λp
	VADDPD    Y9, Y1, Y1
	VMULPD    Y0, Y6, Y0 // p·a
	VMULPD    Y1, Y7, Y1
	VADDPD    Y0, Y4, Y4
	VADDPD    Y1, Y5, Y5
	ADDQ      $32, SI
	ADDQ      $64, DX
	DECQ      CX
	JNE       cloop

cdone:
	VMOVUPD Y4, (DI)
	VMOVUPD Y5, 32(DI)
	VZEROUPPER
	RET

// func vcgResid32(out *float32, p, r *float64, n int, lambda, alpha float64, lanes *[8]float64)
//
// r[i] −= α·(float64(out[i]) + λ·p[i]); lanes[i mod 8] += r[i]·r[i].
TEXT ·vcgResid32(SB), NOSPLIT, $0-56
	MOVQ         out+0(FP), SI
	MOVQ         p+8(FP), DX
	MOVQ         r+16(FP), BX
	MOVQ         n+24(FP), CX
	VBROADCASTSD lambda+32(FP), Y3
	VBROADCASTSD alpha+40(FP), Y2
	MOVQ         lanes+48(FP), DI
	VXORPD       Y4, Y4, Y4
	VXORPD       Y5, Y5, Y5
	SHRQ         $3, CX
	JEQ          rdone

rloop:
	VCVTPS2PD (SI), Y0
	VCVTPS2PD 16(SI), Y1
	VMULPD    (DX), Y3, Y8   // λp
	VMULPD    32(DX), Y3, Y9
	VADDPD    Y8, Y0, Y0     // a = out + λp
	VADDPD    Y9, Y1, Y1
	VMULPD    Y0, Y2, Y0     // αa
	VMULPD    Y1, Y2, Y1
	VMOVUPD   (BX), Y6       // r
	VMOVUPD   32(BX), Y7
	VSUBPD    Y0, Y6, Y6     // r − αa
	VSUBPD    Y1, Y7, Y7
	VMOVUPD   Y6, (BX)
	VMOVUPD   Y7, 32(BX)
	VMULPD    Y6, Y6, Y6     // r²
	VMULPD    Y7, Y7, Y7
	VADDPD    Y6, Y4, Y4
	VADDPD    Y7, Y5, Y5
	ADDQ      $32, SI
	ADDQ      $64, DX
	ADDQ      $64, BX
	DECQ      CX
	JNE       rloop

rdone:
	VMOVUPD Y4, (DI)
	VMOVUPD Y5, 32(DI)
	VZEROUPPER
	RET

// func vcgStep32(x, p, r *float64, in *float32, n int, alpha, beta float64)
//
// x[i] += α·p[i]; p[i] = r[i] + β·p[i]; in[i] = float32(p[i]) (VCVTPD2PS
// rounds to nearest even, as Go's conversion).
TEXT ·vcgStep32(SB), NOSPLIT, $0-56
	MOVQ         x+0(FP), DI
	MOVQ         p+8(FP), DX
	MOVQ         r+16(FP), BX
	MOVQ         in+24(FP), SI
	MOVQ         n+32(FP), CX
	VBROADCASTSD alpha+40(FP), Y2
	VBROADCASTSD beta+48(FP), Y3
	SHRQ         $3, CX
	JEQ          sdone

sloop:
	VMOVUPD    (DX), Y0       // p
	VMOVUPD    32(DX), Y1
	VMULPD     Y0, Y2, Y6     // αp
	VMULPD     Y1, Y2, Y7
	VADDPD     (DI), Y6, Y6   // x + αp
	VADDPD     32(DI), Y7, Y7
	VMOVUPD    Y6, (DI)
	VMOVUPD    Y7, 32(DI)
	VMULPD     Y0, Y3, Y0     // βp
	VMULPD     Y1, Y3, Y1
	VADDPD     (BX), Y0, Y0   // r + βp
	VADDPD     32(BX), Y1, Y1
	VMOVUPD    Y0, (DX)
	VMOVUPD    Y1, 32(DX)
	VCVTPD2PSY Y0, X0
	VCVTPD2PSY Y1, X1
	VMOVUPS    X0, (SI)
	VMOVUPS    X1, 16(SI)
	ADDQ       $64, DI
	ADDQ       $64, DX
	ADDQ       $64, BX
	ADDQ       $32, SI
	DECQ       CX
	JNE        sloop

sdone:
	VZEROUPPER
	RET

// func vcgStep64(x, p, r, in *float64, n int, alpha, beta float64)
//
// vcgStep32 for float64 vectors: x[i] += α·p[i]; p[i] = r[i] + β·p[i];
// in[i] = p[i] (separate multiplies and adds, as the Go loop cgStep).
TEXT ·vcgStep64(SB), NOSPLIT, $0-56
	MOVQ         x+0(FP), DI
	MOVQ         p+8(FP), DX
	MOVQ         r+16(FP), BX
	MOVQ         in+24(FP), SI
	MOVQ         n+32(FP), CX
	VBROADCASTSD alpha+40(FP), Y2
	VBROADCASTSD beta+48(FP), Y3
	SHRQ         $3, CX
	JEQ          s64done

s64loop:
	VMOVUPD    (DX), Y0       // p
	VMOVUPD    32(DX), Y1
	VMULPD     Y0, Y2, Y6     // αp
	VMULPD     Y1, Y2, Y7
	VADDPD     (DI), Y6, Y6   // x + αp
	VADDPD     32(DI), Y7, Y7
	VMOVUPD    Y6, (DI)
	VMOVUPD    Y7, 32(DI)
	VMULPD     Y0, Y3, Y0     // βp
	VMULPD     Y1, Y3, Y1
	VADDPD     (BX), Y0, Y0   // r + βp
	VADDPD     32(BX), Y1, Y1
	VMOVUPD    Y0, (DX)
	VMOVUPD    Y1, 32(DX)
	VMOVUPD    Y0, (SI)
	VMOVUPD    Y1, 32(SI)
	ADDQ       $64, DI
	ADDQ       $64, DX
	ADDQ       $64, BX
	ADDQ       $64, SI
	DECQ       CX
	JNE        s64loop

s64done:
	VZEROUPPER
	RET

// func vdotLanes(x, y *float64, n int, lanes *[8]float64)
//
// lanes[i mod 8] += x[i]·y[i].
TEXT ·vdotLanes(SB), NOSPLIT, $0-32
	MOVQ   x+0(FP), SI
	MOVQ   y+8(FP), DX
	MOVQ   n+16(FP), CX
	MOVQ   lanes+24(FP), DI
	VXORPD Y4, Y4, Y4
	VXORPD Y5, Y5, Y5
	SHRQ   $3, CX
	JEQ    ddone

dloop:
	VMOVUPD (SI), Y0
	VMOVUPD 32(SI), Y1
	VMULPD  (DX), Y0, Y0
	VMULPD  32(DX), Y1, Y1
	VADDPD  Y0, Y4, Y4
	VADDPD  Y1, Y5, Y5
	ADDQ    $64, SI
	ADDQ    $64, DX
	DECQ    CX
	JNE     dloop

ddone:
	VMOVUPD Y4, (DI)
	VMOVUPD Y5, 32(DI)
	VZEROUPPER
	RET
