package markov

import (
	"context"
	"fmt"
	"math"
	"math/bits"
	"math/rand/v2"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"

	"github.com/stackel/stackel/loop"
)

// Sampler estimates values, gradients and the follower's Hessian blocks
// from sampled trajectories only (model-free: it uses P, R1, R2 solely to
// simulate the game, as an environment would). Every estimate is an
// unbiased score-function (REINFORCE) estimate of the horizon-truncated
// objective Σ_{τ<T} γ^τ (...) and of its derivatives. The truncation bias
// is O(γ^T/(1-γ)) in the values and larger, by factors polynomial in T
// and 1/(1-γ), in the gradients and Hessian blocks (about 0.5% relative
// in ∇θ2V2λ on the built-ins with γ = 0.9 and DefaultHorizon).
//
// With g_τ the cumulative score Σ_{τ'≤τ} ∇log π(a^τ'|s^τ') of both
// players' actions (causality: reward τ depends only on actions up to τ),
// h_τ = Σ_{τ'≤τ} ∇²log π(a^τ'|s^τ'), and c_τ = γ^τ(R2 − λ log π2(a2^τ|s^τ))
// the follower's per-step objective, which itself depends on θ2:
//
//	∇V1    ≈ mean Σ_τ γ^τ R1_τ g_τ
//	∇V2λ   ≈ mean Σ_τ (c_τ g_τ + ∇c_τ)
//	∇²V2λ  ≈ mean Σ_τ (c_τ (g_τ g_τᵀ + h_τ) + ∇c_τ g_τᵀ + g_τ ∇c_τᵀ + ∇²c_τ)
//
// where ∇c_τ = −λγ^τ ∇log π2 and ∇²c_τ = −λγ^τ ∇²log π2. The last line
// restricted to rows θ2 gives Hess22 and Mixed. For a softmax policy
// ∇θ(s,·) log π(a|s) = e_a − π(·|s) and ∇²θ(s,·) log π(a|s) = −(diag π − ππᵀ).
//
// A Sampler is seeded and deterministic; it is not safe for concurrent use.
type Sampler struct {
	g         *flatGame
	n, m1, m2 int
	rng       *rand.Rand
	src       *rand.PCG // rng's source, whose state a rescaled batch restarts from

	// Point holds the last estimate (owned by the Sampler).
	Point

	rhoCDF []float64
	pCDF   []float64 // cumulative P rows
	g1, g2 []float64 // cumulative scores
	sig2   []float64 // current follower score (block of the current state)
	count  []float64 // visits per state so far in this trajectory
	wstate []float64 // Σ_τ c_τ count_τ(s), per state (for the h_τ term)
	// weight[s] is Σ γ^τ over the steps τ at which the last estimate's
	// batch visited s (its discounted visitation, times batch).
	weight []float64
	// visit is weight/batch, the estimated discounted visitation d(s),
	// which scales Eq. 19 in the policy's scale (hierWork.scaledSolve).
	visit []float64
	// unseen lists the states whose weight is at the rounding floor
	// (visitFloorULPs·ε of the total; 0: not visited at a step of weight
	// γ^τ > 0), ascending: Eq. 19 leaves them out (HierGrad).
	unseen []int
	hw     *hierWork
	// order is that of the last estimate that completed (OrderValues
	// before the first, and while or after one is cancelled): HierGrad
	// needs OrderHessians.
	order Order
}

// NewSampler returns a Sampler for g whose draws come from a PCG source
// seeded with seed.
func NewSampler(g *Game, seed uint64) (*Sampler, error) {
	f, err := g.prepared()
	if err != nil {
		return nil, err
	}
	n, m1, m2 := f.n, f.m1, f.m2
	src := rand.NewPCG(seed, 0x73616d706c6564)
	s := &Sampler{g: f, n: n, m1: m1, m2: m2, rng: rand.New(src), src: src}
	s.rhoCDF = cumulative(f.rho, 1)
	s.pCDF = cumulative(f.p, n)
	s.Pi1 = make([]float64, n*m1)
	s.Pi2 = make([]float64, n*m2)
	s.Grad11 = make([]float64, n*m1)
	s.Grad12 = make([]float64, n*m2)
	s.Grad21 = make([]float64, n*m1)
	s.Grad22 = make([]float64, n*m2)
	s.Hess22 = mat.NewDense(n*m2, n*m2, nil)
	s.Mixed = mat.NewDense(n*m2, n*m1, nil)
	s.g1 = make([]float64, n*m1)
	s.g2 = make([]float64, n*m2)
	s.sig2 = make([]float64, m2)
	s.count = make([]float64, n)
	s.wstate = make([]float64, n)
	s.weight = make([]float64, n)
	s.visit = make([]float64, n)
	return s, nil
}

