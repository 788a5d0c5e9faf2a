//go:build amd64 && !purego

package ad

import "golang.org/x/sys/cpu"

// haveKernel reports that the assembly micro-kernel can run here.
var haveKernel = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// kern4x8 computes a 4×8 tile of C from packed panels of A and B; see
// gemm_amd64.s.
//
//go:noescape
func kern4x8(k int, a, b, c *float64, ldc int, acc int)

// tanhAVX2 computes d[i] = tanh(x[i]) for i < n, n a multiple of 4; see
// tanh_amd64.s.
//
//go:noescape
func tanhAVX2(d, x *float64, n int)
