package agent

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/rl/nn"
)

// GAE-λ advantages and Monte-Carlo targets of finishPath equal their
// defining sums, Â_t = Σ_l (γλ)^l δ_{t+l} and R̂_t = Σ_l γ^l r_{t+l} + γ^{T−t}
// lastVal, computed directly (tolerance 1e-12), for a terminal path
// (lastVal = 0) followed by a cut one.
func TestFinishPathMatchesDefinitions(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const gamma, lam = 0.95, 0.8
	r := newRollout(12, 1, 1)
	obs := []float64{0}
	for _, path := range []struct {
		n       int
		lastVal float64
	}{{5, 0}, {7, 2.5}} {
		start := r.n
		for i := 0; i < path.n; i++ {
			r.add(obs, obs, rng.NormFloat64(), rng.NormFloat64(), obs, false)
		}
		r.finishPath(path.lastVal, gamma, lam)
		for t0 := start; t0 < r.n; t0++ {
			adv, ret := 0.0, 0.0
			for l := 0; t0+l < r.n; l++ {
				next := path.lastVal
				if t0+l+1 < r.n {
					next = r.val[t0+l+1]
				}
				delta := r.rew[t0+l] + gamma*next - r.val[t0+l]
				adv += math.Pow(gamma*lam, float64(l)) * delta
				ret += math.Pow(gamma, float64(l)) * r.rew[t0+l]
			}
			ret += math.Pow(gamma, float64(r.n-t0)) * path.lastVal
			if math.Abs(r.adv[t0]-adv) > 1e-12 || math.Abs(r.ret[t0]-ret) > 1e-12 {
				t.Fatalf("step %d: Â %v R̂ %v, want %v %v", t0, r.adv[t0], r.ret[t0], adv, ret)
			}
		}
	}
	if len(r.starts) != 2 || r.starts[1] != 5 {
		t.Fatalf("path starts %v, want [0 5]", r.starts)
	}
}

// tabularMDP is a 2-state, 2-action MDP with horizon 3, small enough to
// enumerate every trajectory.
type tabularMDP struct {
	P     [2][2][2]float64 // P[s][a][s']
	R     [2][2]float64
	rho   [2]float64
	gamma float64
}

const horizon = 3

func newTabularMDP(rng *rand.Rand) *tabularMDP {
	m := &tabularMDP{gamma: 0.9, rho: [2]float64{0.3, 0.7}}
	for s := 0; s < 2; s++ {
		for a := 0; a < 2; a++ {
			p := 0.15 + 0.7*rng.Float64()
			m.P[s][a] = [2]float64{p, 1 - p}
			m.R[s][a] = 2*rng.Float64() - 1
		}
	}
	return m
}

// values returns V_k(s) and Q_k(s, a) of the finite-horizon problem for
// policy pi[s][a], k = 0…horizon−1.
func (m *tabularMDP) values(pi [2][2]float64) (V [horizon + 1][2]float64, Q [horizon][2][2]float64) {
	for k := horizon - 1; k >= 0; k-- {
		for s := 0; s < 2; s++ {
			for a := 0; a < 2; a++ {
				Q[k][s][a] = m.R[s][a] + m.gamma*(m.P[s][a][0]*V[k+1][0]+m.P[s][a][1]*V[k+1][1])
				V[k][s] += pi[s][a] * Q[k][s][a]
			}
		}
	}
	return V, Q
}

// trajectory is one enumerated (s₀, a₀, s₁, a₁, s₂, a₂) with its probability.
type trajectory struct {
	s, a [horizon]int
	p    float64
}

func (m *tabularMDP) trajectories(pi [2][2]float64) []trajectory {
	var out []trajectory
	var rec func(k int, tr trajectory)
	rec = func(k int, tr trajectory) {
		for a := 0; a < 2; a++ {
			t2 := tr
			t2.a[k] = a
			t2.p *= pi[tr.s[k]][a]
			if k == horizon-1 {
				out = append(out, t2)
				continue
			}
			for s2 := 0; s2 < 2; s2++ {
				t3 := t2
				t3.s[k+1] = s2
				t3.p *= m.P[tr.s[k]][a][s2]
				rec(k+1, t3)
			}
		}
	}
	for s0 := 0; s0 < 2; s0++ {
		rec(0, trajectory{s: [horizon]int{s0}, p: m.rho[s0]})
	}
	return out
}

