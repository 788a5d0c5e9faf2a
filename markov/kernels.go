package markov

import (
	"math"

	"github.com/stackel/stackel/ad"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack/lapack64"
)

// Small dense kernels of the exact evaluation and the structured step.
//
// Each computes the same floating-point operations in the same order as
// the plain loop (or gonum routine) it replaces, so results are bit for
// bit unchanged (the markov reproductions' goldens, issue 11); they only
// overlap independent dependency chains, drop bounds checks and call
// overhead. Go does not fuse a*b+c on amd64 (GOAMD64=v1), and never
// reassociates, so interleaving independent sums cannot change them.

// dotRows sets out[r] = Σ_t rows[r·n+t]·v[t] (n = len(v)) for every r,
// each sum accumulated from 0 left to right. Four rows are done at a
// time so that their addition chains overlap.
func dotRows(out, rows, v []float64) {
	n := len(v)
	r := 0
	for ; r+4 <= len(out); r += 4 {
		a0 := rows[r*n : r*n+n]
		a1 := rows[(r+1)*n : (r+1)*n+n]
		a2 := rows[(r+2)*n : (r+2)*n+n]
		a3 := rows[(r+3)*n : (r+3)*n+n]
		s0, s1, s2, s3 := 0.0, 0.0, 0.0, 0.0
		for t, x := range v {
			s0 += a0[t] * x
			s1 += a1[t] * x
			s2 += a2[t] * x
			s3 += a3[t] * x
		}
		out[r], out[r+1], out[r+2], out[r+3] = s0, s1, s2, s3
	}
	for ; r < len(out); r++ {
		a0 := rows[r*n : r*n+n]
		s0 := 0.0
		for t, x := range v {
			s0 += a0[t] * x
		}
		out[r] = s0
	}
}

// dotRows2 is dotRows against two vectors at once: out1[r] = rows_r·v1,
// out2[r] = rows_r·v2 (len(v1) = len(v2) = n), two rows at a time.
func dotRows2(out1, out2, rows, v1, v2 []float64) {
	n := len(v1)
	v2 = v2[:n]
	out2 = out2[:len(out1)]
	r := 0
	for ; r+2 <= len(out1); r += 2 {
		a0 := rows[r*n : r*n+n]
		a1 := rows[(r+1)*n : (r+1)*n+n]
		s0, s1, t0, t1 := 0.0, 0.0, 0.0, 0.0
		for t, x := range v1 {
			y := v2[t]
			p0, p1 := a0[t], a1[t]
			s0 += p0 * x
			t0 += p0 * y
			s1 += p1 * x
			t1 += p1 * y
		}
		out1[r], out2[r], out1[r+1], out2[r+1] = s0, t0, s1, t1
	}
	for ; r < len(out1); r++ {
		a0 := rows[r*n : r*n+n]
		s0, t0 := 0.0, 0.0
		for t, x := range v1 {
			p0 := a0[t]
			s0 += p0 * x
			t0 += p0 * v2[t]
		}
		out1[r], out2[r] = s0, t0
	}
}

// luSolveVec solves A x = b in place for one right-hand side, given the
// row-major LU factors of lapack64.Getrf (leading dimension lda) and
// their pivots. It performs exactly the operations of lapack64.Getrs
// (Dlaswp, then gonum's Dtrsm with the unit lower and the upper factor:
// x_i += (−a_ik)·x_k over k in order, skipping zero a_ik, then x_i times
// 1/a_ii) without gonum's one call of AxpyUnitary per matrix entry.
func luSolveVec(a []float64, lda int, ipiv []int, b []float64) {
	n := len(b)
	for k, p := range ipiv[:n] {
		if p != k {
			b[k], b[p] = b[p], b[k]
		}
	}
	for i := 1; i < n; i++ {
		row := a[i*lda : i*lda+i]
		x := b[i]
		for k, va := range row {
			if va != 0 {
				x += -va * b[k]
			}
		}
		b[i] = x
	}
	for i := n - 1; i >= 0; i-- {
		row := a[i*lda+i+1 : i*lda+n]
		rest := b[i+1 : n]
		rest = rest[:len(row)]
		x := b[i]
		for k, va := range row {
			if va != 0 {
				x += -va * rest[k]
			}
		}
		x *= 1 / a[i*lda+i]
		b[i] = x
	}
}

