package agent

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/rl/env"
	"github.com/stackel/stackel/rl/nn"
)

// AC and STAC (Sections 3.3 and 4.2): an on-policy actor π_θ and a state-value
// critic V_w, one leader update per epoch of Config.StepsPerEpoch steps.
//
//	J(θ, w) = E_τ[r(s₀, a₀) + γ V_w(s₁)]           actor objective (Section 4.2, which omits γ)
//	L(θ, w) = E_s[(V_w(s) − V^π(s))²]              critic objective (Eq. 4 with V)
//
// AC follows the individual gradients (Eq. 5–6); STAC's actor leads with the
// total derivative of Eq. 15, ∇θL coming from Proposition 1.
type onPolicy struct {
	pol      stochastic
	v        *nn.MLP // V_w
	buf      *rollout
	act      []float64
	vOut     []float64
	next     []float64
	advN     []float64 // normalised advantages
	wts      []float64 // per-step weights of a weighted log-likelihood gradient
	jvp, pre []float64 // ∇wV(s_k)·z and its discounted prefix sums
	gwJ      []float64 // ∇wJ
	zeros    ad.Tensor
	// low and high bound the actions the environment gets when
	// Config.ClipActions (nil otherwise); envAct holds the clipped copy.
	low, high, envAct []float64
}

// stochastic is the policy interface AC and STAC need.
type stochastic interface {
	// logProb records log π(a|s) for rows of obs and act as a B×1 node.
	logProb(b nn.Bound, obs, act *ad.Node) *ad.Node
	// sample and mode write an action for obs into dst; they fail where
	// the policy is undefined (a categorical policy's logits with no
	// finite maximum).
	sample(p *nn.Params, obs []float64, rng *rand.Rand, dst []float64) error
	mode(p *nn.Params, obs, dst []float64) error
}

type categorical struct{ *nn.Categorical }

func (c categorical) logProb(b nn.Bound, obs, act *ad.Node) *ad.Node { return c.LogProb(b, obs, act) }
func (c categorical) sample(p *nn.Params, obs []float64, rng *rand.Rand, dst []float64) error {
	i, err := c.TrySample(p, obs, rng)
	dst[0] = float64(i)
	return err
}
func (c categorical) mode(p *nn.Params, obs, dst []float64) error {
	i, err := c.TryMode(p, obs)
	dst[0] = float64(i)
	return err
}

type gaussian struct{ *nn.Gaussian }

func (g gaussian) logProb(b nn.Bound, obs, act *ad.Node) *ad.Node { return g.LogProb(b, obs, act) }
func (g gaussian) sample(p *nn.Params, obs []float64, rng *rand.Rand, dst []float64) error {
	g.Sample(p, obs, rng, dst)
	return nil
}
func (g gaussian) mode(p *nn.Params, obs, dst []float64) error {
	g.Mean(p, obs, dst)
	return nil
}

func newOnPolicy(a *Agent, rng *rand.Rand) (*onPolicy, error) {
	c := a.cfg
	o := &onPolicy{}
	switch sp := a.env.ActionSpace().(type) {
	case env.Discrete:
		cat := nn.NewCategorical(a.actor, a.obsDim, c.Hidden, c.Activation, sp.N)
		cat.Net.Init(a.actor, rng)
		o.pol = categorical{cat}
	default:
		g := nn.NewGaussian(a.actor, a.obsDim, c.Hidden, c.Activation, a.actDim)
		g.Init(a.actor, rng, c.InitLogStd)
		o.pol = gaussian{g}
		if box, ok := sp.(*env.Box); ok && c.ClipActions {
			o.low, o.high, o.envAct = box.Low, box.High, make([]float64, a.actDim)
		}
	}
	o.v = nn.NewMLP(a.critic, append(append([]int{a.obsDim}, c.Hidden...), 1), c.Activation, nn.Identity)
	o.v.Init(a.critic, rng)
	n := c.StepsPerEpoch
	o.buf = newRollout(n, a.obsDim, a.actDim)
	o.act, o.vOut, o.next = make([]float64, a.actDim), make([]float64, 1), make([]float64, a.obsDim)
	o.advN, o.wts, o.jvp, o.pre = make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	o.gwJ = make([]float64, a.critic.Len())
	o.zeros = ad.Zeros(n, 1)
	return o, nil
}

