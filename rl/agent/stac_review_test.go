package agent

import (
	"context"
	"math"
	"testing"

	"github.com/stackel/stackel/ad"
	"gonum.org/v1/gonum/mat"
)

// critLoss is L(w) = (1/N) Σ_t (V_w(s_t) − R̂_t)² evaluated at the critic
// parameters y by forward passes only (the oracle's loss).
func critLoss(a *Agent, o *onPolicy, y []float64) float64 {
	b, n := o.buf, o.buf.n
	W := a.critic.Clone()
	copy(W.Data, y)
	out := []float64{0}
	s := 0.0
	for t := 0; t < n; t++ {
		o.v.Apply(W, b.obs[t*b.obsDim:(t+1)*b.obsDim], out)
		e := out[0] - b.ret[t]
		s += e * e
	}
	return s / float64(n)
}

// Algorithm 2 with the actor leading and m = 3 on a Gaussian policy
// (Pendulum-v1, 50 steps, one hidden layer of 3): the actor's step is the
// regularised total derivative at (θ_k, w_{k,0}), the critic before its
// unrolled steps, and the critic then takes exactly three SGD steps
// w_{k,l+1} = w_{k,l} − α_w ∇wL(θ_k, w_{k,l}) on the epoch's batch. The
// oracle is newSTACOracle (finite differences of forward passes only) with
// a dense solve of (∇²_w L + λI) z = ∇wJ; CG runs to convergence. The
// critic's three steps are finite-difference gradients at the successive
// iterates. Tolerance 1e-4 relative on the actor (the finite-difference
// Hessian's accuracy at λ ≈ 450; measured 5e-6), 1e-5 on the critic. Two
// and four critic steps are checked to be far (> 1e-3) from what the code
// did, and so is the total derivative taken at w_{k,m} instead of w_{k,0}.
func TestSTACUnrolledCriticStepsAndLeaderPoint(t *testing.T) {
	c, err := Defaults("Pendulum-v1", STAC)
	if err != nil {
		t.Fatal(err)
	}
	c.Hidden, c.StepsPerEpoch, c.Steps, c.Seed, c.DType, c.Unroll = []int{3}, 50, 50, 3, ad.Float64, 3
	c.Optimizer = "sgd"
	a, o := collectEpoch(t, c, 50)
	r := newSTACOracle(a, o)
	nw := len(r.gWJ)
	_, minEig := paperTotal(t, r.gThJ, mat.NewDense(nw, len(r.gThJ), nil), r.H, r.gWJ, 0)
	lambda := math.Max(0, -minEig) + 0.5
	solveAt := func(H *mat.Dense, g []float64) []float64 {
		A := mat.DenseCopyOf(H)
		for i := 0; i < nw; i++ {
			A.Set(i, i, A.At(i, i)+lambda)
		}
		var z mat.VecDense
		if err := z.SolveVec(A, mat.NewVecDense(nw, g)); err != nil {
			t.Fatal(err)
		}
		return z.RawVector().Data
	}
	want := diff(r.gThJ, r.mixed(solveAt(r.H, r.gWJ)))

	const lrA, lrC = 0.01, 0.05
	a.actorOpt = newOptimizer("sgd", a.actor.Data, a.actorGrad, lrA)
	a.criticOpt = newOptimizer("sgd", a.critic.Data, a.criticGrad, lrC)
	a.cfg.CG = CG{Iters: 50 * nw, Tol: 1e-15}
	th0, w0 := a.actor.Clone(), a.critic.Clone()
	// Critic iterates by finite differences: w_{l+1} = w_l − α_w ∇wL(w_l).
	ws := [][]float64{append([]float64(nil), w0.Data...)}
	for l := 0; l < 4; l++ {
		g := fdGrad(func(y []float64) float64 { return critLoss(a, o, y) }, ws[l], 1e-6)
		ws = append(ws, diff(ws[l], scaled(g, lrC)))
	}
	st := EpochStats{Lambda: lambda}
	if err := o.update(context.Background(), a, &st); err != nil {
		t.Fatal(err)
	}
	gotTh := scaled(diff(a.actor.Data, th0.Data), 1/lrA)
	eTh, corr := relErr(gotTh, want), relErr(r.gThJ, want)
	eW := relErr(diff(a.critic.Data, w0.Data), diff(ws[3], ws[0]))
	e2 := relErr(diff(a.critic.Data, w0.Data), diff(ws[2], ws[0]))
	e4 := relErr(diff(a.critic.Data, w0.Data), diff(ws[4], ws[0]))
	t.Logf("λ = %.4g: actor %.3g relative from the oracle (correction %.3g of it); critic %.3g from 3 steps (2 steps %.3g, 4 steps %.3g)", lambda, eTh, corr, eW, e2, e4)
	if corr < 1e-3 {
		t.Fatalf("correction %.3g relative: vacuous", corr)
	}
	if eTh > 1e-4 {
		t.Errorf("actor step: %.3g relative from the total derivative at w_{k,0}", eTh)
	}
	if eW > 1e-5 {
		t.Errorf("critic: %.3g relative from three SGD steps", eW)
	}
	if e2 < 1e-3 || e4 < 1e-3 {
		t.Fatalf("two or four critic steps indistinguishable from three (%.3g, %.3g): vacuous", e2, e4)
	}
	// The total derivative at w_{k,m} (after the unrolled steps) is a
	// different direction: the test tells the two points apart.
	copy(a.critic.Data, ws[3])
	rEnd := newSTACOracle(a, o)
	wantEnd := diff(rEnd.gThJ, rEnd.mixed(solveAt(rEnd.H, rEnd.gWJ)))
	if e := relErr(wantEnd, want); e < 1e-3 {
		t.Fatalf("the total derivative at w_{k,m} is %.3g from the one at w_{k,0}: the test cannot tell them apart", e)
	}
}

