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
