package agent

// rollout stores one epoch of on-policy experience in flat arrays and turns
// it into GAE-λ advantages and Monte-Carlo value targets (Spinning Up's VPG
// buffer). Paths are the maximal runs of consecutive steps of one episode
// within the epoch; starts holds the index of each path's first step.
type rollout struct {
	obsDim, actDim int
	n              int

	obs, act, next []float64 // n×obsDim, n×actDim, n×obsDim
	rew, val, term []float64 // r_t, V_w(s_t), 1 if s_{t+1} is terminal
	adv, ret       []float64 // Â_t (GAE-λ) and R̂_t (discounted reward-to-go)
	starts         []int
	pathStart      int
}

func newRollout(size, obsDim, actDim int) *rollout {
	return &rollout{
		obsDim: obsDim, actDim: actDim,
		obs: make([]float64, size*obsDim), act: make([]float64, size*actDim), next: make([]float64, size*obsDim),
		rew: make([]float64, size), val: make([]float64, size), term: make([]float64, size),
		adv: make([]float64, size), ret: make([]float64, size),
	}
}

func (r *rollout) reset() { r.n, r.pathStart, r.starts = 0, 0, r.starts[:0] }

// add stores step t = r.n.
func (r *rollout) add(obs, act []float64, rew, val float64, next []float64, terminated bool) {
	t := r.n
	if t == r.pathStart {
		r.starts = append(r.starts, t)
	}
	copy(r.obs[t*r.obsDim:], obs)
	copy(r.act[t*r.actDim:], act)
	copy(r.next[t*r.obsDim:], next)
	r.rew[t], r.val[t] = rew, val
	r.term[t] = 0
	if terminated {
		r.term[t] = 1
	}
	r.n++
}

// finishPath closes the current path, bootstrapping from lastVal — 0 after a
// terminal state, V_w(s_T) after a time-limit truncation or the end of the
// epoch — and computes for its steps
//
//	δ_t = r_t + γ V(s_{t+1}) − V(s_t),   Â_t = Σ_l (γλ)^l δ_{t+l}   (GAE, Schulman et al. 2015b)
//	R̂_t = Σ_l γ^l r_{t+l} + γ^{T−t} lastVal                       (Monte-Carlo value target)
func (r *rollout) finishPath(lastVal, gamma, lam float64) {
	a, ret := 0.0, lastVal
	nextVal := lastVal
	for t := r.n - 1; t >= r.pathStart; t-- {
		delta := r.rew[t] + gamma*nextVal - r.val[t]
		a = delta + gamma*lam*a
		ret = r.rew[t] + gamma*ret
		r.adv[t], r.ret[t] = a, ret
		nextVal = r.val[t]
	}
	r.pathStart = r.n
}

// prop1Weights writes dst_t = q_t · Σ_{k ≤ t, k in t's path} γ^{t−k} resid_k,
// using pre as scratch. Proposition 1 with every visited state s_k taken as
// a start state reads
//
//	∇θL = E[Σ_k Σ_{t≥k} γ^{t−k} ∇θ log π(a_t|s_t) resid_k Q^π(s_t, a_t)],  resid_k = 2(V^π(s_k) − V_w(s_k));
//
// exchanging the sums over k and t gives ∇θL = E[Σ_t ∇θ log π(a_t|s_t) dst_t],
// a log-likelihood gradient with one weight per step.
func (r *rollout) prop1Weights(q, resid []float64, gamma float64, pre, dst []float64) {
	r.discountedPrefix(resid, gamma, pre)
	for t := 0; t < r.n; t++ {
		dst[t] = q[t] * pre[t]
	}
}

// discountedPrefix writes dst_t = Σ_{k ≤ t, k in t's path} γ^{t−k} x_k, the
// forward discounted sum within each path (the inner sum of Proposition 1
// after exchanging the order of summation, see ac.go).
func (r *rollout) discountedPrefix(x []float64, gamma float64, dst []float64) {
	for p, s := range r.starts {
		e := r.n
		if p+1 < len(r.starts) {
			e = r.starts[p+1]
		}
		acc := 0.0
		for t := s; t < e; t++ {
			acc = x[t] + gamma*acc
			dst[t] = acc
		}
	}
}