// tabularPolicy is a softmax policy on one-hot states (a categorical
// policy without hidden layers) inside a minimal agent.
func tabularPolicy(rng *rand.Rand) (*Agent, *onPolicy, func() [2][2]float64) {
	a := &Agent{actor: &nn.Params{}, critic: &nn.Params{}, solver: newSolver(ad.Float64, ad.Float64)}
	cat := nn.NewCategorical(a.actor, 2, nil, nn.Tanh, 2)
	cat.Net.Init(a.actor, rng)
	cat.Net.ScaleLast(a.actor, 3)
	o := &onPolicy{pol: categorical{cat}}
	probs := func() [2][2]float64 {
		var pi [2][2]float64
		p := make([]float64, 2)
		for s := 0; s < 2; s++ {
			oh := []float64{0, 0}
			oh[s] = 1
			cat.Probs(a.actor, oh, p)
			pi[s] = [2]float64{p[0], p[1]}
		}
		return pi
	}
	return a, o, probs
}

// fillRollout stores every enumerated trajectory as one path and returns
// the rollout and the trajectories.
func fillRollout(m *tabularMDP, o *onPolicy, pi [2][2]float64) []trajectory {
	trs := m.trajectories(pi)
	o.buf = newRollout(len(trs)*horizon, 2, 1)
	for _, tr := range trs {
		for k := 0; k < horizon; k++ {
			oh := []float64{0, 0}
			oh[tr.s[k]] = 1
			o.buf.add(oh, []float64{float64(tr.a[k])}, 0, 0, oh, false)
		}
		o.buf.pathStart = o.buf.n
	}
	return trs
}

// fd returns central finite differences (step 1e-6) of f over p.Data.
func fd(p *nn.Params, f func() float64) []float64 { return fdStep(p, 1e-6, f) }

// fdStep returns central finite differences of f over p.Data with step h.
func fdStep(p *nn.Params, h float64, f func() float64) []float64 {
	g := make([]float64, p.Len())
	for i := range p.Data {
		x := p.Data[i]
		p.Data[i] = x + h
		fp := f()
		p.Data[i] = x - h
		fm := f()
		p.Data[i] = x
		g[i] = (fp - fm) / (2 * h)
	}
	return g
}

// The actor-critic gradient estimators against finite differences on an
// MDP small enough to take expectations exactly by enumerating all 64
// trajectories: the policy gradient ∇θJ = E[Σ_t γ^t ∇θ log π(a_t|s_t) Q^π_t]
// (Eq. 3) and Proposition 1's ∇θL, as implemented by prop1Weights and the
// weighted log-likelihood gradient, with every visited state a start state
// of L and the state distribution held fixed (what the estimator
// estimates): L(θ′) = E_{τ~π_θ}[Σ_k (V^{π_θ′}_k(s_k) − V_w(s_k))²]. Tolerance
// 1e-7 relative.
func TestGradientEstimatorsFiniteDifferences(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	m := newTabularMDP(rng)
	a, o, probs := tabularPolicy(rng)
	vw := [2]float64{0.4, -0.7} // an arbitrary critic V_w
	pi := probs()
	trs := fillRollout(m, o, pi)
	V, Q := m.values(pi)
	n := o.buf.n
	q, resid, pre, dst, wts := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)

	t.Run("policy gradient (Eq. 3)", func(t *testing.T) {
		for i, tr := range trs {
			for k := 0; k < horizon; k++ {
				wts[i*horizon+k] = float64(n) * tr.p * math.Pow(m.gamma, float64(k)) * Q[k][tr.s[k]][tr.a[k]]
			}
		}
		got := make([]float64, a.actor.Len())
		o.logLikelihoodGrad(a, wts, got)
		want := fd(a.actor, func() float64 {
			V2, _ := m.values(probs())
			return m.rho[0]*V2[0][0] + m.rho[1]*V2[0][1]
		})
		if e := relErr(got, want); e > 1e-7 {
			t.Fatalf("policy gradient vs finite differences: relative error %.3g\ngot  %v\nwant %v", e, got, want)
		}
	})

	t.Run("Proposition 1", func(t *testing.T) {
		for i, tr := range trs {
			for k := 0; k < horizon; k++ {
				q[i*horizon+k] = Q[k][tr.s[k]][tr.a[k]]
				resid[i*horizon+k] = 2 * (V[k][tr.s[k]] - vw[tr.s[k]])
			}
		}
		o.buf.prop1Weights(q, resid, m.gamma, pre, dst)
		for i, tr := range trs {
			for k := 0; k < horizon; k++ {
				wts[i*horizon+k] = float64(n) * tr.p * dst[i*horizon+k]
			}
		}
		got := make([]float64, a.actor.Len())
		o.logLikelihoodGrad(a, wts, got)
		want := fd(a.actor, func() float64 {
			V2, _ := m.values(probs())
			l := 0.0
			for _, tr := range trs { // distribution frozen at θ
				for k := 0; k < horizon; k++ {
					d := V2[k][tr.s[k]] - vw[tr.s[k]]
					l += tr.p * d * d
				}
			}
			return l
		})
		if e := relErr(got, want); e > 1e-7 {
			t.Fatalf("Proposition 1 vs finite differences: relative error %.3g\ngot  %v\nwant %v", e, got, want)
		}
	})
}

