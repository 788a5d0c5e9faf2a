package markov

import (
	"math"
	"math/rand/v2"
	"testing"
)

// truncatedValues returns the horizon-T objectives the Sampler estimates,
// J1 = E[Σ_{τ<T} γ^τ R1] and J2 = E[Σ_{τ<T} γ^τ (R2 − λ log π2)] from
// s^0 ~ ρ (Eq. 1-6 with the sum stopped at T), by T steps of the Bellman
// recursion on the joint chain — from the spec's nested P, R1, R2 and
// not from the Evaluator or the Sampler.
func truncatedValues(g *Game, th1, th2 []float64, horizon int) (j1, j2 float64) {
	n, m1, m2 := g.Dims()
	pi1 := Softmax(nil, th1, m1)
	pi2 := Softmax(nil, th2, m2)
	v1 := make([]float64, n)
	v2 := make([]float64, n)
	for range horizon {
		n1 := make([]float64, n)
		n2 := make([]float64, n)
		for s := range n {
			for b := range m2 {
				n2[s] -= g.Lambda * pi2[s*m2+b] * math.Log(pi2[s*m2+b]) // Eq. 4
			}
			for a := range m1 {
				for b := range m2 {
					w := pi1[s*m1+a] * pi2[s*m2+b]
					e1, e2 := 0.0, 0.0
					for t, p := range g.P[s][a][b] {
						e1 += p * v1[t]
						e2 += p * v2[t]
					}
					n1[s] += w * (g.R1[s][a][b] + g.Gamma*e1)
					n2[s] += w * (g.R2[s][a][b] + g.Gamma*e2)
				}
			}
		}
		v1, v2 = n1, n2
	}
	for s, r := range g.Rho {
		j1 += r * v1[s]
		j2 += r * v2[s]
	}
	return j1, j2
}

// truncatedPoint returns every quantity of flatPoint for the horizon-T
// objectives: values exactly, gradients by central differences (step
// 1e-5) and the Hessian blocks by central second differences (step
// 1e-4) of truncatedValues. The differences are accurate to about 1e-7,
// far below the Monte Carlo errors they are compared with.
func truncatedPoint(g *Game, th1, th2 []float64, horizon int) map[string][]float64 {
	n, m1, m2 := g.Dims()
	N1, N2 := n*m1, n*m2
	x := append(append([]float64(nil), th1...), th2...)
	f := func(x []float64) (float64, float64) {
		return truncatedValues(g, x[:N1], x[N1:], horizon)
	}
	grad := func(i int) (float64, float64) {
		const h = 1e-5
		xi := x[i]
		x[i] = xi + h
		a1, a2 := f(x)
		x[i] = xi - h
		b1, b2 := f(x)
		x[i] = xi
		return (a1 - b1) / (2 * h), (a2 - b2) / (2 * h)
	}
	hess2 := func(i, j int) float64 {
		const h = 1e-4
		xi, xj := x[i], x[j]
		val := func(di, dj float64) float64 {
			x[i] += di
			x[j] += dj
			_, v := f(x)
			x[i], x[j] = xi, xj
			return v
		}
		return (val(h, h) - val(h, -h) - val(-h, h) + val(-h, -h)) / (4 * h * h)
	}
	out := map[string][]float64{}
	j1, j2 := f(x)
	out["V1"], out["V2λ"] = []float64{j1}, []float64{j2}
	for i := range N1 + N2 {
		d1, d2 := grad(i)
		if i < N1 {
			out["∇θ1V1"] = append(out["∇θ1V1"], d1)
			out["∇θ1V2λ"] = append(out["∇θ1V2λ"], d2)
		} else {
			out["∇θ2V1"] = append(out["∇θ2V1"], d1)
			out["∇θ2V2λ"] = append(out["∇θ2V2λ"], d2)
		}
	}
	for i := range N2 {
		for j := range N2 {
			out["∇²θ2V2λ"] = append(out["∇²θ2V2λ"], hess2(N1+i, N1+j))
		}
		for j := range N1 {
			out["∇θ1∇θ2V2λ"] = append(out["∇θ1∇θ2V2λ"], hess2(N1+i, j))
		}
	}
	return out
}