// luInverse sets inv = A⁻¹ from the row-major n×n LU factors of
// lapack64.Getrf (pivots ipiv), with the numbers of lapack64.Getrs on the
// identity: Getrs permutes the identity's rows and solves L Y = P with
// gonum's Dtrsm, whose row operations y_i += (−l_ik)·y_k (k ascending,
// zero l_ik skipped) leave the entries of L⁻¹P that are structurally
// zero at +0; column σ(r) of L⁻¹P is column r of L⁻¹ computed by the
// same recurrence. So L⁻¹ is formed here on its lower triangle only
// (a third of the work), its columns are permuted, and the upper solve
// is the same Dtrsm call as Getrs's. With a non-finite multiplier (where
// 0·l would not be 0), or when Getrs would not run on gonum's Dtrsm
// (gonumTrsm), it calls Getrs. work and fwork have
// length ≥ n.
func luInverse(a []float64, n int, ipiv []int, inv []float64, work []int, fwork []float64) {
	finite := gonumTrsm
	for i := 1; i < n && finite; i++ {
		for _, l := range a[i*n : i*n+i] {
			if l-l != 0 { // ±Inf or NaN
				finite = false
				break
			}
		}
	}
	if !finite {
		clear(inv[:n*n])
		for k := range n {
			inv[k*n+k] = 1
		}
		lapack64.Getrs(blas.NoTrans, blas64.General{Rows: n, Cols: n, Stride: n, Data: a},
			blas64.General{Rows: n, Cols: n, Stride: n, Data: inv}, ipiv)
		return
	}
	// σ: Dlaswp's row interchanges applied to the identity put the 1 of
	// row i in column sigma[i].
	sigma := work[:n]
	for i := range sigma {
		sigma[i] = i
	}
	for k, p := range ipiv[:n] {
		if p != k {
			sigma[k], sigma[p] = sigma[p], sigma[k]
		}
	}
	// Y = L⁻¹ on the lower triangle, row by row, in the upper triangle
	// of inv's storage order: row i of Y is held in inv's row i, columns
	// 0..i; the rest is filled by the permutation below.
	//
	// y_i = e_i − Σ_{k<i} l_ik y_k: for each column j the updates
	// y_ij += (−l_ik)·y_kj for k ascending, zero l_ik skipped. They are
	// done over the full width j < i, where y_kj = 0 for j > k: with l_ik
	// finite, (−l_ik)·0 = ±0, and adding ±0 leaves y_ij unchanged (it is
	// never −0: it starts at +0 and x + y is −0 only when both are), so
	// the numbers are those of the triangular loop.
	clear(inv[:n*n])
	for i := range n {
		inv[i*n+i] = 1
		accumulateNonzero(inv[i*n:i*n+i], a[i*n:i*n+i], 0, inv, n, fwork)
	}
	// Permute columns, row by row: X[:, σ(r)] = Y[:, r] (Y's row i is
	// zero beyond column i).
	for i := range n {
		ri := inv[i*n : i*n+n]
		tmp := fwork[:i+1]
		copy(tmp, ri)
		clear(ri)
		for r, y := range tmp {
			ri[sigma[r]] = y
		}
	}
	// The upper solve, as blas64.Trsm (gonum's Dtrsm here) does it.
	trsmLeft(true, false, n, n, a, n, inv, n, fwork)
}

// trsmLeft solves op(A) X = B in place for the r columns of the row-major
// m × r matrix B (leading dimension ldb), A triangular (upper or lower,
// unit diagonal or not, leading dimension lda): the operations of gonum's
// Dtrsm(Left, uplo, NoTrans, diag, m, r, alpha = 1, …) in the same order
// — row i of B gets b_i += (−a_ik)·b_k for k ascending over the nonzero
// a_ik (upper: k > i; lower: k < i), each product and sum rounded, then
// (non-unit) b_i times 1/a_ii — so the same numbers bit for bit. gonum
// does one AxpyUnitary call per a_ik, loading and storing b_i each time;
// here each run of nonzero a_ik is one ad.AccumulateRowsStride call,
// which keeps b_i in registers across the run. coef has length ≥ m.
func trsmLeft(upper, unit bool, m, r int, a []float64, lda int, b []float64, ldb int, coef []float64) {
	if upper {
		for i := m - 1; i >= 0; i-- {
			bi := b[i*ldb : i*ldb+r]
			accumulateNonzero(bi, a[i*lda+i+1:i*lda+m], i+1, b, ldb, coef)
			if !unit {
				scaleBy(bi, 1/a[i*lda+i])
			}
		}
		return
	}
	for i := range m {
		bi := b[i*ldb : i*ldb+r]
		accumulateNonzero(bi, a[i*lda:i*lda+i], 0, b, ldb, coef)
		if !unit {
			scaleBy(bi, 1/a[i*lda+i])
		}
	}
}

// accumulateNonzero adds (−row[k])·b_{k0+k} to bi for k ascending,
// skipping the k with row[k] = 0 (as Dtrsm does; NaN is not skipped),
// where b_j = b[j·ldb : j·ldb+len(bi)].
func accumulateNonzero(bi, row []float64, k0 int, b []float64, ldb int, coef []float64) {
	k := 0
	for k < len(row) {
		if row[k] == 0 {
			k++
			continue
		}
		start := k
		for ; k < len(row) && row[k] != 0; k++ {
			coef[k-start] = -row[k]
		}
		ad.AccumulateRowsStride(bi, coef[:k-start], b[(k0+start)*ldb:], ldb)
	}
}

// accumulateRuns adds coef[k]·b_k to h for k ascending, skipping the k
// with coef[k] = 0 — the loop "if c != 0 { h[j] += c·b_k[j] }" bit for
// bit — where b_k = b[k·ldb : k·ldb+len(h)].
func accumulateRuns(h, coef, b []float64, ldb int) {
	k := 0
	for k < len(coef) {
		if coef[k] == 0 {
			k++
			continue
		}
		start := k
		for k < len(coef) && coef[k] != 0 {
			k++
		}
		ad.AccumulateRowsStride(h, coef[start:k], b[start*ldb:], ldb)
	}
}

// scaleBy sets x[j] *= c, gonum's ScalUnitary.
func scaleBy(x []float64, c float64) {
	for j := range x {
		x[j] *= c
	}
}

// maxAbsValue returns max_i |x[i]| (0 for an empty x; NaN if any x[i] is
// NaN, like math.Max), in four independent running maxima: the maximum
// does not depend on the order, and the chains overlap.
func maxAbsValue(x []float64) float64 {
	m0, m1, m2, m3 := 0.0, 0.0, 0.0, 0.0
	i := 0
	for ; i+4 <= len(x); i += 4 {
		m0 = max(m0, math.Abs(x[i]))
		m1 = max(m1, math.Abs(x[i+1]))
		m2 = max(m2, math.Abs(x[i+2]))
		m3 = max(m3, math.Abs(x[i+3]))
	}
	for ; i < len(x); i++ {
		m0 = max(m0, math.Abs(x[i]))
	}
	return max(m0, m1, m2, m3)
}
