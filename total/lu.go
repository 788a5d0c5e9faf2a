package total

import (
	"fmt"
	"math"
)

// LU solves n×n systems A·z = b by LU factorisation with partial
// pivoting in preallocated buffers, so that the exact solver does not
// allocate per step. For the small follower dimensions of the smooth
// games it is faster than gonum's LAPACK (BenchmarkLU).
type LU struct {
	n   int
	a   []float64 // n×n, row-major; overwritten by the factors
	piv []int
	// ok is whether the last factorisation succeeded: the factors and
	// pivots Solve uses are those it left.
	ok bool
}

// NewLU returns an LU for n×n systems; fill the matrix through A, then
// Factorize and Solve.
func NewLU(n int) *LU {
	return &LU{n: n, a: make([]float64, n*n), piv: make([]int, n)}
}

// A returns the n×n row-major matrix to factor (overwritten by the
// factors). It hands the matrix out to be filled, so the factors are
// taken as gone: Solve panics until the next Factorize (a refill, then
// Solve, used the new entries as factors with the old pivots).
func (l *LU) A() []float64 {
	l.ok = false
	return l.a
}

// singularRel is the pivot size, relative to the largest entry of A, below
// which A is treated as singular.
const singularRel = 1e-13

// Factorize factors the matrix held in A in place and reports false when a
// pivot is zero or negligible (A singular to working precision) or not
// finite (an entry of A, or the elimination, overflowed). A 0×0 matrix
// factors (trivially).
func (l *LU) Factorize() bool { return l.factor() == factored }

// factorResult is how a factorisation ended.
type factorResult int

const (
	factored  factorResult = iota
	singular               // a zero matrix, or a pivot ≤ singularRel of its largest entry
	overflown              // a non-finite entry or pivot
)

// factor is Factorize, saying why it failed.
func (l *LU) factor() factorResult {
	r := l.eliminate()
	l.ok = r == factored
	return r
}

// eliminate is factor's elimination.
func (l *LU) eliminate() factorResult {
	n, a := l.n, l.a
	if n == 0 {
		return factored // the 0×0 matrix is regular (its determinant is 1)
	}
	scale := 0.0
	for _, v := range a {
		scale = math.Max(scale, math.Abs(v))
	}
	if math.IsNaN(scale) || math.IsInf(scale, 0) {
		return overflown
	}
	if scale == 0 {
		return singular
	}
	for k := 0; k < n; k++ {
		p, best := k, math.Abs(a[k*n+k])
		for i := k + 1; i < n; i++ {
			if v := math.Abs(a[i*n+k]); v > best {
				p, best = i, v
			}
		}
		if math.IsNaN(best) || math.IsInf(best, 0) {
			// The elimination overflowed (entries of A finite): the
			// factors, and the solution, would be wrong though finite.
			return overflown
		}
		if best <= singularRel*scale {
			return singular
		}
		l.piv[k] = p
		if p != k {
			rk, rp := a[k*n:k*n+n], a[p*n:p*n+n]
			for j := range rk {
				rk[j], rp[j] = rp[j], rk[j]
			}
		}
		inv := 1 / a[k*n+k]
		for i := k + 1; i < n; i++ {
			f := a[i*n+k] * inv
			if f == 0 {
				continue
			}
			a[i*n+k] = f
			ri, rk := a[i*n+k+1:i*n+n], a[k*n+k+1:k*n+n]
			for j, v := range rk {
				ri[j] -= f * v
			}
		}
	}
	return factored
}

// Solve overwrites b with A⁻¹b using the factors. It panics unless the
// last Factorize succeeded, with no call of A since (without factors it
// would return finite but wrong numbers, and after a failed one Inf or
// NaN) and unless b has n elements.
func (l *LU) Solve(b []float64) {
	n, a := l.n, l.a
	if !l.ok {
		panic(fmt.Sprintf("total: LU.Solve on a %d×%d matrix without a successful Factorize", n, n))
	}
	if len(b) != n {
		panic(fmt.Sprintf("total: LU.Solve: b has %d elements for a %d×%d system", len(b), n, n))
	}
	for k := 0; k < n; k++ {
		if p := l.piv[k]; p != k {
			b[k], b[p] = b[p], b[k]
		}
	}
	for i := 0; i < n; i++ {
		s := b[i]
		for j, v := range a[i*n : i*n+i] {
			s -= v * b[j]
		}
		b[i] = s
	}
	for i := n - 1; i >= 0; i-- {
		s := b[i]
		for j := i + 1; j < n; j++ {
			s -= a[i*n+j] * b[j]
		}
		b[i] = s / a[i*n+i]
	}
}