// TestSampledUnbiasedForTruncatedObjective checks that the Sampler's
// estimates are unbiased for the horizon-T objective and that their only
// bias against the paper's infinite-horizon V1, V2λ (Eq. 1-6) and their
// derivatives is the documented truncation. The horizon is short (T = 5,
// γ = 0.9: γ^T = 0.59) so that the truncation bias is large.
//
// Statistical tolerance: K = 16 seeded batches of B = 2000 trajectories;
// for every coordinate of every quantity, the grand mean must lie within
// 5 standard errors (estimated from the spread of the K batch means) plus
// 1e-6 (the finite differences' error) of the horizon-T target. Power:
// for every quantity, the exact infinite-horizon value (Evaluator) must
// lie more than 10 standard errors from the grand mean in at least one
// coordinate — the test tells the truncated target from the untruncated
// one, so a bias of the size of the truncation would fail it. (Terms of
// the estimators with mean zero, such as ∇c_τ = −λγ^τ∇log π2 in ∇θ2V2λ,
// are invisible to any test of the mean; dropping the c_τh_τ or g_τ∇c_τᵀ
// terms of the Hessian, or flipping the sign of the entropy, fails it.)
func TestSampledUnbiasedForTruncatedObjective(t *testing.T) {
	const horizon, batch, k = 5, 2000, 16
	g, err := RandomGame(2, 2, 2, 5, 0.9, 0.3)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(5, 1))
	th1, th2 := randTheta(rng, 4, 0.7), randTheta(rng, 4, 0.7)
	want := truncatedPoint(g, th1, th2, horizon)
	e, _ := NewEvaluator(g)
	infinite := flatPoint(e.Eval(th1, th2, OrderHessians))
	sp, _ := NewSampler(g, 17)
	sum := map[string][]float64{}
	sumsq := map[string][]float64{}
	for range k {
		for q, v := range flatPoint(sp.Estimate(th1, th2, batch, horizon, OrderHessians)) {
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
	for q, w := range want {
		if len(w) != len(sum[q]) {
			t.Fatalf("%s: %d target coordinates, %d estimated", q, len(w), len(sum[q]))
		}
		worstT, worstInf := 0.0, 0.0
		for i := range w {
			mean := sum[q][i] / k
			se := math.Sqrt(math.Max(0, sumsq[q][i]/k-mean*mean)*k/(k-1)) / math.Sqrt(k)
			if d := math.Abs(mean - w[i]); d > 5*se+1e-6 {
				t.Errorf("%s[%d]: mean of %d trajectories %.6g, horizon-%d target %.6g: |diff| %.3g > 5·SE %.3g + 1e-6",
					q, i, k*batch, mean, horizon, w[i], d, 5*se)
			}
			if se > 0 {
				worstT = math.Max(worstT, math.Abs(mean-w[i])/se)
				worstInf = math.Max(worstInf, math.Abs(mean-infinite[q][i])/se)
			}
		}
		t.Logf("%s: max |z| against the horizon-%d target %.2f, against the infinite horizon %.1f", q, horizon, worstT, worstInf)
		if worstInf <= 10 {
			t.Errorf("%s: the infinite-horizon value is within 10 SE of the estimate (max |z| %.2f): the test cannot see the truncation", q, worstInf)
		}
	}
}

// TestTruncationBiasAtDefaultHorizon checks the Sampler's documented
// truncation bias: on the built-ins (γ = 0.9) at DefaultHorizon the
// horizon-T gradients differ from the exact ones (Evaluator) by about
// γ^T ≈ 0.5 % relative (‖·‖∞), here asserted to lie in [0.5 γ^T, 2 γ^T].
func TestTruncationBiasAtDefaultHorizon(t *testing.T) {
	for _, name := range []string{"patrol", "epidemic"} {
		g, _ := Builtin(name, nil)
		n, m1, m2 := g.Dims()
		rng := rand.New(rand.NewPCG(1, 1))
		th1, th2 := randTheta(rng, n*m1, 0.5), randTheta(rng, n*m2, 0.5)
		e, _ := NewEvaluator(g)
		pt := e.Eval(th1, th2, OrderGradients)
		gT := math.Pow(g.Gamma, DefaultHorizon)
		x := append(append([]float64(nil), th1...), th2...)
		const h = 1e-5
		grad := make([]float64, len(x))
		for i := range x {
			xi := x[i]
			x[i] = xi + h
			_, a := truncatedValues(g, x[:n*m1], x[n*m1:], DefaultHorizon)
			x[i] = xi - h
			_, b := truncatedValues(g, x[:n*m1], x[n*m1:], DefaultHorizon)
			x[i] = xi
			grad[i] = (a - b) / (2 * h)
		}
		rel := relErr(grad[n*m1:], pt.Grad22)
		t.Logf("%s: ∇θ2V2λ truncation bias %.3g relative at T = %d (γ^T = %.3g)", name, rel, DefaultHorizon, gT)
		if rel < 0.5*gT || rel > 2*gT {
			t.Errorf("%s: ∇θ2V2λ truncation bias %.3g relative, outside [%.3g, %.3g]", name, rel, 0.5*gT, 2*gT)
		}
	}
}