// STAC's total derivative (stackelbergCorrection: ∇wJ, CG, the double
// vector–Jacobian product for ∇wV·z and the exchanged sums of Proposition 1)
// equals a dense evaluation of Eq. 15 built independently: the
// Proposition 1 surrogate S(θ, w) = (1/N) Σ_t log π_θ(a_t|s_t) Â_t D_t(w),
// D_t = Σ_{k≤t} γ^{t−k} 2(R̂_k − V_w(s_k)) written with an explicit
// lower-triangular discount matrix, whose mixed Jacobian ∇w∇θS is
// ∇wθL; dense critic Hessian and LU solve. Tolerance 1e-6 relative in
// float64; 1e-4 relative for the float32 agent against the same float64
// reference.
func TestSTACTotalDerivativeMatchesDense(t *testing.T) {
	t.Run("float64", func(t *testing.T) { stacTotalMatchesDense(t, ad.Float64, 1e-6) })
	t.Run("float32", func(t *testing.T) { stacTotalMatchesDense(t, ad.Float32, 1e-4) })
}

func stacTotalMatchesDense(t *testing.T, d ad.DType, tol float64) {
	c, err := Defaults("CartPole-v1", STAC)
	if err != nil {
		t.Fatal(err)
	}
	c.Hidden, c.StepsPerEpoch, c.Steps, c.Seed, c.DType = []int{5}, 60, 60, 7, d
	a, o := collectEpoch(t, c, 60)
	n := o.buf.n
	if len(o.buf.starts) < 2 {
		t.Fatalf("want several paths in the rollout, got starts %v", o.buf.starts)
	}
	mu, sd := meanStd(o.buf.adv[:n])
	for i := 0; i < n; i++ {
		o.advN[i] = (o.buf.adv[i] - mu) / sd
	}
	gJ := make([]float64, a.actor.Len())
	o.logLikelihoodGrad(a, o.advN, gJ)

	// Dense: H = ∇²_w L, ∇wJ, and M = ∇w∇θ S.
	obs, act, next, _ := o.batch()
	tri := ad.Zeros(n, n)
	for p, s := range o.buf.starts {
		e := n
		if p+1 < len(o.buf.starts) {
			e = o.buf.starts[p+1]
		}
		for i := s; i < e; i++ {
			for k := s; k <= i; k++ {
				tri.Data[i*n+k] = math.Pow(c.Gamma, float64(i-k))
			}
		}
	}
	surrogate := func(tp *ad.Tape, th, w nn.Bound) *ad.Node {
		lp := o.pol.logProb(th, tp.Const(obs), tp.Const(act))
		resid := ad.Scale(ad.Sub(tp.Const(ad.NewTensor(n, 1, o.buf.ret[:n])), o.v.Forward(w, tp.Const(obs))), 2)
		D := ad.MatMul(tp.Const(tri), resid)
		return ad.Scale(ad.Dot(ad.Mul(lp, tp.Const(ad.NewTensor(n, 1, o.buf.adv[:n]))), D), 1/float64(n))
	}
	tp := ad.NewTape()
	th, w := a.actor.Var(tp), a.critic.Var(tp)
	gth := ad.Grad(surrogate(tp, th, w), th.Nodes...)
	flat := make([]*ad.Node, len(gth))
	for i, g := range gth {
		flat[i] = ad.Reshape(g, 1, g.Rows()*g.Cols())
	}
	M := ad.Jacobian(ad.ConcatCols(flat...), w.Nodes...) // nθ × nw
	nth, nw := a.actor.Len(), a.critic.Len()
	tp = ad.NewTape()
	w = a.critic.Var(tp)
	H := ad.Hessian(o.valueLoss(tp, nn.Bound{}, w), w.Nodes...)
	tp = ad.NewTape()
	w = a.critic.Var(tp)
	wts := ad.Zeros(n, 1)
	for i := 0; i < n; i++ {
		wts.Data[i] = c.Gamma * (1 - o.buf.term[i]) / (float64(n) * sd)
	}
	gwJ := make([]float64, nw)
	w.Grad(ad.Dot(o.v.Forward(w, tp.Const(next)), tp.Const(wts)), gwJ)

	minEig := symMinEig(H)
	lambda := max(0, -minEig) + 0.1
	Hl := append([]float64(nil), H.Data...)
	for i := 0; i < nw; i++ {
		Hl[i*nw+i] += lambda
	}
	z := denseSolve(t, nw, Hl, gwJ)
	want := append([]float64(nil), gJ...)
	for i := 0; i < nth; i++ {
		for j := 0; j < nw; j++ {
			want[i] -= M.Data[i*nw+j] * z[j]
		}
	}

	copy(a.actorGrad, gJ)
	a.cfg.CG = CG{Iters: 20 * nw, Tol: 1e-14}
	ts, err := o.stackelbergCorrection(context.Background(), a, sd, lambda)
	if err != nil {
		t.Fatal(err)
	}
	if e := relErr(a.actorGrad, want); e > tol {
		t.Fatalf("STAC total derivative vs dense Eq. 15: relative error %.3g (CG %d iterations)", e, ts.CG.Iterations)
	}
	if e := relErr(gJ, want); e < 1e-3 {
		t.Fatalf("correction negligible (%.3g relative); the test is vacuous", e)
	}
}