func (o *onPolicy) value(a *Agent, obs []float64) float64 {
	o.v.Apply(a.critic, obs, o.vOut)
	return o.vOut[0]
}

// testAction is the policy's mode, clipped to the action box when
// Config.ClipActions.
func (o *onPolicy) testAction(a *Agent, obs, dst []float64) error {
	if err := o.pol.mode(a.actor, obs, dst); err != nil {
		return err
	}
	o.clip(dst, dst)
	return nil
}

// behaviour is a draw of the policy, clipped to the action box when
// Config.ClipActions: the action the environment gets in training.
func (o *onPolicy) behaviour(a *Agent, rng *rand.Rand, obs, dst []float64) error {
	if err := o.pol.sample(a.actor, obs, rng, dst); err != nil {
		return err
	}
	o.clip(dst, dst)
	return nil
}

// envAction is the action the environment gets for the drawn o.act: o.act
// itself, or with Config.ClipActions its copy clipped to the action box.
func (o *onPolicy) envAction() []float64 {
	if o.low == nil {
		return o.act
	}
	o.clip(o.envAct, o.act)
	return o.envAct
}

// clip writes src clipped to [low, high] into dst (a copy when clipping is
// off).
func (o *onPolicy) clip(dst, src []float64) {
	if o.low == nil {
		copy(dst, src)
		return
	}
	for j, v := range src {
		dst[j] = min(max(v, o.low[j]), o.high[j])
	}
}

func (o *onPolicy) epoch(ctx context.Context, a *Agent, n int, st *EpochStats) error {
	if err := o.collect(ctx, a, n, st); err != nil {
		return err
	}
	return o.update(ctx, a, st)
}

// collect runs n steps with π_θ into the rollout; every path ends with GAE-λ
// advantages and Monte-Carlo targets, bootstrapped with V_w when it was cut
// short by the time limit or the end of the epoch.
func (o *onPolicy) collect(ctx context.Context, a *Agent, n int, st *EpochStats) error {
	c := a.cfg
	buf := o.buf
	buf.reset()
	var eps episodes
	for t := 0; t < n; t++ {
		if t%512 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		v := o.value(a, a.obs)
		if err := o.pol.sample(a.actor, a.obs, a.rng, o.act); err != nil {
			return fmt.Errorf("%s step %d: the policy's sample: %w", a.cfg.Env, a.steps+1, err)
		}
		act := o.envAction()
		if q := nonFiniteIn("action", act); q != "" {
			return fmt.Errorf("%s step %d: %s, the policy's sample", a.cfg.Env, a.steps+1, q)
		}
		next, r, term, trunc := a.env.Step(act)
		a.steps++
		if q := a.badStep(next, r); q != "" {
			return fmt.Errorf("%s step %d: %s", a.cfg.Env, a.steps, q)
		}
		eps.step(r)
		buf.add(a.obs, o.act, r, v, next, term)
		switch {
		case term:
			buf.finishPath(0, c.Gamma, c.Lam)
		case trunc || t == n-1:
			buf.finishPath(o.value(a, next), c.Gamma, c.Lam)
		}
		if term || trunc {
			eps.end()
			obs := a.env.Reset(a.envRng)
			if q := a.badStep(obs, 0); q != "" {
				return fmt.Errorf("%s reset after step %d: %s", a.cfg.Env, a.steps, q)
			}
			copy(a.obs, obs)
		} else {
			copy(a.obs, next)
		}
	}
	eps.fill(st)
	return nil
}

