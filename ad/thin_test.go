package ad

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestThin32 checks the float32 kernels of one-column and one-step products
// against gemm bit for bit: every orientation, row counts around the lane
// widths, inner dimensions across the gemmKC block boundary, and signed
// zeros in outer products.
func TestThin32(t *testing.T) {
	if !haveVec {
		t.Skip("no AVX2 kernels in this build: every product goes through gemm")
	}
	r := rand.New(rand.NewPCG(9, 10))
	rnd := func(n int) []float32 {
		x := make([]float32, n)
		for i := range x {
			x[i] = float32(r.NormFloat64())
			if r.IntN(16) == 0 {
				x[i] = float32(math.Copysign(0, r.NormFloat64()))
			}
		}
		return x
	}
	var s gemmScratch[float32]
	check := func(name string, ta, tb bool, m, n, k int) {
		t.Helper()
		lda, ldb := k, n
		if ta {
			lda = m
		}
		if tb {
			ldb = k
		}
		a, b := rnd(m*k), rnd(k*n)
		want, got := make([]float32, m*n), make([]float32, m*n)
		s.gemm(ta, tb, m, n, k, a, lda, b, ldb, want, n)
		if !thin32(ta, m, n, k, a, lda, b, got) {
			t.Fatalf("%s: thin32 declined", name)
		}
		for i := range want {
			if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
				t.Fatalf("%s ta=%v tb=%v %dx%dx%d: element %d is %v, gemm gives %v", name, ta, tb, m, n, k, i, got[i], want[i])
			}
		}
	}
	for _, ta := range []bool{false, true} {
		for _, tb := range []bool{false, true} {
			for _, m := range []int{1, 7, 8, 9, 31, 32, 33, 45, 100} {
				for _, k := range []int{1, 2, 32, 255, 256, 257, 700} {
					check("matrix-vector", ta, tb, m, 1, k)
				}
				for _, n := range []int{1, 7, 8, 17, 64} {
					check("outer", ta, tb, m, n, 1)
				}
			}
		}
	}
	if thin32(false, 4, 4, 4, rnd(16), 4, rnd(16), make([]float32, 16)) {
		t.Error("thin32 took a 4×4×4 product")
	}
}
