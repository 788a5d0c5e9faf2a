//go:build amd64 && !purego

#include "textflag.h"

// Constants, four copies each (one YMM register).
#define CONST4(name, bits) \
	DATA name<>+0(SB)/8, $bits \
	DATA name<>+8(SB)/8, $bits \
	DATA name<>+16(SB)/8, $bits \
	DATA name<>+24(SB)/8, $bits \
	GLOBL name<>(SB), RODATA|NOPTR, $32

CONST4(tAbs, 0x7fffffffffffffff)
CONST4(tSign, 0x8000000000000000)
CONST4(tBig, 0x4034000000000000)     // 20
CONST4(tMinus2, 0xc000000000000000)  // −2
CONST4(tTwo, 0x4000000000000000)     // 2
CONST4(tOne, 0x3ff0000000000000)     // 1
CONST4(tLog2e, 0x3ff71547652b82fe)   // log2 e
CONST4(tShift, 0x4338000000000000)   // 1.5·2^52
CONST4(tLn2Hi, 0x3fe62e42fee00000)   // ln 2, high part
CONST4(tLn2Lo, 0x3dea39ef35793c76)   // ln 2 − high part
CONST4(tBias, 0x00000000000003ff)    // 1023
CONST4(tC2, 0x3fe0000000000000)      // 1/2!
CONST4(tC3, 0x3fc5555555555555)      // 1/3!
CONST4(tC4, 0x3fa5555555555555)      // 1/4!
CONST4(tC5, 0x3f81111111111111)      // 1/5!
CONST4(tC6, 0x3f56c16c16c16c17)      // 1/6!
CONST4(tC7, 0x3f2a01a01a01a01a)      // 1/7!
CONST4(tC8, 0x3efa01a01a01a01a)      // 1/8!
CONST4(tC9, 0x3ec71de3a556c734)      // 1/9!
CONST4(tC10, 0x3e927e4fb7789f5c)     // 1/10!
CONST4(tC11, 0x3e5ae64567f544e4)     // 1/11!
CONST4(tC12, 0x3e21eed8eff8d898)     // 1/12!
CONST4(tC13, 0x3de6124613a86d09)     // 1/13!

// func tanhAVX2(d, x *float64, n int)
//
// d[i] = tanh(x[i]) for i < n, n a multiple of 4. With u = −2·min(|x|, 20)
// = k·ln2 + r: e^u − 1 = 2^k(e^r − 1) + (2^k − 1), e^r − 1 by a degree-13
// Taylor polynomial, tanh|x| = −(e^u − 1)/(2 + (e^u − 1)), sign of x.
TEXT ·tanhAVX2(SB), NOSPLIT, $0-24
	MOVQ d+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ n+16(FP), CX
	SHRQ $2, CX
	JEQ  done

loop:
	VMOVUPD (SI), Y0                   // x
	VANDPD  tAbs<>(SB), Y0, Y1         // |x|
	VMOVUPD tBig<>(SB), Y8
	VMINPD  Y1, Y8, Y1                 // min(20, |x|); NaN stays NaN
	VMULPD  tMinus2<>(SB), Y1, Y1      // u = −2|x|
	VMOVUPD tShift<>(SB), Y2
	VFMADD231PD tLog2e<>(SB), Y1, Y2   // t = u·log2e + shift: k in the low bits
	VSUBPD  tShift<>(SB), Y2, Y3       // k = round(u·log2e)
	VMOVAPD Y1, Y4
	VFNMADD231PD tLn2Hi<>(SB), Y3, Y4  // r = u − k·ln2Hi
	VFNMADD231PD tLn2Lo<>(SB), Y3, Y4  // r −= k·ln2Lo
	VMOVUPD tC13<>(SB), Y5
	VFMADD213PD tC12<>(SB), Y4, Y5     // p = p·r + c
	VFMADD213PD tC11<>(SB), Y4, Y5
	VFMADD213PD tC10<>(SB), Y4, Y5
	VFMADD213PD tC9<>(SB), Y4, Y5
	VFMADD213PD tC8<>(SB), Y4, Y5
	VFMADD213PD tC7<>(SB), Y4, Y5
	VFMADD213PD tC6<>(SB), Y4, Y5
	VFMADD213PD tC5<>(SB), Y4, Y5
	VFMADD213PD tC4<>(SB), Y4, Y5
	VFMADD213PD tC3<>(SB), Y4, Y5
	VFMADD213PD tC2<>(SB), Y4, Y5
	VMULPD  Y4, Y4, Y6                 // r²
	VFMADD213PD Y4, Y6, Y5             // e^r − 1 = p·r² + r
	VPADDQ  tBias<>(SB), Y2, Y2        // k + 1023 in the low bits
	VPSLLQ  $52, Y2, Y2                // s = 2^k
	VSUBPD  tOne<>(SB), Y2, Y7         // s − 1
	VFMADD213PD Y7, Y2, Y5             // em1 = s·(e^r − 1) + (s − 1)
	VADDPD  tTwo<>(SB), Y5, Y6         // 2 + em1
	VDIVPD  Y6, Y5, Y5                 // em1/(2 + em1) = −tanh|x|
	VANDPD  tAbs<>(SB), Y5, Y5         // tanh|x|
	VANDPD  tSign<>(SB), Y0, Y0        // sign of x
	VORPD   Y0, Y5, Y5
	VMOVUPD Y5, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DI
	DECQ    CX
	JNE     loop

