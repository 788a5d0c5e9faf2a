//go:build !amd64 || purego

package ad

import "unsafe"

// haveVec is false: the elementwise loops stay in Go.
const haveVec = false

func vadd32(d, a, b unsafe.Pointer, n int)      { panic("ad: no vector kernels on this platform") }
func vsub32(d, a, b unsafe.Pointer, n int)      { panic("ad: no vector kernels on this platform") }
func vmul32(d, a, b unsafe.Pointer, n int)      { panic("ad: no vector kernels on this platform") }
func vdiv32(d, a, b unsafe.Pointer, n int)      { panic("ad: no vector kernels on this platform") }
func vadd64(d, a, b unsafe.Pointer, n int)      { panic("ad: no vector kernels on this platform") }
func vsub64(d, a, b unsafe.Pointer, n int)      { panic("ad: no vector kernels on this platform") }
func vmul64(d, a, b unsafe.Pointer, n int)      { panic("ad: no vector kernels on this platform") }
func vdiv64(d, a, b unsafe.Pointer, n int)      { panic("ad: no vector kernels on this platform") }
func vtanhGrad32(d, u, y unsafe.Pointer, n int) { panic("ad: no vector kernels on this platform") }
func vtanhGrad64(d, u, y unsafe.Pointer, n int) { panic("ad: no vector kernels on this platform") }

func vaddRows32(d, a, r unsafe.Pointer, rows, cols int) {
	panic("ad: no vector kernels on this platform")
}
func vaddRows64(d, a, r unsafe.Pointer, rows, cols int) {
	panic("ad: no vector kernels on this platform")
}
func vcolSums32(d, x unsafe.Pointer, rows, cols, ld int) {
	panic("ad: no vector kernels on this platform")
}
func vcolSums64(d, x unsafe.Pointer, rows, cols, ld int) {
	panic("ad: no vector kernels on this platform")
}

func vaccRows64(h, x, w unsafe.Pointer, rows, cols, ldw int) {
	panic("ad: no vector kernels on this platform")
}
