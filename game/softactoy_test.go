package game

import (
	"math"
	"testing"

	"github.com/stackel/stackel/ad"
)

// The soft toy game's objectives and gradients against an independent
// evaluation: the expectations by the trapezoidal rule (gaussianExpect)
// and central finite differences of those. At (0, 0): θ* = 0 is the actor's best response to w = 0 and w* = 0
// the critic's (odd integrands vanish), and ∇²_w f2 = 2E[a²] > 0.
func TestSoftACToy(t *testing.T) {
	g := NewSoftACToy(SoftACToyParams{})
	expect := gaussianExpect
	f1 := func(th, w float64) float64 {
		return -expect(func(e float64) float64 {
			a := math.Tanh(th + g.Sigma*e)
			return w*a + g.Eta*math.Log(1-a*a)
		})
	}
	f2 := func(th, w float64) float64 {
		return expect(func(e float64) float64 {
			a := math.Tanh(th + g.Sigma*e)
			r := w*a + a*a/5
			return r * r
		})
	}
	for _, pt := range [][2]float64{{0.3, -0.4}, {-0.7, 0.5}, {0, 0}} {
		tp := ad.NewTape()
		x := tp.Var(ad.NewTensor(1, 1, []float64{pt[0]}))
		y := tp.Var(ad.NewTensor(1, 1, []float64{pt[1]}))
		v1, v2 := g.F1(x, y), g.F2(x, y)
		if d := math.Abs(v1.Scalar() - f1(pt[0], pt[1])); d > 1e-9 {
			t.Errorf("f1%v = %v, want %v", pt, v1.Scalar(), f1(pt[0], pt[1]))
		}
		if d := math.Abs(v2.Scalar() - f2(pt[0], pt[1])); d > 1e-9 {
			t.Errorf("f2%v = %v, want %v", pt, v2.Scalar(), f2(pt[0], pt[1]))
		}
		g1 := ad.Grad(v1, x)[0].Scalar()
		g2 := ad.Grad(v2, y)[0].Scalar()
		const h = 1e-5
		fd1 := (f1(pt[0]+h, pt[1]) - f1(pt[0]-h, pt[1])) / (2 * h)
		fd2 := (f2(pt[0], pt[1]+h) - f2(pt[0], pt[1]-h)) / (2 * h)
		if math.Abs(g1-fd1) > 1e-7 || math.Abs(g2-fd2) > 1e-7 {
			t.Errorf("at %v: ∇θf1 %v (fd %v), ∇wf2 %v (fd %v)", pt, g1, fd1, g2, fd2)
		}
		if pt == [2]float64{0, 0} && (math.Abs(g1) > 1e-12 || math.Abs(g2) > 1e-12) {
			t.Errorf("(0, 0) is not stationary: %v %v", g1, g2)
		}
	}
	ea2 := expect(func(e float64) float64 { a := math.Tanh(g.Sigma * e); return a * a })
	if r := g.ExpectedReward(0); math.Abs(r+ea2/5) > 1e-12 {
		t.Errorf("E[R] at 0 = %v, want %v", r, -ea2/5)
	}
}

// TestSoftACToyLargeSigma checks the soft toy game where the policy
// saturates: with σ ≥ 1.8 the outer Gauss–Hermite nodes put θ + σε past
// 19.1, where 1 − tanh² rounds to 0, and f1 was +Inf with a NaN gradient
// at every point (Builtin accepted any σ > 0). Values against the
// trapezoidal rule of softACToyOracle and gradients against its central
// differences (step 1e-5). The
// Gauss–Hermite sum resolves the kink of log cosh(θ + σε) slowly as σ
// grows, so the tolerances are those of its error: 1e-4 and 1e-3 at
// σ = 1.8 and 32 nodes, 1e-3 and 3e-3 at σ = 2, 1e-4 and 1e-3 at σ = 5 with
// 200 nodes (32 nodes are off by 2e-2 there).
func TestSoftACToyLargeSigma(t *testing.T) {
	for _, c := range []struct {
		sigma, tolF, tolG float64
		nodes             int
	}{{1.8, 1e-4, 1e-3, 32}, {2, 1e-3, 3e-3, 32}, {5, 1e-4, 1e-3, 200}} {
		sigma := c.sigma
		g := NewSoftACToy(SoftACToyParams{Sigma: sigma, Nodes: c.nodes})
		f1 := func(th, w float64) float64 { return softACToyOracle(sigma, g.Eta, th, w)[0] }
		for _, pt := range [][2]float64{{0, 0.3}, {1, -0.5}, {-0.6, 0.9}} {
			tp := ad.NewTape()
			x := tp.Var(ad.NewTensor(1, 1, []float64{pt[0]}))
			y := tp.Var(ad.NewTensor(1, 1, []float64{pt[1]}))
			v1 := g.F1(x, y)
			if want := f1(pt[0], pt[1]); !(math.Abs(v1.Scalar()-want) <= c.tolF) {
				t.Errorf("σ = %g: f1%v = %v, want %v", sigma, pt, v1.Scalar(), want)
			}
			const h = 1e-5
			fd := (f1(pt[0]+h, pt[1]) - f1(pt[0]-h, pt[1])) / (2 * h)
			if g1 := ad.Grad(v1, x)[0].Scalar(); !(math.Abs(g1-fd) <= c.tolG) {
				t.Errorf("σ = %g: ∇θ f1%v = %v, central difference %v", sigma, pt, g1, fd)
			}
		}
	}
}

// gaussianExpect returns E[f(ε)] for ε ~ N(0, 1) by the trapezoidal rule
// on [−12, 12] with 2·10⁵ intervals: the integrands of the soft toy game
// are analytic, so the rule's error is far below 1e-10, and the Gaussian
// tails beyond 12 are below 1e-31.
func gaussianExpect(f func(e float64) float64) float64 {
	const n, lo, hi = 200000, -12.0, 12.0
	h := (hi - lo) / n
	s := 0.0
	for i := 0; i <= n; i++ {
		e := lo + float64(i)*h
		wt := h
		if i == 0 || i == n {
			wt = h / 2
		}
		s += wt * math.Exp(-e*e/2) / math.Sqrt(2*math.Pi) * f(e)
	}
	return s
}
