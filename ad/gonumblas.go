//go:build !openblas

package ad

import (
	"math"
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
// concurrent use. It exists only in builds without the openblas tag (under
// the tag, UseFastBLAS installs OpenBLAS instead). Its Dgemm panics, with
// gonum's messages, on the arguments gonum's Dgemm rejects, whatever the
// size.
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
		if alpha != 0 {
			dgemmSkipped(tA != blas.NoTrans, tB != blas.NoTrans, m, n, k, alpha, a, lda, b, ldb, c, ldc)
		}
		return
	}
	dgemmCheck(tA, tB, m, n, k, len(a), lda, len(b), ldb, len(c), ldc)
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

// dgemmCheck panics, with gonum's message and in gonum's order, on the
// arguments gonum's Dgemm rejects: an illegal transposition, a negative
// dimension, a leading dimension shorter than its row, a slice too short
// for its matrix. The packed kernel checks none of them (a short lda reads
// overlapping rows), so the products BLAS.Dgemm keeps are checked here,
// before C is written.
func dgemmCheck(tA, tB blas.Transpose, m, n, k, la, lda, lb, ldb, lc, ldc int) {
	legal := func(t blas.Transpose) bool { return t == blas.NoTrans || t == blas.Trans || t == blas.ConjTrans }
	if !legal(tA) || !legal(tB) {
		panic("blas: illegal transpose")
	}
	switch {
	case m < 0:
		panic("blas: m < 0")
	case n < 0:
		panic("blas: n < 0")
	case k < 0:
		panic("blas: k < 0")
	}
	ar, ac, br, bc := m, k, k, n // as stored
	if tA != blas.NoTrans {
		ar, ac = k, m
	}
	if tB != blas.NoTrans {
		br, bc = n, k
	}
	switch {
	case lda < max(1, ac):
		panic("blas: bad leading dimension of A")
	case ldb < max(1, bc):
		panic("blas: bad leading dimension of B")
	case ldc < max(1, n):
		panic("blas: bad leading dimension of C")
	}
	if m == 0 || n == 0 {
		return
	}
	switch {
	case la < (ar-1)*lda+ac:
		panic("blas: insufficient length of a")
	case lb < (br-1)*ldb+bc:
		panic("blas: insufficient length of b")
	case lc < (m-1)*ldc+n:
		panic("blas: insufficient length of c")
	}
}

// dgemmSkipped sets to NaN the elements of C that gonum's Dgemm (the small
// products above) leaves without a NaN term: unless B is transposed and A
// is not (dot products), it skips each step l of a row i of C whose
// alpha·op(A)[i, l] is zero, so that 0·Inf and 0·NaN were lost there,
// where the packed kernel (larger products) and IEEE arithmetic give NaN.
// Only elements whose sum has such a term change: with finite operands
// nothing does. It costs one pass over the smaller of A and B in the
// common case (a dense A, a finite B).
func dgemmSkipped(ta, tb bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, c []float64, ldc int) {
	if !ta && tb || m == 0 || n == 0 || k == 0 {
		return
	}
	ar, ac, br, bc := m, k, k, n // as stored
	if ta {
		ar, ac = k, m
	}
	if tb {
		br, bc = n, k
	}
	// A dense A (no zero) or a finite B (no Inf or NaN) leaves nothing to
	// do; the smaller of the two (A is m×k, B k×n) is scanned first.
	aDense := func() bool { return !anyZero(alpha, a, ar, ac, lda) }
	bFinite := func() bool { return !anyNonFinite(b, br, bc, ldb) }
	if m <= n && (aDense() || bFinite()) || m > n && (bFinite() || aDense()) {
		return
	}
	for l := 0; l < k; l++ {
		for i := 0; i < m; i++ {
			ai := i*lda + l
			if ta {
				ai = l*lda + i
			}
			if alpha*a[ai] != 0 {
				continue
			}
			for j := 0; j < n; j++ {
				bi := l*ldb + j
				if tb {
					bi = j*ldb + l
				}
				if y := b[bi]; y-y != 0 {
					c[i*ldc+j] = math.NaN()
				}
			}
		}
	}
}

// anyZero reports whether α·x is zero for some x of the rows×cols matrix x
// (row stride ld).
func anyZero(alpha float64, x []float64, rows, cols, ld int) bool {
	for r := 0; r < rows; r++ {
		for _, v := range x[r*ld : r*ld+cols] {
			if alpha*v == 0 {
				return true
			}
		}
	}
	return false
}

// anyNonFinite reports whether the rows×cols matrix x (row stride ld)
// holds an infinity or a NaN.
func anyNonFinite(x []float64, rows, cols, ld int) bool {
	for r := 0; r < rows; r++ {
		for _, v := range x[r*ld : r*ld+cols] {
			if v-v != 0 {
				return true
			}
		}
	}
	return false
}