// An epoch of one step (steps_per_epoch 1, or the last epoch of a run whose
// length is one step past a multiple of it) has advantages without spread,
// σ_A = 0. Normalised, they are all 0, so ∇θJ = 0; STAC's correction,
// which is divided by σ_A to match (both are gradients of J/σ_A), must not
// then be divided by a floor of 10⁻⁸: that made a total derivative of norm
// 10⁶–10⁷ out of a zero individual gradient and blew the policy up. With no
// spread the advantages are only centred (σ_A = 1), so the one-step STAC
// step is the raw-advantage STAC step minus the raw-advantage AC step
// (same seed, same first step, same actor step size): θ_A − θ₀ =
// (θ_B − θ₀) − (θ_C − θ₀), to 10⁻⁹ relative in float64.
func TestOneStepEpochAdvantagesWithoutSpread(t *testing.T) {
	for _, envName := range []string{"CartPole-v1", "Pendulum-v1"} {
		t.Run(envName, func(t *testing.T) {
			run := func(algo Algo, raw bool) (theta0, theta []float64, st EpochStats) {
				c := tinyConfig(t, envName, algo, ActorLeads)
				c.DType, c.StepsPerEpoch, c.Steps, c.ActorLR = ad.Float64, 1, 1, 0.03
				c.RawAdvantages = raw
				a, err := New(c)
				if err != nil {
					t.Fatal(err)
				}
				theta0 = append([]float64(nil), a.actor.Data...)
				st, err = a.RunEpoch(context.Background())
				if err != nil {
					t.Fatal(err)
				}
				return theta0, a.actor.Data, st
			}
			theta0, thA, stA := run(STAC, false)
			_, thB, _ := run(STAC, true)
			_, thC, _ := run(AC, true)
			if stA.LeaderIndividualNorm != 0 {
				t.Errorf("individual gradient norm %v with one centred advantage, want 0", stA.LeaderIndividualNorm)
			}
			var num, den float64
			for i := range theta0 {
				want := theta0[i] + (thB[i] - theta0[i]) - (thC[i] - theta0[i])
				num += (thA[i] - want) * (thA[i] - want)
				den += (thB[i] - theta0[i]) * (thB[i] - theta0[i])
			}
			if den == 0 {
				t.Fatal("the raw-advantage STAC step is zero; the test has nothing to compare")
			}
			if rel := math.Sqrt(num / den); !(rel <= 1e-9) {
				t.Errorf("one-step STAC step differs from raw STAC − raw AC by %.3g relative (total derivative norm %.4g)", rel, stA.ActorGradNorm)
			}
		})
	}
}

