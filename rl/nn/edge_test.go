package nn

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stackel/stackel/ad"
)

// topSource makes every Float64 draw 1 − 2⁻⁵³, the largest it returns.
type topSource struct{}

func (topSource) Uint64() uint64 { return ^uint64(0) }

// Categorical.Sample subtracted each probability from u and, when rounding
// left the probabilities summing to at most u, returned the last action —
// even one of probability exactly 0. Logits (−0.9950111363104455,
// 0.50786829906575, 0.9662995091543581, −1000): exp(−1000 − max)
// underflows, π₃ = 0, and π₀ + π₁ + π₂ < 1 − 2⁻⁵³, so u = 1 − 2⁻⁵³ drew
// action 3, whose log-probability LogProb then gives as about −1000.
// Sample now returns the last action of positive probability, 2.
func TestCategoricalSampleNeverDrawsZeroProbability(t *testing.T) {
	var p Params
	c := NewCategorical(&p, 1, nil, Tanh, 4) // a single layer: logits = bias
	copy(p.Tensor(c.Net.b[0]).Data, []float64{-0.9950111363104455, 0.50786829906575, 0.9662995091543581, -1000})
	probs := c.Probs(&p, []float64{0}, make([]float64, 4))
	u := rand.New(topSource{}).Float64()
	if probs[3] != 0 || u-probs[0]-probs[1]-probs[2] < 0 {
		t.Fatalf("probabilities %v with u = %v: not the falling-through case", probs, u)
	}
	if a := c.Sample(&p, []float64{0}, rand.New(topSource{})); a != 2 {
		t.Errorf("Sample = %d, want 2 (π₃ = 0)", a)
	}
	// Where the last action has positive probability the fall-through
	// still returns it, and an ordinary draw is unchanged.
	copy(p.Tensor(c.Net.b[0]).Data, []float64{0, 0, 0, 0})
	if a := c.Sample(&p, []float64{0}, rand.New(topSource{})); a != 3 {
		t.Errorf("uniform logits, u = 1 − 2⁻⁵³: Sample = %d, want 3", a)
	}
}

// logOneMinusTanhSq is log(1 − tanh² u) = −2 log cosh u written from the
// definition cosh u = e^{|u|}(1 + e^{−2|u|})/2, finite for every finite u.
func logOneMinusTanhSq(u float64) float64 {
	a := math.Abs(u)
	return -2 * (a + math.Log1p(math.Exp(-2*a)) - math.Ln2)
}

// The squashed Gaussian's log-probability and its gradients against the
// change of variables, at |u| from 0.3 to 1e30, on float64 and float32
// tapes: log π = −½ε² − log σ − ½ log 2π − log(1 − tanh² u) (one action
// coordinate, box [−1, 1]), ∂log π/∂μ = 2 tanh u and ∂log π/∂log σ =
// −1 + 2 tanh(u)·σε. The naive log(1 − tanh² u) is −Inf from |u| ≈ 19
// (float64) and ≈ 9 (float32); the package's form stays finite and matches
// to 1e-12 relative in float64 and 1e-6 in float32.
func TestSquashedLogProbLargeU(t *testing.T) {
	const logStd, eps = -1.0, 0.5
	sd := math.Exp(logStd)
	for _, dt := range []ad.DType{ad.Float64, ad.Float32} {
		tol := 1e-12
		if dt == ad.Float32 {
			tol = 1e-6
		}
		for _, mu := range []float64{0.3, 9, -9, 20, -20, 44, -44, 1e4, -1e4, 1e30, -1e30} {
			var p Params
			s := NewSquashed(&p, 1, nil, Relu, []float64{-1}, []float64{1})
			copy(p.Tensor(s.Net.b[0]).Data, []float64{mu, logStd})
			tp := ad.NewTapeOf(dt)
			b := p.Var(tp)
			act, lp := s.Rsample(b, tp.Const(ad.NewTensor(1, 1, []float64{0})), tp.Const(ad.NewTensor(1, 1, []float64{eps})))
			g := make([]float64, p.Len())
			b.Grad(ad.Sum(lp), g)

			u := mu + sd*eps
			want := -0.5*eps*eps - logStd - 0.5*math.Log(2*math.Pi) - logOneMinusTanhSq(u)
			if got := lp.Scalar(); !(math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))) {
				t.Errorf("%v μ = %g: log π = %.17g, want %.17g", dt, mu, got, want)
			}
			if got := act.Scalar(); math.Abs(got-math.Tanh(u)) > tol {
				t.Errorf("%v μ = %g: action %v, want tanh(u) = %v", dt, mu, got, math.Tanh(u))
			}
			gmu, gls := g[2], g[3] // the bias entries: μ, then log σ
			if wmu := 2 * math.Tanh(u); math.Abs(gmu-wmu) > tol {
				t.Errorf("%v μ = %g: ∂log π/∂μ = %v, want %v", dt, mu, gmu, wmu)
			}
			if wls := -1 + 2*math.Tanh(u)*sd*eps; math.Abs(gls-wls) > tol {
				t.Errorf("%v μ = %g: ∂log π/∂log σ = %v, want %v", dt, mu, gls, wls)
			}
		}
	}
}

// The Gaussian policy's log-density on a float32 tape: equal to the float64
// one to 1e-6 relative while it is a float32 number, and −Inf (not NaN)
// once (a − μ)/σ is so large that ½z² exceeds the float32 range, here
// z = 1e20 (float64: −5e39).
func TestGaussianLogProbFloat32Range(t *testing.T) {
	for _, diff := range []float64{0.7, 1e10, 1e20} {
		var p Params
		g := NewGaussian(&p, 1, nil, Tanh, 1)
		p.Tensor(g.LogStd).Data[0] = 0
		var got [2]float64
		for k, dt := range []ad.DType{ad.Float64, ad.Float32} {
			tp := ad.NewTapeOf(dt)
			got[k] = g.LogProb(p.Const(tp), tp.Const(ad.NewTensor(1, 1, []float64{0})), tp.Const(ad.NewTensor(1, 1, []float64{diff}))).Scalar()
		}
		want := -0.5*diff*diff - 0.5*math.Log(2*math.Pi)
		if math.Abs(got[0]-want) > 1e-12*math.Abs(want) {
			t.Errorf("float64 log π(%g) = %v, want %v", diff, got[0], want)
		}
		switch {
		case -want > math.MaxFloat32:
			if !math.IsInf(got[1], -1) {
				t.Errorf("float32 log π(%g) = %v, want −Inf (%v is beyond float32)", diff, got[1], want)
			}
		case math.Abs(got[1]-want) > 1e-6*math.Abs(want):
			t.Errorf("float32 log π(%g) = %v, want %v", diff, got[1], want)
		}
	}
}
