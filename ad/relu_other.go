//go:build !amd64 || purego

package ad

import "unsafe"

// reluGrad32 computes the float32 ReluGrad d = g·[x > 0] (reluGradBits).
func reluGrad32(d, g, x []float32) {
	reluGradBits(*(*[]uint32)(unsafe.Pointer(&d)), *(*[]uint32)(unsafe.Pointer(&g)), x)
}
