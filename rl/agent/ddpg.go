package agent

import (
	"math/rand/v2"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/rl/env"
	"github.com/stackel/stackel/rl/nn"
	"github.com/stackel/stackel/rl/replay"
)

// ddpg is DDPG (Section 3.3) as a game: a deterministic actor μθ, a critic
// Q_w and a Polyak-averaged target critic Q₀. Following the paper's footnote
// 4, the next-state action in the target comes from the current policy μθ,
// not from a target actor, which is what couples L to θ.
type ddpg struct {
	pi     *nn.Deterministic
	q      *nn.MLP // Q_w(s, a) on the concatenation [s, a]
	target *nn.Params
	gamma  float64
	noise  float64 // exploration noise σ as a fraction of the half-width

	obs, act, rew, next, disc ad.Tensor // the mini-batch; disc = γ(1 − d)
	discount                  []float64
}

func newDDPG(a *Agent, rng *rand.Rand) (algorithm, error) {
	c := a.cfg
	box, ok := a.env.ActionSpace().(*env.Box)
	if !ok {
		return newOffPolicy(a, nil)
	}
	d := &ddpg{gamma: c.Gamma, noise: c.ActNoise}
	d.pi = nn.NewDeterministic(a.actor, a.obsDim, c.Hidden, c.Activation, box.Low, box.High)
	d.pi.Net.Init(a.actor, rng)
	d.q = nn.NewMLP(a.critic, append(append([]int{a.obsDim + a.actDim}, c.Hidden...), 1), c.Activation, nn.Identity)
	d.q.Init(a.critic, rng)
	a.target = a.critic.Clone()
	d.target = a.target
	d.discount = make([]float64, c.BatchSize)
	return newOffPolicy(a, d)
}

func (d *ddpg) prepare(b *replay.Batch, _ *rand.Rand) {
	d.obs = ad.NewTensor(b.Size, b.ObsDim, b.Obs)
	d.act = ad.NewTensor(b.Size, b.ActDim, b.Act)
	d.rew = ad.NewTensor(b.Size, 1, b.Rew)
	d.next = ad.NewTensor(b.Size, b.ObsDim, b.NextObs)
	for i, done := range b.Done {
		d.discount[i] = d.gamma * (1 - done)
	}
	d.disc = ad.NewTensor(b.Size, 1, d.discount)
}

// J is Eq. 7: J(θ, w) = E_ξ[Q_w(s, μθ(s))].
func (d *ddpg) J(t *ad.Tape, th, w nn.Bound) *ad.Node {
	s := t.Const(d.obs)
	return ad.Mean(d.q.Forward(w, ad.ConcatCols(s, d.pi.Act(th, s))))
}

// L is Eq. 8: L(θ, w) = E_ξ[(Q_w(s, a) − (r + γ(1 − d) Q₀(s', μθ(s'))))²].
func (d *ddpg) L(t *ad.Tape, th, w nn.Bound) *ad.Node {
	s2 := t.Const(d.next)
	q0 := d.q.Forward(d.target.Const(t), ad.ConcatCols(s2, d.pi.Act(th, s2)))
	y := ad.Add(t.Const(d.rew), ad.Mul(t.Const(d.disc), q0))
	q := d.q.Forward(w, ad.ConcatCols(t.Const(d.obs), t.Const(d.act)))
	return ad.Mean(ad.Square(ad.Sub(q, y)))
}

// explore is μθ(s) + σ·h·ε, ε ~ N(0, I), clipped to the action box.
func (d *ddpg) explore(a *Agent, rng *rand.Rand, obs, dst []float64) {
	d.pi.Apply(a.actor, obs, dst)
	for j := range dst {
		h := (d.pi.High[j] - d.pi.Low[j]) / 2
		dst[j] = min(max(dst[j]+d.noise*h*rng.NormFloat64(), d.pi.Low[j]), d.pi.High[j])
	}
}

func (d *ddpg) testAction(a *Agent, obs, dst []float64) { d.pi.Apply(a.actor, obs, dst) }