// checkThetaFinite returns an error, prefixed by who, naming the first
// entry of θ1 or θ2 that is not finite, or nil.
func checkThetaFinite(who string, theta1, theta2 []float64) error {
	for _, th := range []struct {
		name string
		v    []float64
	}{{"theta1", theta1}, {"theta2", theta2}} {
		for i, v := range th.v {
			if !finite(v) {
				return fmt.Errorf("%s: %s[%d] = %v is not finite: the softmax of θ (Eq. 7) is then no policy", who, th.name, i, v)
			}
		}
	}
	return nil
}

// cumulative returns running sums of consecutive rows of length k.
func cumulative(p []float64, k int) []float64 {
	if k == 1 {
		k = len(p)
	}
	out := make([]float64, len(p))
	for r := 0; r < len(p); r += k {
		acc := 0.0
		for i := r; i < r+k; i++ {
			acc += p[i]
			out[i] = acc
		}
	}
	return out
}

// draw samples an index from the cumulative row cdf.
func draw(rng *rand.Rand, cdf []float64) int {
	u := rng.Float64() * cdf[len(cdf)-1]
	for i, c := range cdf {
		if u < c {
			return i
		}
	}
	return len(cdf) - 1
}

// drawPolicy samples an action from the probabilities pi.
func drawPolicy(rng *rand.Rand, pi []float64) int {
	u := rng.Float64()
	acc := 0.0
	for i, p := range pi {
		acc += p
		if u < acc {
			return i
		}
	}
	// The probabilities' sum rounded below u: the last action of positive
	// probability (the last one may have probability 0, whose log π is
	// −Inf: a V2λ of NaN).
	for i := len(pi) - 1; i > 0; i-- {
		if pi[i] > 0 {
			return i
		}
	}
	return 0
}

// Estimate averages batch trajectories of horizon steps from ρ under the
// softmax policies of (θ1, θ2). V1 and V2 are the mean discounted returns;
// gradients are filled for order >= OrderGradients and Hess22, Mixed for
// OrderHessians. Values1, Values2 and Visitation are left nil. The Point
// is owned by the Sampler.
//
// The batch's terms are summed before the division by batch. When a sum
// of the leader's quantities (V1, ∇θ1V1, ∇θ2V1) or of the follower's (V2λ,
// ∇θ1V2λ, ∇θ2V2λ and the Hessian blocks) is not finite, the same
// trajectories (the random source restarted) are summed again with that
// player's terms scaled by the power of two 2^-k of scaleExp, and the
// sums are divided by batch, then multiplied by 2^k: such an estimate is
// not finite only if the mean itself is beyond float64 (no action of
// probability 0 is drawn: drawPolicy). Estimates whose sums are finite are
// those of a single unscaled pass.
//
// Estimate panics, like EstimateContext, on lengths of θ1, θ2 other than
// |S||A1|, |S||A2| or a batch or horizon below 1, and also when an entry
// of θ1 or θ2 is not finite (EstimateContext returns that as an error):
// the softmax of such a θ is not a policy, and the draws from it would
// give finite numbers that estimate nothing.
func (sp *Sampler) Estimate(theta1, theta2 []float64, batch, horizon int, order Order) *Point {
	pt, err := sp.EstimateContext(context.Background(), theta1, theta2, batch, horizon, order)
	if err != nil {
		panic(err.Error())
	}
	return pt
}

// pollWork is the number of inner-loop operations (multiply–adds of the
// score and Hessian updates) between two looks at the context in
// EstimateContext: about 10–100 µs of sampling, so that a cancellation
// takes effect promptly while a look (ctx.Err) costs well under 1% of
// the work.
const pollWork = 1 << 16

// trajectoryHook, when set (by tests), is called with the trajectory's
// index at the start of each trajectory EstimateContext samples.
var trajectoryHook func(i int)

