//go:build openblas

package ad

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestOpenBLASAgreesWithPackedKernel checks the openblas route's products
// (blasGemm: OpenBLAS's dgemm through blas64, its sgemm through the sgemm
// wrapper) against the default build's packed kernel on the same operands,
// for every transposition and rectangular shapes (so a swapped leading
// dimension or row count would show), in both dtypes. The two sum in a
// different order (OpenBLAS's blocks of k are not gemmKC's), so the bound
// is 2·k·ε·Σ|a||b| per element (ε the dtype's unit roundoff), not bit
// equality. C starts as NaN: the wrapper passes β = 0, and no NaN of C may
// survive.
func TestOpenBLASAgreesWithPackedKernel(t *testing.T) {
	r := rand.New(rand.NewPCG(38, 7))
	for _, sz := range [][3]int{{37, 53, 29}, {100, 256, 257}, {64, 33, 700}, {513, 97, 5}} {
		m, n, k := sz[0], sz[1], sz[2]
		if m*n*k < blasMinFlops {
			t.Fatalf("%v is below blasMinFlops", sz)
		}
		for v := 0; v < 4; v++ {
			ta, tb := v&2 != 0, v&1 != 0
			ar, ac, br, bc := m, k, k, n
			if ta {
				ar, ac = k, m
			}
			if tb {
				br, bc = n, k
			}
			a64, b64 := make([]float64, ar*ac), make([]float64, br*bc)
			for i := range a64 {
				a64[i] = r.NormFloat64()
			}
			for i := range b64 {
				b64[i] = r.NormFloat64()
			}
			// Σ_l |op(a)[i,l]|·|op(b)[l,j]|, the scale of each element's error.
			scale := func(i, j int) float64 {
				s := 0.0
				for l := 0; l < k; l++ {
					ai, bi := i*ac+l, l*bc+j
					if ta {
						ai = l*ac + i
					}
					if tb {
						bi = j*bc + l
					}
					s += math.Abs(a64[ai] * b64[bi])
				}
				return s
			}
			nan := func(c []float64) []float64 {
				for i := range c {
					c[i] = math.NaN()
				}
				return c
			}
			got := dmat[float64]{m, n, nan(make([]float64, m*n))}
			if !blasGemm(ta, tb, &dmat[float64]{ar, ac, a64}, &dmat[float64]{br, bc, b64}, &got) {
				t.Fatal("blasGemm declined a float64 product")
			}
			want := make([]float64, m*n)
			var s64 gemmScratch[float64]
			s64.gemm(ta, tb, m, n, k, a64, ac, b64, bc, want, n)

			a32, b32 := make([]float32, len(a64)), make([]float32, len(b64))
			for i, x := range a64 {
				a32[i] = float32(x)
			}
			for i, x := range b64 {
				b32[i] = float32(x)
			}
			got32 := make([]float32, m*n)
			for i := range got32 {
				got32[i] = float32(math.NaN())
			}
			if !blasGemm(ta, tb, &dmat[float32]{ar, ac, a32}, &dmat[float32]{br, bc, b32}, &dmat[float32]{m, n, got32}) {
				t.Fatal("blasGemm declined a float32 product")
			}
			want32 := make([]float32, m*n)
			var s32 gemmScratch[float32]
			s32.gemm(ta, tb, m, n, k, a32, ac, b32, bc, want32, n)

			for i := 0; i < m; i++ {
				for j := 0; j < n; j++ {
					sc := scale(i, j)
					g, w := got.Data[i*n+j], want[i*n+j]
					if !(math.Abs(g-w) <= 2*float64(k)*0x1p-53*sc) {
						t.Fatalf("float64 %v ta=%v tb=%v: C[%d,%d] = %v with OpenBLAS, %v with gemm", sz, ta, tb, i, j, g, w)
					}
					g32, w32 := float64(got32[i*n+j]), float64(want32[i*n+j])
					if !(math.Abs(g32-w32) <= 2*float64(k)*0x1p-24*sc) {
						t.Fatalf("float32 %v ta=%v tb=%v: C[%d,%d] = %v with OpenBLAS, %v with gemm", sz, ta, tb, i, j, g32, w32)
					}
				}
			}
		}
	}
}
