package agent

import (
	"math/rand/v2"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/rl/env"
	"github.com/stackel/stackel/rl/nn"
	"github.com/stackel/stackel/rl/replay"
)

// sac is SAC (Section 3.3) with a fixed entropy coefficient η as a game: a
// tanh-squashed Gaussian actor π_θ, twin critics Q_{w₁}, Q_{w₂} (w = {w₁, w₂},
// one parameter vector) and their Polyak-averaged targets Q_{0,i}. The
// next-state action in the target is sampled from the current π_θ, which
// couples L to θ.
type sac struct {
	pi     *nn.Squashed
	q1, q2 *nn.MLP
	target *nn.Params
	gamma  float64
	alpha  float64

	obs, act, rew, next, disc ad.Tensor
	eps, epsNext              ad.Tensor // reparameterisation noise for s and s'
	discount                  []float64
}

func newSAC(a *Agent, rng *rand.Rand) (algorithm, error) {
	c := a.cfg
	box, ok := a.env.ActionSpace().(*env.Box)
	if !ok {
		return newOffPolicy(a, nil)
	}
	s := &sac{gamma: c.Gamma, alpha: c.Alpha}
	s.pi = nn.NewSquashed(a.actor, a.obsDim, c.Hidden, c.Activation, box.Low, box.High)
	s.pi.Net.Init(a.actor, rng)
	qSizes := append(append([]int{a.obsDim + a.actDim}, c.Hidden...), 1)
	s.q1 = nn.NewMLP(a.critic, qSizes, c.Activation, nn.Identity)
	s.q2 = nn.NewMLP(a.critic, qSizes, c.Activation, nn.Identity)
	s.q1.Init(a.critic, rng)
	s.q2.Init(a.critic, rng)
	a.target = a.critic.Clone()
	s.target = a.target
	s.discount = make([]float64, c.BatchSize)
	s.eps, s.epsNext = ad.Zeros(c.BatchSize, a.actDim), ad.Zeros(c.BatchSize, a.actDim)
	return newOffPolicy(a, s)
}

func (s *sac) prepare(b *replay.Batch, rng *rand.Rand) {
	s.obs = ad.NewTensor(b.Size, b.ObsDim, b.Obs)
	s.act = ad.NewTensor(b.Size, b.ActDim, b.Act)
	s.rew = ad.NewTensor(b.Size, 1, b.Rew)
	s.next = ad.NewTensor(b.Size, b.ObsDim, b.NextObs)
	for i, done := range b.Done {
		s.discount[i] = s.gamma * (1 - done)
	}
	s.disc = ad.NewTensor(b.Size, 1, s.discount)
	for i := range s.eps.Data {
		s.eps.Data[i] = rng.NormFloat64()
		s.epsNext.Data[i] = rng.NormFloat64()
	}
}

// minQ records min_i Q_{w_i}(s, a) with the critic parameters w.
func (s *sac) minQ(w nn.Bound, obs, act *ad.Node) *ad.Node {
	sa := ad.ConcatCols(obs, act)
	return ad.Minimum(s.q1.Forward(w, sa), s.q2.Forward(w, sa))
}

// J is Eq. 9: J(θ, w) = E_ξ[min_i Q_{w_i}(s, a_θ(s)) − η log π_θ(a_θ(s)|s)].
func (s *sac) J(t *ad.Tape, th, w nn.Bound) *ad.Node {
	obs := t.Const(s.obs)
	a, logp := s.pi.Rsample(th, obs, t.Const(s.eps))
	return ad.Mean(ad.Sub(s.minQ(w, obs, a), ad.Scale(logp, s.alpha)))
}

// L is Eq. 10: L(θ, w) = E_ξ[Σ_i (Q_{w_i}(s, a) − y(r, s'))²] with
// y = r + γ(1 − d)(min_i Q_{0,i}(s', a_θ(s')) − η log π_θ(a_θ(s')|s')).
func (s *sac) L(t *ad.Tape, th, w nn.Bound) *ad.Node {
	s2 := t.Const(s.next)
	a2, logp2 := s.pi.Rsample(th, s2, t.Const(s.epsNext))
	soft := ad.Sub(s.minQ(s.target.Const(t), s2, a2), ad.Scale(logp2, s.alpha))
	y := ad.Add(t.Const(s.rew), ad.Mul(t.Const(s.disc), soft))
	sa := ad.ConcatCols(t.Const(s.obs), t.Const(s.act))
	e1 := ad.Sub(s.q1.Forward(w, sa), y)
	e2 := ad.Sub(s.q2.Forward(w, sa), y)
	return ad.Add(ad.Mean(ad.Square(e1)), ad.Mean(ad.Square(e2)))
}

func (s *sac) explore(a *Agent, rng *rand.Rand, obs, dst []float64) {
	s.pi.Sample(a.actor, obs, rng, dst)
}

func (s *sac) testAction(a *Agent, obs, dst []float64) { s.pi.Mean(a.actor, obs, dst) }