// batch returns the epoch's observations, actions and value targets as
// tensors aliasing the rollout.
func (o *onPolicy) batch() (obs, act, next, ret ad.Tensor) {
	b, n := o.buf, o.buf.n
	return ad.NewTensor(n, b.obsDim, b.obs[:n*b.obsDim]), ad.NewTensor(n, b.actDim, b.act[:n*b.actDim]),
		ad.NewTensor(n, b.obsDim, b.next[:n*b.obsDim]), ad.NewTensor(n, 1, b.ret[:n])
}

// valueLoss is L(w) = (1/N) Σ_t (V_w(s_t) − R̂_t)², the sample form of Eq. 4
// with Monte-Carlo targets R̂_t ≈ V^π(s_t). The actor enters L only through
// the distribution of the samples, which Proposition 1 accounts for.
func (o *onPolicy) valueLoss(t *ad.Tape, _, w nn.Bound) *ad.Node {
	obs, _, _, ret := o.batch()
	return ad.Mean(ad.Square(ad.Sub(o.v.Forward(w, t.Const(obs)), t.Const(ret))))
}

// logLikelihoodGrad writes ∇θ (1/N) Σ_t wts_t log π_θ(a_t|s_t) into dst and
// returns the value of the sum.
func (o *onPolicy) logLikelihoodGrad(a *Agent, wts, dst []float64) float64 {
	obs, act, _, _ := o.batch()
	n := o.buf.n
	t := a.solver.tape
	t.Reset()
	th := a.actor.Var(t)
	lp := o.pol.logProb(th, t.Const(obs), t.Const(act))
	y := ad.Scale(ad.Dot(lp, t.Const(ad.NewTensor(n, 1, wts[:n]))), 1/float64(n))
	th.Grad(y, dst)
	return y.Scalar()
}

func (o *onPolicy) update(ctx context.Context, a *Agent, st *EpochStats) error {
	c := a.cfg
	n := o.buf.n
	adv := o.buf.adv[:n]

	// Advantage normalisation (Spinning Up): Ân_t = (Â_t − mean Â)/σ_A,
	// unless Config.RawAdvantages (then σ_A = 1 below). Advantages without
	// spread (σ_A < 10⁻⁸: an epoch of one step, such as the last one of a
	// run one step longer than a multiple of StepsPerEpoch) are only
	// centred (σ_A = 1): STAC divides its correction by σ_A too, and a
	// floor of 10⁻⁸ there would scale it by 10⁸.
	mu, sd := meanStd(adv)
	if sd < 1e-8 {
		sd = 1
	}
	if c.RawAdvantages {
		mu, sd = 0, 1
	}
	for t := range adv {
		o.advN[t] = (adv[t] - mu) / sd
	}

	// Leader (actor). Eq. 3 with GAE: ∇θJ = (1/N) Σ_t ∇θ log π(a_t|s_t) Ân_t.
	surrogate := o.logLikelihoodGrad(a, o.advN, a.actorGrad)
	indiv := norm(a.actorGrad)
	var acc accum
	if c.Algo == STAC {
		correct := o.stackelbergCorrection
		if c.Mixed == MixedAuthors {
			correct = o.authorsCorrection
		}
		ts, err := correct(ctx, a, sd, st.Lambda)
		if err != nil {
			return err
		}
		ts.IndividualNorm = indiv
		acc.addTotal(ts)
	}
	// Eq. 5 / Eq. 11: θ ← θ + α_θ ∇J (optimisers descend: pass −∇J), plus
	// the optional gradient noise σε of the authors' code.
	scale(a.actorGrad, -1)
	actorNorm := norm(a.actorGrad)
	a.addNoise(a.actorGrad)
	if err := checkFinite("actor update", []string{"actor gradient norm"}, actorNorm); err != nil {
		return err
	}
	if err := a.step(a.actorOpt); err != nil {
		return err
	}

	// Follower (critic), Eq. 6 / Eq. 12 unrolled m times (Algorithm 2):
	// w ← w − α_w ∇w L(θ, w), at the θ the data was collected with.
	var criticLoss, criticNorm float64
	for l := 0; l < c.Unroll; l++ {
		if err := ctx.Err(); err != nil { // each step is a network gradient: look every time
			return err
		}
		loss := a.solver.partial(o.valueLoss, a.actor, a.critic, false, a.criticGrad)
		if l == 0 {
			criticLoss, criticNorm = loss, norm(a.criticGrad)
		}
		if err := checkFinite("critic update", []string{"critic loss"}, loss); err != nil {
			return err
		}
		a.addNoise(a.criticGrad)
		if err := a.step(a.criticOpt); err != nil {
			return err
		}
	}
	acc.add(-surrogate, criticLoss, actorNorm, criticNorm)
	acc.fill(st)

	if c.LanczosIters > 0 {
		lo, hi, err := a.lz.extremes(a.solver.hessian(o.valueLoss, a.actor, a.critic), a.critic.Len(), c.LanczosIters, a.diagRng)
		if err != nil {
			return err
		}
		st.HessMin, st.HessMax = lo, hi
	}
	return nil
}

