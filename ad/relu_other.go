//go:build !amd64 || purego

package ad

import "unsafe"

// reluGrad32 computes the float32 ReluGrad d = g·[x > 0] (reluGradBits).
func reluGrad32(d, g, x []float32) {
	reluGradBits(*(*[]uint32)(unsafe.Pointer(&d)), *(*[]uint32)(unsafe.Pointer(&g)), x)
}

// reluGrad64 computes the float64 ReluGrad d = g·[x > 0] (reluGradBits).
func reluGrad64(d, g, x []float64) {
	reluGradBits(*(*[]uint64)(unsafe.Pointer(&d)), *(*[]uint64)(unsafe.Pointer(&g)), x)
}
