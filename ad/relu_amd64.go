//go:build amd64 && !purego

package ad

import "unsafe"

// vreluGrad32 is the float32 ReluGrad 8 elements at a time; see
// relu_amd64.s.
//
//go:noescape
func vreluGrad32(d, gr, x unsafe.Pointer, n int)

// reluGrad32 computes the float32 ReluGrad d = g·[x > 0] bit for bit as
// reluGradBits does, the multiples of 8 in vector registers.
func reluGrad32(d, g, x []float32) {
	n := len(d)
	g, x = g[:n], x[:n]
	v := 0
	if haveAVX2 {
		v = n / 8 * 8
		if v > 0 {
			vreluGrad32(unsafe.Pointer(&d[0]), unsafe.Pointer(&g[0]), unsafe.Pointer(&x[0]), v)
		}
	}
	dt, gt := d[v:], g[v:]
	reluGradBits(*(*[]uint32)(unsafe.Pointer(&dt)), *(*[]uint32)(unsafe.Pointer(&gt)), x[v:])
}

// vreluGrad64 is the float64 ReluGrad 4 elements at a time; see
// relu_amd64.s.
//
//go:noescape
func vreluGrad64(d, gr, x unsafe.Pointer, n int)

// reluGrad64 computes the float64 ReluGrad d = g·[x > 0] bit for bit as
// reluGradBits does, the multiples of 4 in vector registers.
func reluGrad64(d, g, x []float64) {
	n := len(d)
	g, x = g[:n], x[:n]
	v := 0
	if haveAVX2 {
		v = n / 4 * 4
		if v > 0 {
			vreluGrad64(unsafe.Pointer(&d[0]), unsafe.Pointer(&g[0]), unsafe.Pointer(&x[0]), v)
		}
	}
	dt, gt := d[v:], g[v:]
	reluGradBits(*(*[]uint64)(unsafe.Pointer(&dt)), *(*[]uint64)(unsafe.Pointer(&gt)), x[v:])
}