done:
	VZEROUPPER
	RET

// Constants for the float32 tanh, eight copies each (one YMM register).
#define CONST8(name, bits) \
	DATA name<>+0(SB)/4, $bits \
	DATA name<>+4(SB)/4, $bits \
	DATA name<>+8(SB)/4, $bits \
	DATA name<>+12(SB)/4, $bits \
	DATA name<>+16(SB)/4, $bits \
	DATA name<>+20(SB)/4, $bits \
	DATA name<>+24(SB)/4, $bits \
	DATA name<>+28(SB)/4, $bits \
	GLOBL name<>(SB), RODATA|NOPTR, $32

CONST8(sAbs, 0x7fffffff)
CONST8(sSign, 0x80000000)
CONST8(sBig, 0x41200000)     // 10
CONST8(sMinus2, 0xc0000000)  // −2
CONST8(sTwo, 0x40000000)     // 2
CONST8(sOne, 0x3f800000)     // 1
CONST8(sLog2e, 0x3fb8aa3b)   // log2 e
CONST8(sShift, 0x4b400000)   // 1.5·2^23
CONST8(sLn2Hi, 0x3f317200)   // ln 2, high part (k·ln2Hi is exact)
CONST8(sLn2Lo, 0x35bfbe8e)   // ln 2 − high part
CONST8(sBias, 0x0000007f)    // 127
CONST8(sC2, 0x3f000000)      // 1/2!
CONST8(sC3, 0x3e2aaaab)      // 1/3!
CONST8(sC4, 0x3d2aaaab)      // 1/4!
CONST8(sC5, 0x3c088889)      // 1/5!
CONST8(sC6, 0x3ab60b61)      // 1/6!
CONST8(sC7, 0x39500d01)      // 1/7!
CONST8(sC8, 0x37d00d01)      // 1/8!

// func tanhF32AVX2(d, x *float32, n int)
//
// d[i] = tanh(x[i]) for i < n, n a multiple of 8, in float32 arithmetic:
// the float64 kernel's method at float32 precision. With u = −2·min(|x|, 10)
// = k·ln2 + r, |r| ≤ ln2/2: e^u − 1 = 2^k(e^r − 1) + (2^k − 1), e^r − 1 by
// its Taylor polynomial to degree 8 (truncation below 2^−26 relative),
// tanh|x| = −(e^u − 1)/(2 + (e^u − 1)), sign of x (tanh 10 is 1 in float32).
TEXT ·tanhF32AVX2(SB), NOSPLIT, $0-24
	MOVQ d+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ n+16(FP), CX
	SHRQ $3, CX
	JEQ  done

loop:
	VMOVUPS (SI), Y0                   // x
	VANDPS  sAbs<>(SB), Y0, Y1         // |x|
	VMOVUPS sBig<>(SB), Y8
	VMINPS  Y1, Y8, Y1                 // min(10, |x|); NaN stays NaN
	VMULPS  sMinus2<>(SB), Y1, Y1      // u = −2|x|
	VMOVUPS sShift<>(SB), Y2
	VFMADD231PS sLog2e<>(SB), Y1, Y2   // t = u·log2e + shift: k in the low bits
	VSUBPS  sShift<>(SB), Y2, Y3       // k = round(u·log2e)
	VMOVAPS Y1, Y4
	VFNMADD231PS sLn2Hi<>(SB), Y3, Y4  // r = u − k·ln2Hi
	VFNMADD231PS sLn2Lo<>(SB), Y3, Y4  // r −= k·ln2Lo
	VMOVUPS sC8<>(SB), Y5
	VFMADD213PS sC7<>(SB), Y4, Y5      // p = p·r + c
	VFMADD213PS sC6<>(SB), Y4, Y5
	VFMADD213PS sC5<>(SB), Y4, Y5
	VFMADD213PS sC4<>(SB), Y4, Y5
	VFMADD213PS sC3<>(SB), Y4, Y5
	VFMADD213PS sC2<>(SB), Y4, Y5
	VMULPS  Y4, Y4, Y6                 // r²
	VFMADD213PS Y4, Y6, Y5             // e^r − 1 = p·r² + r
	VPADDD  sBias<>(SB), Y2, Y2        // k + 127 in the low bits
	VPSLLD  $23, Y2, Y2                // s = 2^k
	VSUBPS  sOne<>(SB), Y2, Y7         // s − 1
	VFMADD213PS Y7, Y2, Y5             // em1 = s·(e^r − 1) + (s − 1)
	VADDPS  sTwo<>(SB), Y5, Y6         // 2 + em1
	VDIVPS  Y6, Y5, Y5                 // em1/(2 + em1) = −tanh|x|
	VANDPS  sAbs<>(SB), Y5, Y5         // tanh|x|
	VANDPS  sSign<>(SB), Y0, Y0        // sign of x
	VORPS   Y0, Y5, Y5
	VMOVUPS Y5, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DI
	DECQ    CX
	JNE     loop

done:
	VZEROUPPER
	RET
