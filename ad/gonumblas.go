//go:build !openblas

package ad

import (
	"sync"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/blas/gonum"
)

// UseFastBLAS installs the fastest matrix products this build has as
// gonum's process-wide blas64 implementation, so that every gonum product
// and LAPACK routine in the program (the Markov-game solves, the
// equilibrium analysis) uses them. In the default build that is BLAS,
// gonum's pure-Go BLAS whose Dgemm is ad's packed kernel (gonum's own
// pure-Go Dgemm reaches about 5 GFLOP/s here, the packed AVX2 kernel about
// 50); under the build tag openblas it is OpenBLAS, which ad's own large
// products then use too.
//
// No package of stackel calls it at import: importing a library changes no
// global state. The stackel command calls it first thing; a program using
// the library calls it once, before starting work, if it wants the speed
// (the numbers of the reproductions are computed with it installed).
func UseFastBLAS() { blas64.Use(BLAS{}) }

// blasMinWork is the m·n·k below which BLAS.Dgemm leaves a product to gonum
// (packing costs more than it saves on small products).
const blasMinWork = 32768

// BLAS is gonum's pure-Go BLAS with Dgemm on ad's packed matrix-product
// kernel for products of at least blasMinWork multiply-adds. It is safe for
// concurrent use.
type BLAS struct{ gonum.Implementation }

// blasWork is a pooled packing scratch and result buffer.
type blasWork struct {
	s gemmScratch[float64]
	t []float64
}

var blasPool = sync.Pool{New: func() any { return new(blasWork) }}

// Dgemm computes C = alpha·op(A)·op(B) + beta·C (row-major, as gonum's).
func (impl BLAS) Dgemm(tA, tB blas.Transpose, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	if m*n*k < blasMinWork || alpha == 0 {
		impl.Implementation.Dgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	ta, tb := tA != blas.NoTrans, tB != blas.NoTrans
	w := blasPool.Get().(*blasWork)
	defer blasPool.Put(w)
	if alpha == 1 && beta == 0 {
		w.s.gemm(ta, tb, m, n, k, a, lda, b, ldb, c, ldc)
		return
	}
	if cap(w.t) < m*n {
		w.t = make([]float64, m*n)
	}
	t := w.t[:m*n]
	w.s.gemm(ta, tb, m, n, k, a, lda, b, ldb, t, n)
	for i := 0; i < m; i++ {
		row, tr := c[i*ldc:i*ldc+n], t[i*n:(i+1)*n]
		if beta == 0 {
			for j := range row {
				row[j] = alpha * tr[j]
			}
			continue
		}
		for j := range row {
			row[j] = alpha*tr[j] + beta*row[j]
		}
	}
}
