package markov

import (
	"math"
	"math/rand/v2"
	"testing"
)

// flatPoint lists every estimated quantity of a Point under a name.
func flatPoint(p *Point) map[string][]float64 {
	return map[string][]float64{
		"V1": {p.V1}, "V2λ": {p.V2},
		"∇θ1V1": p.Grad11, "∇θ2V1": p.Grad12, "∇θ1V2λ": p.Grad21, "∇θ2V2λ": p.Grad22,
		"∇²θ2V2λ": p.Hess22.RawMatrix().Data, "∇θ1∇θ2V2λ": p.Mixed.RawMatrix().Data,
	}
}

// TestSampledEstimatesApproachExact checks the score-function estimates
// against the exact values, gradients and Hessian blocks. Statistical
// tolerance: with K independent batches of size B, every coordinate's
// grand mean must lie within 5 standard errors (estimated from the spread
// of the K batch means) plus the truncation bias bound, and the error norm
// of the grand mean over K·B trajectories must be below 0.7 times the RMS
// error of the single batches of B (K = 8: the 1/√N rate predicts
// 1/√8 ≈ 0.35) — i.e. the estimates approach the exact ones as the batch
// grows.
func TestSampledEstimatesApproachExact(t *testing.T) {
	for _, c := range []struct {
		n, m1, m2 int
		seed      uint64
		gamma     float64
		lambda    float64
	}{
		{2, 2, 2, 5, 0.6, 0.3},
		{3, 2, 3, 9, 0.5, 0.5},
	} {
		g, err := RandomGame(c.n, c.m1, c.m2, c.seed, c.gamma, c.lambda)
		if err != nil {
			t.Fatal(err)
		}
		rng := rand.New(rand.NewPCG(c.seed, 1))
		th1, th2 := randTheta(rng, c.n*c.m1, 0.7), randTheta(rng, c.n*c.m2, 0.7)
		e, _ := NewEvaluator(g)
		exact := flatPoint(e.Eval(th1, th2, OrderHessians))
		const horizon, batch, k = 40, 2000, 8
		bias := math.Pow(c.gamma, horizon) / (1 - c.gamma) * 50 // |tail| bound, generous in the score terms
		sp, _ := NewSampler(g, c.seed)
		sum := map[string][]float64{}
		sumsq := map[string][]float64{}
		batchErr := map[string]float64{} // Σ over batches of ‖estimate − exact‖²
		for range k {
			for q, v := range flatPoint(sp.Estimate(th1, th2, batch, horizon, OrderHessians)) {
				for i, x := range v {
					batchErr[q] += (x - exact[q][i]) * (x - exact[q][i])
				}
				if sum[q] == nil {
					sum[q] = make([]float64, len(v))
					sumsq[q] = make([]float64, len(v))
				}
				for i, x := range v {
					sum[q][i] += x
					sumsq[q][i] += x * x
				}
			}
		}
		for q, want := range exact {
			errBig := 0.0
			for i, w := range want {
				mean := sum[q][i] / k
				sd := math.Sqrt(math.Max(0, sumsq[q][i]/k-mean*mean) * k / (k - 1))
				se := sd / math.Sqrt(k)
				if d := math.Abs(mean - w); d > 5*se+bias {
					t.Errorf("game %v: %s[%d] = %.5g, exact %.5g: |diff| %.3g > 5·SE %.3g + bias %.2g", c, q, i, mean, w, d, 5*se, bias)
				}
				errBig += (mean - w) * (mean - w)
			}
			errBig = math.Sqrt(errBig)
			errSmall := math.Sqrt(batchErr[q] / k)
			t.Logf("game %v: %s: error %.3g at %d trajectories, RMS %.3g at %d", c, q, errBig, k*batch, errSmall, batch)
			if errBig > 0.7*errSmall {
				t.Errorf("game %v: %s: error %.3g at %d trajectories is not below 0.7 × %.3g at %d", c, q, errBig, k*batch, errSmall, batch)
			}
		}
	}
}