// λ at epoch e (from 0; numbered e+1 in EpochStats and metrics.csv) is
// max(lambda_min, λ·lambda_decay^e) (config.go, README `lambda_decay`,
// `lambda_min`), recorded in EpochStats.Lambda (the value update passes to
// the total derivative). Checked over four epochs of
// a tiny STAC run for a decay, decay 1 (constant), decay 0 (λ at epoch 0
// only, then the floor), a floor equal to λ, and λ = 0; 1e-12 relative.
func TestSTACLambdaSchedule(t *testing.T) {
	for _, tc := range []struct{ lambda, decay, min float64 }{
		{8, 0.5, 1.5}, {8, 0.5, 0}, {8, 1, 0}, {8, 1, 3}, {8, 0, 2}, {8, 0, 0}, {8, 0.9, 8}, {0, 0.5, 0},
	} {
		c, err := Defaults("CartPole-v1", STAC)
		if err != nil {
			t.Fatal(err)
		}
		c.Hidden, c.StepsPerEpoch, c.Steps, c.Seed, c.DType, c.Unroll, c.LanczosIters = []int{3}, 20, 80, 1, ad.Float64, 1, 0
		c.CG.Lambda, c.CG.LambdaDecay, c.CG.LambdaMin = tc.lambda, tc.decay, tc.min
		a, err := New(c)
		if err != nil {
			t.Fatalf("%+v: %v", tc, err)
		}
		for e := 0; e < 4; e++ {
			st, err := a.RunEpoch(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if st.Epoch != e+1 {
				t.Fatalf("epoch %d (from 0) is numbered %d, want %d (README: metrics.csv numbers epochs from 1)", e, st.Epoch, e+1)
			}
			want := math.Max(tc.min, tc.lambda*math.Pow(tc.decay, float64(e)))
			if math.Abs(st.Lambda-want) > 1e-12*math.Max(1, want) {
				t.Errorf("λ=%g decay=%g min=%g: epoch %d (from 0) has λ %v, want %v", tc.lambda, tc.decay, tc.min, e, st.Lambda, want)
			}
		}
		a.Close()
	}
}

// The Lanczos columns hess_min and hess_max of an STAC epoch are Ritz
// values of the critic's Hessian ∇²_w L after the epoch's critic steps
// (README: "measured on the critic after each epoch's updates"), on the
// epoch's batch. Oracle: the dense eigenvalues of the finite-difference
// Hessian of L at the final w (5e-4 relative to the spectral radius, the
// finite differences' accuracy). With as many Lanczos steps as parameters
// they are the extreme eigenvalues; with 3 steps they lie inside the
// spectrum.
func TestSTACLanczosAgainstDenseHessian(t *testing.T) {
	for _, iters := range []int{0, 3} {
		c, err := Defaults("CartPole-v1", STAC)
		if err != nil {
			t.Fatal(err)
		}
		c.Hidden, c.StepsPerEpoch, c.Steps, c.Seed, c.DType, c.Unroll = []int{3}, 40, 40, 5, ad.Float64, 2
		a, o := collectEpoch(t, c, 40)
		nw := a.critic.Len()
		if iters == 0 {
			iters = nw
		}
		a.cfg.LanczosIters = iters
		st := EpochStats{Lambda: c.CG.Lambda}
		if err := o.update(context.Background(), a, &st); err != nil {
			t.Fatal(err)
		}
		w := append([]float64(nil), a.critic.Data...)
		H := fdCross(func(u, _ []float64) float64 { return critLoss(a, o, u) }, w, w, 1e-3, true)
		h := ad.Zeros(nw, nw)
		for i := 0; i < nw; i++ {
			for j := 0; j < nw; j++ {
				h.Data[i*nw+j] = H.At(i, j)
			}
		}
		vals := symEig(h)
		lo, hi := vals[0], vals[nw-1]
		tol := 5e-4 * math.Max(math.Abs(lo), math.Abs(hi))
		t.Logf("%d Lanczos steps (n_w = %d): [%.6g, %.6g], dense [%.6g, %.6g]", iters, nw, st.HessMin, st.HessMax, lo, hi)
		if st.HessMin < lo-tol || st.HessMax > hi+tol || st.HessMin > st.HessMax {
			t.Errorf("%d steps: Ritz values [%v, %v] outside the spectrum [%v, %v] (tol %.3g)", iters, st.HessMin, st.HessMax, lo, hi, tol)
		}
		if iters == nw && (math.Abs(st.HessMin-lo) > tol || math.Abs(st.HessMax-hi) > tol) {
			t.Errorf("%d steps: [%v, %v], want the extremes [%v, %v] ± %.3g", iters, st.HessMin, st.HessMax, lo, hi, tol)
		}
	}
}