// EstimateContext is Estimate that looks at ctx while it samples (every
// few tens of microseconds of work, inside a trajectory as well as
// between trajectories) and returns ctx's error, with a nil Point, as
// soon as ctx is done; the Sampler's Point and random source are then
// part-way through the estimate. Looking at ctx draws nothing: an
// estimate that is not cancelled is bit for bit Estimate's. An entry of
// θ1 or θ2 that is not finite is an error naming it (returned before
// anything is drawn, with a nil Point); wrong lengths, batch or horizon
// panic as in Estimate.
func (sp *Sampler) EstimateContext(ctx context.Context, theta1, theta2 []float64, batch, horizon int, order Order) (*Point, error) {
	n, m1, m2 := sp.n, sp.m1, sp.m2
	if len(theta1) != n*m1 || len(theta2) != n*m2 {
		panic(fmt.Sprintf("markov: Estimate: len(θ1)=%d, len(θ2)=%d; want %d, %d", len(theta1), len(theta2), n*m1, n*m2))
	}
	if batch < 1 || horizon < 1 {
		panic(fmt.Sprintf("markov: Estimate: batch=%d, horizon=%d must be >= 1", batch, horizon))
	}
	if err := checkThetaFinite("markov: sampled estimate", theta1, theta2); err != nil {
		return nil, err
	}
	// Until this estimate completes, the Point holds no Hessian blocks
	// of (θ1, θ2) for HierGrad.
	sp.order = OrderValues
	Softmax(sp.Pi1, theta1, m1)
	Softmax(sp.Pi2, theta2, m2)
	start := *sp.src
	if err := sp.sampleBatch(ctx, batch, horizon, order, 1, 1); err != nil {
		return nil, err
	}
	sp.divide(batch, order, 1, 1)
	over1, over2 := sp.overflowed(order)
	if !over1 && !over2 {
		sp.order = order
		return &sp.Point, nil
	}
	// A sum overflowed: the same draws again, the overflowed player's
	// terms scaled by 2^-k (the other's are as in the first pass).
	*sp.src = start
	k := scaleExp(batch, horizon, order)
	s1, s2, e1, e2 := 1.0, 1.0, 1.0, 1.0
	if over1 {
		s1, e1 = math.Ldexp(1, -k), math.Ldexp(1, k)
	}
	if over2 {
		s2, e2 = math.Ldexp(1, -k), math.Ldexp(1, k)
	}
	if err := sp.sampleBatch(ctx, batch, horizon, order, s1, s2); err != nil {
		return nil, err
	}
	sp.divide(batch, order, e1, e2)
	sp.order = order
	return &sp.Point, nil
}

// scaleExp is the k of the scale 2^-k of the terms of a batch summed
// again after an overflow. 2^k is at least 8 · batch · horizon^(order+1):
// the batch has batch · horizon steps, and a step's term is a reward
// (R1, or R2 − λ log π2, times γ^τ <= 1) times up to order entries of the
// cumulative scores, each at most horizon in magnitude, in at most a few
// kinds of terms (the Hessian's) — so each scaled sum stays about below
// the largest such reward. Terms below about 2^(k−1022) lose bits to
// subnormals: nothing next to a sum that overflowed.
func scaleExp(batch, horizon int, order Order) int {
	return bits.Len(uint(batch-1)) + int(order+1)*bits.Len(uint(horizon-1)) + 3
}

// overflowed reports whether an estimate of the leader's (V1, Grad11,
// Grad12) and of the follower's quantities (V2, Grad21, Grad22, Hess22,
// Mixed) of order is not finite.
func (sp *Sampler) overflowed(order Order) (leader, follower bool) {
	leader = !finite(sp.V1)
	follower = !finite(sp.V2)
	if order >= OrderGradients {
		leader = leader || !allFinite(sp.Grad11) || !allFinite(sp.Grad12)
		follower = follower || !allFinite(sp.Grad21) || !allFinite(sp.Grad22)
	}
	if order >= OrderHessians {
		follower = follower || !allFinite(sp.Hess22.RawMatrix().Data) || !allFinite(sp.Mixed.RawMatrix().Data)
	}
	return leader, follower
}

// divide turns the batch's sums into means: each is multiplied by
// 1/batch, then by e1 (the leader's quantities) or e2 (the follower's)
// unless that is 1.
func (sp *Sampler) divide(batch int, order Order, e1, e2 float64) {
	inv := 1 / float64(batch)
	scale := func(v []float64, e float64) {
		for i := range v {
			v[i] *= inv
		}
		if e != 1 {
			for i := range v {
				v[i] *= e
			}
		}
	}
	sp.V1 *= inv
	sp.V2 *= inv
	if e1 != 1 {
		sp.V1 *= e1
	}
	if e2 != 1 {
		sp.V2 *= e2
	}
	// Gradients not asked for are 0 (cleared by sampleBatch).
	scale(sp.Grad11, e1)
	scale(sp.Grad12, e1)
	scale(sp.Grad21, e2)
	scale(sp.Grad22, e2)
	if order >= OrderHessians {
		scale(sp.Hess22.RawMatrix().Data, e2)
		scale(sp.Mixed.RawMatrix().Data, e2)
	}
}