// stackelbergCorrection subtracts ∇wθᵀL (∇²_w L + λI)⁻¹ ∇wJ from the actor
// gradient in a.actorGrad, turning it into the total derivative of Eq. 15.
//
//   - ∇wJ = (γ/N) Σ_t (1 − d_t) ∇w V_w(s_{t+1}), from J = E[r + γ V_w(s')]
//     (Section 4.2), divided by σ_A because ∇θJ above uses advantages
//     divided by σ_A (both are then gradients of J/σ_A).
//   - z = (∇²_w L + λI)⁻¹ ∇wJ by conjugate gradient on Hessian–vector
//     products of L(w) = (1/N) Σ_t (V_w(s_t) − R̂_t)².
//   - Proposition 1 with every visited state s_k taken as a start state:
//     ∇θL = (2/N) Σ_k Σ_{t≥k} γ^{t−k} ∇θ log π(a_t|s_t) (V^π(s_k) − V_w(s_k)) Q^π(s_t, a_t).
//     Differentiating in w along z and exchanging the sums,
//     ∇wθᵀL·z = −(2/N) Σ_t ∇θ log π(a_t|s_t) Q̂_t Σ_{k≤t} γ^{t−k} ∇wV_w(s_k)·z,
//     with Q̂_t the GAE advantage Â_t (a state baseline leaves the
//     expectation unchanged) and the directional derivatives ∇wV_w(s_k)·z
//     from a double vector–Jacobian product.
func (o *onPolicy) stackelbergCorrection(ctx context.Context, a *Agent, sdA, lambda float64) (totalStats, error) {
	c := a.cfg
	n := o.buf.n
	_, _, next, _ := o.batch()
	var ts totalStats

	// ∇wJ = (γ/(N σ_A)) Σ_t (1 − d_t) ∇w V_w(s_{t+1}).
	t := a.solver.tape
	t.Reset()
	W := a.critic.Var(t)
	for i := 0; i < n; i++ {
		o.wts[i] = c.Gamma * (1 - o.buf.term[i]) / (float64(n) * sdA)
	}
	W.Grad(ad.Dot(o.v.Forward(W, t.Const(next)), t.Const(ad.NewTensor(n, 1, o.wts[:n]))), o.gwJ)

	// z = (∇²_w L + λI)⁻¹ ∇wJ.
	z, res, err := a.solver.solve(ctx, a.solver.hessian(o.valueLoss, a.actor, a.critic), o.gwJ, c.CG, lambda)
	ts.CG = res
	if err != nil {
		return ts, err
	}

	// jvp_k = ∇wV_w(s_k)·z = ∂/∂u_k [∇w(Σ_k u_k V_w(s_k)) · z].
	obs, _, _, _ := o.batch()
	t.Reset()
	W = a.critic.Var(t)
	u := t.Var(ad.NewTensor(n, 1, o.zeros.Data[:n]))
	gw := ad.Grad(ad.Dot(u, o.v.Forward(W, t.Const(obs))), W.Nodes...)
	jv := ad.Grad1(nn.Dot(gw, a.critic.ConstVec(t, z).Nodes), u)[0]
	copy(o.jvp[:n], jv.Data())

	// Weights Q̂_t Σ_{k≤t} γ^{t−k} (−2 jvp_k) of the mixed term: the
	// w-derivative along z of Proposition 1's 2(V^π(s_k) − V_w(s_k)).
	for i := 0; i < n; i++ {
		o.jvp[i] *= -2
	}
	o.buf.prop1Weights(o.buf.adv, o.jvp, c.Gamma, o.pre, o.wts)
	mixed := a.solver.scratch(a.actor.Len())
	o.logLikelihoodGrad(a, o.wts, mixed)
	for i := range a.actorGrad {
		a.actorGrad[i] -= mixed[i] // Eq. 15
	}
	ts.TotalNorm = norm(a.actorGrad)
	return ts, nil
}

