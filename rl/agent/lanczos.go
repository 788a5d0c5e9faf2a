package agent

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/stackel/stackel/total"
	"gonum.org/v1/gonum/mat"
)

// lanczos estimates the extreme eigenvalues of a symmetric operator from
// Hessian–vector products alone: k steps of the Lanczos recurrence from a
// random unit vector build a k×k tridiagonal matrix T whose extreme
// eigenvalues (Ritz values) approach those of the operator from inside.
// Without reorthogonalisation interior Ritz values may repeat, which leaves
// the extreme ones unaffected. Its three work vectors are reused.
type lanczos struct {
	q, qPrev, w []float64
	alpha, beta []float64
}

// extremes returns the smallest and largest Ritz values of h on Rⁿ after at
// most k steps.
func (lz *lanczos) extremes(h total.Hessian, n, k int, rng *rand.Rand) (lo, hi float64, err error) {
	k = min(k, n)
	if k <= 0 {
		return math.NaN(), math.NaN(), nil
	}
	lz.q, lz.qPrev, lz.w = grow(lz.q, n), grow(lz.qPrev, n), grow(lz.w, n)
	lz.alpha, lz.beta = lz.alpha[:0], lz.beta[:0]
	q, qPrev, w := lz.q, lz.qPrev, lz.w
	for i := range q {
		q[i] = rng.NormFloat64()
	}
	scale(q, 1/norm(q))
	clear(qPrev)
	betaPrev := 0.0
	for j := 0; j < k; j++ {
		h.Apply(w, q)
		a := dot(w, q)
		for i := range w {
			w[i] -= a*q[i] + betaPrev*qPrev[i]
		}
		lz.alpha = append(lz.alpha, a)
		b := norm(w)
		if math.IsNaN(a) || math.IsNaN(b) || math.IsInf(a, 0) || math.IsInf(b, 0) {
			return math.NaN(), math.NaN(), fmt.Errorf("lanczos: non-finite Hessian–vector product at step %d", j)
		}
		if j == k-1 || b <= 1e-12*math.Abs(a)+1e-300 {
			break
		}
		lz.beta = append(lz.beta, b)
		copy(qPrev, q)
		for i := range q {
			q[i] = w[i] / b
		}
		betaPrev = b
	}
	m := len(lz.alpha)
	T := mat.NewSymDense(m, nil)
	for i := 0; i < m; i++ {
		T.SetSym(i, i, lz.alpha[i])
		if i+1 < m {
			T.SetSym(i, i+1, lz.beta[i])
		}
	}
	var eig mat.EigenSym
	if !eig.Factorize(T, false) {
		return math.NaN(), math.NaN(), fmt.Errorf("lanczos: eigen-decomposition of the %d×%d tridiagonal matrix failed", m, m)
	}
	vals := eig.Values(nil) // ascending
	return vals[0], vals[m-1], nil
}

func dot(a, b []float64) float64 {
	s := 0.0
	for i, v := range a {
		s += v * b[i]
	}
	return s
}

func scale(x []float64, c float64) {
	for i := range x {
		x[i] *= c
	}
}
