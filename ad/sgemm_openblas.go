//go:build openblas

package ad

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/netlib/blas/netlib"
)

// sgemm computes c (cr×cc) = op(a)·op(b) with OpenBLAS's sgemm (through
// gonum's netlib binding, linked by ad/internal/openblas) and reports true.
func sgemm(ta, tb bool, ar, ac, br, bc int, a, b, c []float32, cr, cc int) bool {
	tA, tB := blas.NoTrans, blas.NoTrans
	k := ac
	if ta {
		tA, k = blas.Trans, ar
	}
	if tb {
		tB = blas.Trans
	}
	netlib.Implementation{}.Sgemm(tA, tB, cr, cc, k, 1, a, max(ac, 1), b, max(bc, 1), 0, c, max(cc, 1))
	return true
}