// sampleBatch draws batch trajectories of horizon steps and sums their
// terms into the Point (the sums of Estimate before the division by
// batch), the leader's terms γ^τ R1 multiplied by s1 and the follower's
// γ^τ (R2 − λ log π2) and λγ^τ by s2; with s1 = s2 = 1 no term is
// multiplied.
func (sp *Sampler) sampleBatch(ctx context.Context, batch, horizon int, order Order, s1, s2 float64) error {
	n, m1, m2 := sp.n, sp.m1, sp.m2
	f := sp.g
	gamma, lambda := f.gamma, f.lambda
	scaled := s1 != 1 || s2 != 1
	sp.V1, sp.V2 = 0, 0
	clear(sp.Grad11)
	clear(sp.Grad12)
	clear(sp.Grad21)
	clear(sp.Grad22)
	N1, N2 := n*m1, n*m2
	hr := sp.Hess22.RawMatrix()
	xr := sp.Mixed.RawMatrix()
	if order >= OrderHessians {
		clear(hr.Data)
		clear(xr.Data)
	}
	rng := sp.rng
	// Work of one step: the score updates, and for Hessians the rows of
	// Hess22 and Mixed.
	work := N1 + N2
	if order >= OrderHessians {
		work += N2 * (N1 + N2)
	}
	poll := loop.NewPoll(ctx, pollWork/work)
	clear(sp.weight)
	for traj := range batch {
		if trajectoryHook != nil {
			trajectoryHook(traj)
		}
		clear(sp.g1)
		clear(sp.g2)
		clear(sp.count)
		clear(sp.wstate)
		s := draw(rng, sp.rhoCDF)
		disc := 1.0
		for range horizon {
			if err := poll.Err(); err != nil {
				return err
			}
			pi1 := sp.Pi1[s*m1 : (s+1)*m1]
			pi2 := sp.Pi2[s*m2 : (s+1)*m2]
			a := drawPolicy(rng, pi1)
			b := drawPolicy(rng, pi2)
			k := (s*m1+a)*m2 + b
			lp := math.Log(pi2[b])
			r1 := disc * f.r1[k]
			c := disc * (f.r2[k] - lambda*lp)
			ld := lambda * disc
			if scaled {
				r1 = disc * (f.r1[k] * s1)
				c = disc * (f.r2[k]*s2 - lambda*s2*lp)
				ld = lambda * s2 * disc
			}
			sp.V1 += r1
			sp.V2 += c
			// Scores of this step: e_a − π(·|s) on block s.
			for i, p := range pi1 {
				d := -p
				if i == a {
					d++
				}
				sp.g1[s*m1+i] += d
			}
			for i, p := range pi2 {
				d := -p
				if i == b {
					d++
				}
				sp.sig2[i] = d
				sp.g2[s*m2+i] += d
			}
			sp.count[s]++
			// A step of weight γ^τ = 0 (γ = 0 and τ >= 1, or underflow)
			// adds nothing to the estimates of s.
			sp.weight[s] += disc
			if order >= OrderGradients {
				for i, gv := range sp.g1 {
					if gv != 0 {
						sp.Grad11[i] += r1 * gv
						sp.Grad21[i] += c * gv
					}
				}
				for i, gv := range sp.g2 {
					if gv != 0 {
						sp.Grad12[i] += r1 * gv
						sp.Grad22[i] += c * gv
					}
				}
				for i, d := range sp.sig2 {
					sp.Grad22[s*m2+i] -= ld * d // E[∇c_τ]
				}
			}
			if order >= OrderHessians {
				for t := range n {
					sp.wstate[t] += c * sp.count[t] // c_τ h_τ, collected per state
				}
				for i, gi := range sp.g2 {
					// c g gᵀ, ∇c gᵀ (∇c = −λγ^τ σ2 on block s) and g ∇cᵀ.
					ci := c * gi
					var sigi float64
					if i/m2 == s {
						sigi = sp.sig2[i-s*m2]
					}
					hrow := hr.Data[i*hr.Stride : i*hr.Stride+N2]
					if ci != 0 {
						for j, gj := range sp.g2 {
							hrow[j] += ci * gj
						}
					}
					if sigi != 0 {
						for j, gj := range sp.g2 {
							hrow[j] -= ld * sigi * gj
						}
					}
					if gi != 0 {
						for j, d := range sp.sig2 {
							hrow[s*m2+j] -= ld * gi * d
						}
					}
					xrow := xr.Data[i*xr.Stride : i*xr.Stride+N1]
					coef := ci - ld*sigi
					if coef != 0 {
						for j, gj := range sp.g1 {
							xrow[j] += coef * gj
						}
					}
				}
				// ∇²c_τ = −λγ^τ ∇²log π2 = +λγ^τ (diag π2 − π2π2ᵀ) on block s.
				addSoftmaxCov(hr, s, pi2, ld)
			}
			// Next state.
			s = draw(rng, sp.pCDF[k*n:(k+1)*n])
			disc *= gamma
		}
		if order >= OrderHessians {
			// Σ_τ c_τ h_τ: h_τ = −Σ_s count_τ(s) (diag π2_s − π2_s π2_sᵀ) on θ2.
			for t, w := range sp.wstate {
				if w == 0 {
					continue
				}
				addSoftmaxCov(hr, t, sp.Pi2[t*m2:(t+1)*m2], -w)
			}
		}
	}
	// A state whose weight is at the rounding floor of the total (or 0)
	// is left out of Eq. 19, as Evaluator.leftOut leaves out one of exact
	// visitation at the floor: its estimated Hessian block, gradients and
	// Mixed rows carry that weight, and at 1e-16 of the others they made
	// the estimated Hessian singular (a 30-state chain at γ = 0.3).
	total := 0.0
	for _, w := range sp.weight {
		total += w
	}
	floor := visitFloorULPs * epsilon * total
	sp.unseen = sp.unseen[:0]
	for t, w := range sp.weight {
		sp.visit[t] = w / float64(batch)
		if !(w > floor) {
			sp.unseen = append(sp.unseen, t)
		}
	}
	return nil
}

