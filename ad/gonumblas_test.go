//go:build !openblas

package ad

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// TestBLASDgemm checks BLAS.Dgemm against gonum's reference Dgemm (1e-12
// relative) over transpositions, α, β, padded leading dimensions and sizes
// on both sides of blasMinWork.
func TestBLASDgemm(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	fill := func(n int) []float64 {
		v := make([]float64, n)
		for i := range v {
			v[i] = r.NormFloat64()
		}
		return v
	}
	for _, sz := range [][3]int{{3, 4, 5}, {50, 50, 250}, {97, 33, 70}, {250, 50, 50}} {
		m, n, k := sz[0], sz[1], sz[2]
		for _, tA := range []blas.Transpose{blas.NoTrans, blas.Trans} {
			for _, tB := range []blas.Transpose{blas.NoTrans, blas.Trans} {
				for _, ab := range [][2]float64{{1, 0}, {0.7, 0}, {-1.3, 0.5}, {1, 1}} {
					ar, ac := m, k
					if tA == blas.Trans {
						ar, ac = k, m
					}
					br, bc := k, n
					if tB == blas.Trans {
						br, bc = n, k
					}
					lda, ldb, ldc := ac+2, bc+1, n+3
					a, b := fill(ar*lda), fill(br*ldb)
					c0 := fill(m * ldc)
					want := append([]float64(nil), c0...)
					got := append([]float64(nil), c0...)
					gonum.Implementation{}.Dgemm(tA, tB, m, n, k, ab[0], a, lda, b, ldb, ab[1], want, ldc)
					BLAS{}.Dgemm(tA, tB, m, n, k, ab[0], a, lda, b, ldb, ab[1], got, ldc)
					for i := 0; i < m; i++ {
						for j := 0; j < ldc; j++ {
							w, g := want[i*ldc+j], got[i*ldc+j]
							if math.Abs(w-g) > 1e-12*(1+math.Abs(w)) {
								t.Fatalf("%v %v %v α,β=%v: C[%d,%d] = %g, gonum %g", sz, tA, tB, ab, i, j, g, w)
							}
						}
					}
				}
			}
		}
	}
}
