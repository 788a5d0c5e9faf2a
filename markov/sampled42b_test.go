package markov

import (
	"context"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestSampledMeanMatchesExactPerTrajectory42b checks the Sampler's
// estimates on a 2-state game with 2 actions per player against the exact
// V1, V2λ (Eq. 1-6), gradients and Hessian blocks (Evaluator), with
// statistics of single trajectories: N estimates of batch 1 (independent
// draws of the one seeded source), whose per-coordinate sample standard
// deviation sd gives the standard error sd/√N of their mean. Tolerance
// per coordinate: 5 standard errors plus a bound on the truncation bias
// derived from the horizon, |tail| ≤ Σ_{τ≥T} γ^τ C (τ+2)^k with C =
// max|R| + λ max|log π2| + λ and k = 0 for values, 1 for gradients (the
// cumulative scores' entries are at most τ+1), 2 for Hessian blocks —
// about 1e-8 or less here, far below the standard errors. Power: V2λ,
// ∇θ2V2λ and ∇²θ2V2λ computed without the entropy term (λ = 0), and V1
// and ∇θ1V1 at the discount factor γ − 0.15, lie more than 10 standard
// errors from the mean in some coordinate, so an estimator missing the
// entropy terms or discounting wrongly fails the test. (The entropy
// enters ∇θ1V2λ and the mixed block only through the leader's effect on
// the state distribution, too little here for such a check.)
func TestSampledMeanMatchesExactPerTrajectory42b(t *testing.T) {
	const (
		gamma, lambda = 0.5, 1.0
		horizon       = 40
		trajectories  = 100000
	)
	g, err := RandomGame(2, 2, 2, 42, gamma, lambda)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(42, 2))
	th1, th2 := randTheta(rng, 4, 0.8), randTheta(rng, 4, 0.8)
	e, err := NewEvaluator(g)
	if err != nil {
		t.Fatal(err)
	}
	exact := flatPoint(e.Eval(th1, th2, OrderHessians))

	// The truncation bound.
	rmax := math.Max(maxAbsValue(g.flat.r1), maxAbsValue(g.flat.r2))
	lmax := 0.0
	for _, p := range Softmax(nil, th2, 2) {
		lmax = math.Max(lmax, -math.Log(p))
	}
	c := rmax + lambda*lmax + lambda
	tail := func(k int) float64 {
		s := 0.0
		for tau := horizon; tau < horizon+2000; tau++ {
			s += math.Pow(gamma, float64(tau)) * c * math.Pow(float64(tau+2), float64(k))
		}
		return s
	}
	power := map[string]int{"V1": 0, "V2λ": 0, "∇θ1V1": 1, "∇θ2V1": 1, "∇θ1V2λ": 1, "∇θ2V2λ": 1, "∇²θ2V2λ": 2, "∇θ1∇θ2V2λ": 2}

	sp, err := NewSampler(g, 4242)
	if err != nil {
		t.Fatal(err)
	}
	sum := map[string][]float64{}
	sumsq := map[string][]float64{}
	for range trajectories {
		for q, v := range flatPoint(sp.Estimate(th1, th2, 1, horizon, OrderHessians)) {
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
	mean := map[string][]float64{}
	se := map[string][]float64{}
	for q, want := range exact {
		if len(sum[q]) != len(want) {
			t.Fatalf("%s: %d estimated coordinates, %d exact", q, len(sum[q]), len(want))
		}
		bias := tail(power[q])
		worst := 0.0
		for i, w := range want {
			m := sum[q][i] / trajectories
			v := math.Max(0, sumsq[q][i]/trajectories-m*m) * trajectories / (trajectories - 1)
			s := math.Sqrt(v / trajectories)
			mean[q] = append(mean[q], m)
			se[q] = append(se[q], s)
			if d := math.Abs(m - w); d > 5*s+bias {
				t.Errorf("%s[%d]: mean of %d trajectories %.6g, exact %.6g: |diff| %.3g > 5·SE %.3g + truncation %.2g",
					q, i, trajectories, m, w, d, 5*s, bias)
			}
			if s > 0 {
				worst = math.Max(worst, math.Abs(m-w)/s)
			}
		}
		t.Logf("%s: max |z| %.2f (truncation bound %.2g)", q, worst, bias)
	}

	// Power against the estimator without the entropy (follower's
	// quantities) and with a wrong discount (leader's).
	far := func(q string, other []float64) float64 {
		z := 0.0
		for i, o := range other {
			if se[q][i] > 0 {
				z = math.Max(z, math.Abs(mean[q][i]-o)/se[q][i])
			}
		}
		return z
	}
	noEnt := *g
	noEnt.Lambda = 0
	noEnt.flat = nil
	e0, err := NewEvaluator(&noEnt)
	if err != nil {
		t.Fatal(err)
	}
	p0 := flatPoint(e0.Eval(th1, th2, OrderHessians))
	for _, q := range []string{"V2λ", "∇θ2V2λ", "∇²θ2V2λ"} {
		if z := far(q, p0[q]); z <= 10 {
			t.Errorf("%s: the value without the entropy term is within 10 SE of the mean (max |z| %.2f): the test cannot see it", q, z)
		}
	}
	wrongG := *g
	wrongG.Gamma = gamma - 0.15
	wrongG.flat = nil
	eg, err := NewEvaluator(&wrongG)
	if err != nil {
		t.Fatal(err)
	}
	pg := flatPoint(eg.Eval(th1, th2, OrderHessians))
	for _, q := range []string{"V1", "∇θ1V1"} {
		if z := far(q, pg[q]); z <= 10 {
			t.Errorf("%s: the value at γ − 0.15 is within 10 SE of the mean (max |z| %.2f): the test cannot see it", q, z)
		}
	}
}

// TestSampledGaugeDirections42b checks what the shift invariance of the
// tabular softmax (Eq. 7: θ(s,·) + c gives the same policy) implies for
// the sampled estimates, exactly as for the exact ones: the follower's
// Hessian annihilates the per-state all-ones directions 1_s (rows and
// columns), and ∇θ2V1, ∇θ2V2λ and every column of the mixed block
// ∂(∇θ2V2λ)/∂θ1 are orthogonal to them — which is what lets Eq. 19 be
// solved on their complement (HierGrad) instead of by a pseudo-inverse.
// The leader's ∇θ1V1 and ∇θ1V2λ and the columns of Mixed are
// orthogonal to the leader's 1_s likewise. Tolerance: 1e-12 times the
// block's largest entry (sums of m terms that cancel in exact
// arithmetic).
func TestSampledGaugeDirections42b(t *testing.T) {
	g, err := RandomGame(3, 2, 3, 7, 0.8, 0.3)
	if err != nil {
		t.Fatal(err)
	}
	n, m1, m2 := g.Dims()
	rng := rand.New(rand.NewPCG(7, 42))
	th1, th2 := randTheta(rng, n*m1, 1), randTheta(rng, n*m2, 1)
	sp, err := NewSampler(g, 3)
	if err != nil {
		t.Fatal(err)
	}
	pt := sp.Estimate(th1, th2, 64, 30, OrderHessians)
	check := func(name string, v []float64, stride, m int) {
		t.Helper()
		scale := maxAbsValue(v)
		if scale == 0 {
			t.Fatalf("%s: all zero", name)
		}
		// v is a row-major matrix with rows of length stride; sums over
		// consecutive groups of m entries in each row.
		for r := 0; r < len(v); r += stride {
			for s := 0; s < stride; s += m {
				sum := 0.0
				for _, x := range v[r+s : r+s+m] {
					sum += x
				}
				if math.Abs(sum) > 1e-12*scale {
					t.Errorf("%s: row %d, state %d: sum over the block %.3g, want 0 (scale %.3g)", name, r/stride, s/m, sum, scale)
				}
			}
		}
	}
	N1, N2 := n*m1, n*m2
	check("∇θ1V1", pt.Grad11, N1, m1)
	check("∇θ1V2λ", pt.Grad21, N1, m1)
	check("∇θ2V1", pt.Grad12, N2, m2)
	check("∇θ2V2λ", pt.Grad22, N2, m2)
	check("∇²θ2V2λ rows", pt.Hess22.RawMatrix().Data, N2, m2)
	check("Mixed rows (θ1 columns)", pt.Mixed.RawMatrix().Data, N1, m1)
	// Columns: the transposes.
	hT := pt.Hess22.T()
	ht := make([]float64, 0, N2*N2)
	for i := range N2 {
		for j := range N2 {
			ht = append(ht, hT.At(i, j))
		}
	}
	check("∇²θ2V2λ columns", ht, N2, m2)
	mt := make([]float64, 0, N1*N2)
	for j := range N1 {
		for i := range N2 {
			mt = append(mt, pt.Mixed.At(i, j))
		}
	}
	check("Mixed columns (θ2 rows)", mt, N2, m2)
}

// TestSamplerHierGradNeedsHessianEstimate42b checks that Sampler.HierGrad,
// like Evaluator.HierGrad, refuses to build Eq. 19 from a Point without
// current Hessian blocks. Before, after an estimate at OrderHessians at
// one point and one at OrderGradients at another, it combined the second
// point's gradients with the first point's Hessian blocks and returned a
// wrong gradient without an error; before any estimate it reported a
// "saturated" policy (ErrSingularHessian on the zero Point); after a
// cancelled estimate it used the partial sums.
func TestSamplerHierGradNeedsHessianEstimate42b(t *testing.T) {
	g, err := RandomGame(2, 2, 2, 5, 0.6, 0.3)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(5, 1))
	a1, a2 := randTheta(rng, 4, 0.7), randTheta(rng, 4, 0.7)
	b1, b2 := randTheta(rng, 4, 2), randTheta(rng, 4, 2)
	mustPanic := func(what string, sp *Sampler) {
		t.Helper()
		defer func() {
			r := recover()
			if r == nil {
				t.Errorf("%s: HierGrad did not panic", what)
				return
			}
			if msg, _ := r.(string); !strings.Contains(msg, "needs a preceding completed Estimate at OrderHessians") {
				t.Errorf("%s: panic %v", what, r)
			}
		}()
		h, err := sp.HierGrad(0)
		t.Errorf("%s: HierGrad returned %v, %v", what, h, err)
	}

	sp, _ := NewSampler(g, 1)
	mustPanic("no estimate", sp)

	sp.Estimate(a1, a2, 100, 20, OrderHessians)
	if _, err := sp.HierGrad(0); err != nil {
		t.Fatalf("after an estimate at OrderHessians: %v", err)
	}
	sp.Estimate(b1, b2, 100, 20, OrderGradients)
	mustPanic("last estimate at OrderGradients", sp)

	ctx, cancel := context.WithCancel(context.Background())
	defer func() { trajectoryHook = nil }()
	trajectoryHook = func(i int) {
		if i == 50 {
			cancel()
		}
	}
	sp.Estimate(a1, a2, 100, 20, OrderHessians)
	if _, err := sp.EstimateContext(ctx, b1, b2, 100, 20, OrderHessians); err == nil {
		t.Fatal("EstimateContext was not cancelled")
	}
	trajectoryHook = nil
	mustPanic("cancelled estimate", sp)

	// A completed estimate at OrderHessians makes it usable again.
	sp.Estimate(b1, b2, 100, 20, OrderHessians)
	if _, err := sp.HierGrad(0); err != nil {
		t.Fatalf("after a completed estimate at OrderHessians: %v", err)
	}
}
