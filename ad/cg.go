package ad

import (
	"context"
	"fmt"
	"math"
)

// LinearOperator computes dst = A·v for a symmetric linear map A given
// matrix-free (for instance a Hessian–vector product).
type LinearOperator func(dst, v []float64)

// CGSettings configures CG. The zero value runs up to len(b) iterations to a
// relative residual of 1e-10 with no regularisation. CG and CG32 panic on a
// negative MaxIter or Tol, or a NaN or +Inf Tol.
type CGSettings struct {
	// Lambda is added to the diagonal: CG solves (A + λI)x = b
	// (Proposition 2 of the Stackelberg actor-critic paper).
	Lambda float64
	// MaxIter caps the iterations; 0 means len(b). CG and CG32 panic
	// when it is negative.
	MaxIter int
	// Tol stops when ‖r‖ ≤ Tol·‖b‖; 0 means 1e-10. CG and CG32 panic
	// when it is NaN or +Inf (the test would stop them at once, x left
	// as it came in) or negative (−∞ included).
	Tol float64
	// Context, when not nil, is checked before every iteration (one
	// operator application): a cancelled solve stops early and reports
	// the context's error in CGResult.Err.
	Context context.Context
	// Threads is the number of goroutines CG32 splits its vector passes
	// over (by blocks of indices; the results are the same bits for every
	// value). 0 or 1: the calling goroutine only. CG ignores it.
	Threads int
}

// CGResult reports how a CG solve ended.
type CGResult struct {
	// Iterations is the number of iterations run.
	Iterations int
	// Residual is the final ‖r‖ of CG's recurrence r ← r − α(A+λI)p,
	// which equals ‖b − (A+λI)x‖ in exact arithmetic; in floating point
	// it can fall far below the true residual once the iterates stop
	// improving (10×10 Hilbert matrix: 2e-15 reported, 6e-10 true), so a
	// caller that needs the true residual computes it.
	Residual float64
	// Err is the context's error when the solve was cancelled (x then
	// holds the last iterate), nil otherwise.
	Err error
}

// CG solves (A + λI)x = b by the conjugate gradient method for a symmetric
// positive-definite operator, starting from the x passed in (zero it for a
// cold start) and overwriting it (with zeros, and no iteration, when b is
// zero); x must hold len(b) values (CG and CG32
// panic otherwise). work, if not nil and of length ≥ 3·len(b),
// is used as scratch so that the call does not allocate.
func CG(A LinearOperator, b, x []float64, s CGSettings, work []float64) CGResult {
	n := len(b)
	if len(work) < 3*n {
		work = make([]float64, 3*n)
	}
	// The operator reads p and writes ap in place.
	return cg(A, b, x, s, work, work[n:2*n], work[2*n:3*n], false)
}

// LinearOperator32 computes dst = A·v in float32 (an operator recorded on a
// float32 tape, such as a Hessian–vector product).
type LinearOperator32 func(dst, v []float32)

// CG32 is CG for an operator that computes in float32. The iterates and
// inner products are float64 as in CG, but each inner product is summed by
// fixed blocks of 1024 indices (within a block in 8 lanes, index i into
// lane i mod 8, combined in a fixed order, cgvec.go; then the blocks' sums
// in block order), so that the vector passes can run in AVX2 and be split
// over s.Threads goroutines with the same bits for every thread count and
// every build. The operator is applied to each search direction rounded
// to float32 and its result widened: CG32(A, …) gives exactly the numbers
// of CG with the operator v ↦ widen(A(round(v))) but for the order of the
// inner products' additions. The rounding and widening are fused into
// CG's vector updates instead of being passes of their own. work32, if not
// nil and of length ≥ 2·len(b), is the operator's input and output buffer.
func CG32(A LinearOperator32, b, x []float64, s CGSettings, work []float64, work32 []float32) CGResult {
	n := len(b)
	if len(work) < 3*n {
		work = make([]float64, 3*n)
	}
	if len(work32) < 2*n {
		work32 = make([]float32, 2*n)
	}
	return cg(A, b, x, s, work, work32[:n], work32[n:2*n], true)
}