// What STAC's mixed term estimates, on the enumerable MDP of
// TestGradientEstimatorsFiniteDifferences with a tabular critic V_w(s) =
// w_s: the Proposition 1 weights (prop1Weights with the residual's
// w-derivative −2∇wV_w(s_k)·z = −2z_{s_k}, exact Q^π) give ∇w∇θL·z for
// the critic loss over visited states L = E_{τ~π_θ}[Σ_k (V^π_k(s_k) −
// w_{s_k})²] with the state distribution held fixed (to 1e-6 relative of
// finite differences in θ and w), and not with it differentiated: the
// visited states' own dependence on θ, which Proposition 1 does not have
// (its s₀ ~ ρ is the fixed initial distribution), changes the mixed term by
// 20.3 % here (asserted within 0.01; the package documentation quotes it).
func TestMixedTermHoldsVisitedStatesFixed(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	m := newTabularMDP(rng)
	a, o, probs := tabularPolicy(rng)
	vw, z := [2]float64{0.4, -0.7}, [2]float64{1, 0.5}
	pi := probs()
	trs := fillRollout(m, o, pi)
	_, Q := m.values(pi)
	n := o.buf.n
	q, resid, pre, dst, wts := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	for i, tr := range trs {
		for k := 0; k < horizon; k++ {
			q[i*horizon+k] = Q[k][tr.s[k]][tr.a[k]]
			resid[i*horizon+k] = -2 * z[tr.s[k]]
		}
	}
	o.buf.prop1Weights(q, resid, m.gamma, pre, dst)
	for i, tr := range trs {
		for k := 0; k < horizon; k++ {
			wts[i*horizon+k] = float64(n) * tr.p * dst[i*horizon+k]
		}
	}
	got := make([]float64, a.actor.Len())
	o.logLikelihoodGrad(a, wts, got)

	// ∇θL at w ± εz by finite differences, the state distribution frozen
	// at θ or moving with it. L is quadratic in w, so the difference
	// quotient in w is exact for any ε; a large one keeps the θ finite
	// differences' rounding from being amplified by 1/ε.
	loss := func(w [2]float64, frozen bool) func() float64 {
		return func() float64 {
			p := probs()
			V, _ := m.values(p)
			paths := trs
			if !frozen {
				paths = m.trajectories(p)
			}
			l := 0.0
			for _, tr := range paths {
				for k := 0; k < horizon; k++ {
					d := V[k][tr.s[k]] - w[tr.s[k]]
					l += tr.p * d * d
				}
			}
			return l
		}
	}
	mixed := func(frozen bool) []float64 {
		const e = 0.5
		gp := fd(a.actor, loss([2]float64{vw[0] + e*z[0], vw[1] + e*z[1]}, frozen))
		gm := fd(a.actor, loss([2]float64{vw[0] - e*z[0], vw[1] - e*z[1]}, frozen))
		for i := range gp {
			gp[i] = (gp[i] - gm[i]) / (2 * e)
		}
		return gp
	}
	t.Logf("relative difference to the fixed-states derivative %.2g, to the moving-states one %.4g", relErr(got, mixed(true)), relErr(got, mixed(false)))
	if e := relErr(got, mixed(true)); e > 1e-6 {
		t.Errorf("mixed term vs finite differences with the visited states fixed: relative error %.3g", e)
	}
	if e := relErr(got, mixed(false)); math.Abs(e-0.203) > 0.01 {
		t.Errorf("mixed term vs finite differences with the visited states moving with θ: relative difference %.3g, want 0.203 ± 0.01", e)
	}
}
