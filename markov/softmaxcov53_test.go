package markov

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/blas/blas64"
)

// addSoftmaxCov, which the sampled estimator's follower-Hessian estimate
// is built with, forms diag π − ππᵀ to full relative accuracy at a nearly
// deterministic policy: at π = (1 − 2p, p, p) the diagonal is
// ((1 − 2p)·2p, p(1 − p), p(1 − p)) and the off-diagonal −π_iπ_j, each
// entry to 1e-12 relative for p = 1e-20, 1e-13 and 0.1 (as π_i − π_i²,
// the first entry was 0 at p = 1e-20 and 1e-3 off at 1e-13).
func TestAddSoftmaxCovNearlyDeterministic53(t *testing.T) {
	for _, p := range []float64{1e-20, 1e-13, 0.1} {
		pi := []float64{1 - 2*p, p, p}
		h := blas64.General{Rows: 6, Cols: 6, Stride: 6, Data: make([]float64, 36)}
		addSoftmaxCov(h, 1, pi, 2) // state 1's block, scaled by 2
		for i := range 3 {
			for j := range 3 {
				want := -pi[i] * pi[j]
				if i == j {
					want = pi[i] * (1 - pi[i])
					if i == 0 {
						want = (1 - 2*p) * 2 * p
					}
				}
				want *= 2
				got := h.Data[(3+i)*6+3+j]
				if !(math.Abs(got-want) <= 1e-12*math.Abs(want)) {
					t.Errorf("p = %g: entry (%d, %d) = %g, want %g", p, i, j, got, want)
				}
			}
		}
		for k, v := range h.Data {
			if r, c := k/6, k%6; (r < 3 || c < 3) && v != 0 {
				t.Errorf("p = %g: entry (%d, %d) outside state 1's block = %g", p, r, c, v)
			}
		}
	}
}
