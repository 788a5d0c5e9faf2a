//go:build amd64 && !purego

package ad

import "unsafe"

// haveVec reports that the elementwise AVX2 kernels of vec_amd64.s can run
// here.
var haveVec = haveAVX2

// The kernels compute n elements, n a multiple of the vector width (8
// float32 or 4 float64); d may alias an operand.
//
//go:noescape
func vadd32(d, a, b unsafe.Pointer, n int)

//go:noescape
func vsub32(d, a, b unsafe.Pointer, n int)

//go:noescape
func vmul32(d, a, b unsafe.Pointer, n int)

//go:noescape
func vdiv32(d, a, b unsafe.Pointer, n int)

//go:noescape
func vadd64(d, a, b unsafe.Pointer, n int)

//go:noescape
func vsub64(d, a, b unsafe.Pointer, n int)

//go:noescape
func vmul64(d, a, b unsafe.Pointer, n int)

//go:noescape
func vdiv64(d, a, b unsafe.Pointer, n int)

//go:noescape
func vtanhGrad32(d, u, y unsafe.Pointer, n int)

//go:noescape
func vtanhGrad64(d, u, y unsafe.Pointer, n int)