// authorsCorrection is the total derivative as the authors' public code
// computes it (Config.Mixed = MixedAuthors), kept to compare with the
// paper's estimator:
//
//   - ∇wJ = ∇w (1/N) Σ_t V_w(s_t), the gradient of the batch's mean value
//     (not of J = E[r + γV_w(s')]);
//   - z = (∇²_w L + λI)⁻¹ ∇wJ by conjugate gradient, as in the paper;
//   - the mixed term is ∇θ of z·∇w S with the surrogate
//     S = 2·mean_t(log π(a_t|s_t) Â_t)·(R̂_0 − V_w(s_0)), which uses only the
//     first sample's residual; ∇wθᵀS·z = −2(∇wV_w(s_0)·z)·∇θJ.
//
// The result ∇θJ·(1 + 2∇wV_w(s_0)·z) is the individual gradient rescaled by
// one scalar per epoch. sdA is unused (the code does not rescale ∇wJ).
func (o *onPolicy) authorsCorrection(ctx context.Context, a *Agent, _, lambda float64) (totalStats, error) {
	c := a.cfg
	obs, _, _, _ := o.batch()
	var ts totalStats

	// ∇wJ = ∇w (1/N) Σ_t V_w(s_t).
	t := a.solver.tape
	t.Reset()
	W := a.critic.Var(t)
	W.Grad(ad.Mean(o.v.Forward(W, t.Const(obs))), o.gwJ)

	z, res, err := a.solver.solve(ctx, a.solver.hessian(o.valueLoss, a.actor, a.critic), o.gwJ, c.CG, lambda)
	ts.CG = res
	if err != nil {
		return ts, err
	}

	// ∇wV_w(s_0)·z, from the first sample only.
	t.Reset()
	W = a.critic.Var(t)
	g0 := a.solver.scratch(a.critic.Len())
	W.Grad(ad.Sum(o.v.Forward(W, t.Const(ad.NewTensor(1, o.buf.obsDim, obs.Data[:o.buf.obsDim])))), g0)
	var c0 float64
	for i, v := range g0 {
		c0 += v * z[i]
	}
	for i := range a.actorGrad {
		a.actorGrad[i] *= 1 + 2*c0 // ∇θJ − (−2 c0 ∇θJ)
	}
	ts.TotalNorm = norm(a.actorGrad)
	return ts, nil
}

func meanStd(x []float64) (mu, sd float64) {
	for _, v := range x {
		mu += v
	}
	mu /= float64(len(x))
	for _, v := range x {
		sd += (v - mu) * (v - mu)
	}
	return mu, math.Sqrt(sd / float64(len(x)))
}
