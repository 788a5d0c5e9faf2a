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

// vaddRows32/64 add the row r to every row of a (rows × cols, cols a
// multiple of the vector width) into d.
//
//go:noescape
func vaddRows32(d, a, r unsafe.Pointer, rows, cols int)

//go:noescape
func vaddRows64(d, a, r unsafe.Pointer, rows, cols int)

// vcolSums32/64 sum the first cols columns of x (rows × ld, cols a
// multiple of the vector width) down the rows, in order, from +0, into d.
//
//go:noescape
func vcolSums32(d, x unsafe.Pointer, rows, cols, ld int)

//go:noescape
func vcolSums64(d, x unsafe.Pointer, rows, cols, ld int)

// vaccRows64 adds Σᵢ x[i]·w[i·ldw + j] to h[j] row by row, unfused (see
// AccumulateRows), for cols a multiple of 4.
//
//go:noescape
func vaccRows64(h, x, w unsafe.Pointer, rows, cols, ldw int)