// cg is CG and CG32: A reads inBuf and writes outBuf, which alias p and ap
// (work[n:2n] and work[2n:3n]) when T is float64 and are float32 copies
// otherwise. Unblocked (CG), every float64 operation is the one CG has
// always done, in the same order; blocked (CG32), each element gets the
// same operations and only the inner products' additions are grouped by
// blocks (blockedSum) and lanes (cgCurvLanes, cgResidLanes; bᵀb and the
// first rᵀr, once per solve, in index order within each block), the vector
// passes split over s.Threads.
func cg[T float](A func(dst, v []T), b, x []float64, s CGSettings, work []float64, inBuf, outBuf []T, blocked bool) CGResult {
	n := len(b)
	if len(x) != n {
		panic(fmt.Sprintf("ad.CG: x has %d values, b %d", len(x), n))
	}
	r, p, ap := work[:n], work[n:2*n], work[2*n:3*n]
	in, out := inBuf[:n], outBuf[:n]
	if s.MaxIter < 0 {
		panic(fmt.Sprintf("ad.CG: CGSettings.MaxIter is %d; want ≥ 0 (0: len(b))", s.MaxIter))
	}
	maxIter := s.MaxIter
	if maxIter == 0 {
		maxIter = n
	}
	if math.IsNaN(s.Tol) {
		panic("ad.CG: CGSettings.Tol is NaN")
	}
	if math.IsInf(s.Tol, 1) {
		panic("ad.CG: CGSettings.Tol is +Inf; want a finite Tol ≥ 0 (0: 1e-10)")
	}
	if s.Tol < 0 {
		panic(fmt.Sprintf("ad.CG: CGSettings.Tol is %g; want ≥ 0 (0: 1e-10)", s.Tol))
	}
	tol := s.Tol
	if tol == 0 {
		tol = 1e-10
	}
	lambda := s.Lambda
	var sums []float64
	if blocked {
		sums = make([]float64, 2*((n+sumBlock-1)/sumBlock))
	}
	// b = 0: the solution is x = 0 whatever x₀ (CG from a cold start
	// returns it at once); from a warm start the stopping test
	// ‖r‖ ≤ Tol·‖b‖ = 0 would otherwise run every iteration to the cap.
	if allZero(b) {
		clear(x)
		return CGResult{}
	}
	// r₀ = b − (A + λI)x₀; from the usual x₀ = 0 that is b, without the
	// product (one operator application saved per solve).
	if allZero(x) {
		clear(ap)
	} else {
		for i, v := range x {
			in[i] = T(v)
		}
		A(out, in)
		for i, v := range out {
			a := float64(v)
			if lambda != 0 {
				a += lambda * x[i]
			}
			ap[i] = a
		}
	}
	var bnorm, rr float64
	if !blocked {
		bnorm, rr = cgStart(b, ap, r, p, in)
	} else {
		// Both sums by blocks: bᵀb's block sums in the upper half of
		// sums, rᵀr's in the lower.
		nb := len(sums) / 2
		ParallelFor(s.Threads, n, sumBlock, func(lo, hi int) {
			for j := lo / sumBlock; j*sumBlock < hi; j++ {
				l, h := j*sumBlock, min((j+1)*sumBlock, n)
				sums[nb+j], sums[j] = cgStart(b[l:h], ap[l:h], r[l:h], p[l:h], in[l:h])
			}
		})
		for j := range nb {
			bnorm += sums[nb+j]
			rr += sums[j]
		}
	}
	stop := tol * math.Sqrt(bnorm)
	it := 0
	for ; it < maxIter && math.Sqrt(rr) > stop; it++ {
		if s.Context != nil {
			if err := s.Context.Err(); err != nil {
				return CGResult{Iterations: it, Residual: math.Sqrt(rr), Err: err}
			}
		}
		// Three passes over the vectors, the fewest the two inner products
		// allow, reading and writing as little as they can: (A + λI)p is
		// not stored but recomputed from the operator's output (the same
		// value each time), and x moves with p in the last pass. Every
		// element gets the same operations, in the same order, as in the
		// textbook loop.
		A(out, in)
		var pap float64 // pᵀ(A + λI)p
		if !blocked {
			pap = cgCurvature(out, p, lambda)
		} else {
			pap = blockedSum(s.Threads, n, sums, func(lo, hi int) float64 {
				return cgCurvLanes(out[lo:hi], p[lo:hi], lambda)
			})
		}
		if pap == 0 {
			break
		}
		alpha := rr / pap
		var rrNew float64 // r −= α(A + λI)p and rᵀr
		if !blocked {
			rrNew = cgResidual(out, p, r, lambda, alpha)
		} else {
			rrNew = blockedSum(s.Threads, n, sums, func(lo, hi int) float64 {
				return cgResidLanes(out[lo:hi], p[lo:hi], r[lo:hi], lambda, alpha)
			})
		}
		beta := rrNew / rr
		rr = rrNew
		if !blocked {
			cgStepVec(x, p, r, in, alpha, beta)
		} else {
			ParallelFor(s.Threads, n, sumBlock, func(lo, hi int) {
				cgStepVec(x[lo:hi], p[lo:hi], r[lo:hi], in[lo:hi], alpha, beta)
			})
		}
	}
	return CGResult{Iterations: it, Residual: math.Sqrt(rr)}
}

// cgStart sets r = b − ap, p = r and in = p (rounded to T) and returns
// bᵀb and rᵀr, summed in index order.
func cgStart[T float](b, ap, r, p []float64, in []T) (bnorm, rr float64) {
	ap, r, p, in = ap[:len(b)], r[:len(b)], p[:len(b)], in[:len(b)]
	for i := range b {
		r[i] = b[i] - ap[i]
		p[i] = r[i]
		in[i] = T(p[i])
		rr += r[i] * r[i]
		bnorm += b[i] * b[i]
	}
	return bnorm, rr
}

// cgCurvature returns pᵀ(A + λI)p, given out = A·p, summed in index order.
func cgCurvature[T float](out []T, p []float64, lambda float64) float64 {
	p = p[:len(out)]
	pap := 0.0
	for i, v := range out {
		a := float64(v)
		if lambda != 0 {
			a += lambda * p[i]
		}
		pap += p[i] * a
	}
	return pap
}

// cgResidual sets r −= α(A + λI)p, given out = A·p, and returns the new
// rᵀr summed in index order.
func cgResidual[T float](out []T, p, r []float64, lambda, alpha float64) float64 {
	p, r = p[:len(out)], r[:len(out)]
	rr := 0.0
	for i, v := range out {
		a := float64(v)
		if lambda != 0 {
			a += lambda * p[i]
		}
		r[i] -= alpha * a
		rr += r[i] * r[i]
	}
	return rr
}

// cgStep sets x += αp, then p = r + βp and in = p rounded to T.
func cgStep[T float](x, p, r []float64, in []T, alpha, beta float64) {
	x, r, in = x[:len(p)], r[:len(p)], in[:len(p)]
	for i := range p {
		x[i] += alpha * p[i]
		p[i] = r[i] + beta*p[i]
		in[i] = T(p[i])
	}
}

// allZero reports whether every value of v is zero (−0 included).
func allZero(v []float64) bool {
	for _, x := range v {
		if x != 0 {
			return false
		}
	}
	return true
}