// addSoftmaxCov adds c·(diag π − ππᵀ), the negated Hessian of log π(b|s)
// in θ(s,·) for a softmax policy π = π(·|s), to the diagonal block (s, s)
// of h, whose blocks are len(π)×len(π).
func addSoftmaxCov(h blas64.General, s int, pi []float64, c float64) {
	m := len(pi)
	for i := range m {
		row := h.Data[(s*m+i)*h.Stride+s*m : (s*m+i)*h.Stride+(s+1)*m]
		for j := range m {
			row[j] += c * softmaxCov(pi, i, j)
		}
	}
}

// HierGrad returns the Stackelberg gradient of Eq. 19 built from the
// last Estimate (which must have been at OrderHessians), like
// Evaluator.HierGrad; like it, it panics when the last estimate was not
// at OrderHessians or did not complete (a cancelled EstimateContext), or
// when there was none: the Hessian blocks would be those of an earlier
// (θ1, θ2), or zeros. The same batch estimates the Hessian blocks and the
// gradients, so the result is consistent but not unbiased. A state that no
// trajectory of the batch visited has estimated Hessian rows, ∇θ2V1 and
// Mixed rows of exactly 0: Eq. 19 is then taken on the visited states'
// follower parameters (the unvisited states' blocks join the gauge
// directions, as for states unreachable from ρ in Evaluator.HierGrad),
// rather than reporting the estimated Hessian as singular. So is a state
// whose discounted weight in the batch (Σ γ^τ over its visits) is at most
// 1e3·ε of the batch's total, whose rows are that small; where the gauge
// scales fail, Eq. 19 is solved in the policy's scale with the batch's
// discounted visitation (Evaluator.HierGrad).
func (sp *Sampler) HierGrad(reg float64) ([]float64, error) {
	visit, err := sp.hierSetup("HierGrad", reg)
	if err != nil {
		return nil, err
	}
	return sp.hw.solve(&sp.Point, reg, sp.unseen, visit)
}

// hierSetup is what HierGrad and HierGradEntropyFloor (method) do before
// their solve: it panics without a completed estimate at OrderHessians,
// checks reg, makes the solve's workspace, and returns the visitation
// the solve scales by.
func (sp *Sampler) hierSetup(method string, reg float64) ([]float64, error) {
	if sp.order < OrderHessians {
		panic("markov: Sampler." + method + " needs a preceding completed Estimate at OrderHessians")
	}
	if err := checkReg(reg); err != nil {
		return nil, err
	}
	if sp.hw == nil {
		sp.hw = newHierWork(sp.n, sp.m1, sp.m2, sp.g.hscale)
	}
	if sp.Visitation != nil {
		// A Point with an exact visitation (set by a caller; an estimate
		// leaves it nil) is scaled by it.
		return sp.Visitation, nil
	}
	return sp.visit, nil
}
