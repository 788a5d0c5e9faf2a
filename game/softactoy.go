package game

import (
	"fmt"
	"math"

	"github.com/stackel/stackel/ad"
	"gonum.org/v1/gonum/integrate/quad"
)

// SoftACToyParams are the constants of SoftACToy; zero fields take the
// defaults in brackets.
type SoftACToyParams struct {
	// Sigma is the standard deviation σ of the policy's Gaussian before
	// squashing [0.5].
	Sigma float64
	// Eta is the entropy weight η of the actor's objective, SAC's α of
	// Eq. 9 [0.2, Appendix E's value].
	Eta float64
	// Nodes is the number of Gauss–Hermite nodes of the expectations
	// [32]. The integrands saturate (tanh) over a width ~1/σ in ε, so the
	// sums converge slowly as σ grows; measured against a trapezoidal
	// integral (values f1, f2 and gradients ∇θ f1, ∇w f2 on [−1, 1]²), the
	// worst error is 5e-6 at σ = 1, 1.7e-3 at σ = 1.8 and 6e-2 at σ = 5
	// with 32 nodes; 200 nodes give 3e-9 at σ = 1.8 and 1.4e-5 at σ = 3,
	// 1000 give 9e-8 at σ = 5 and 3e-5 at σ = 8. The built-in soft-ac-toy
	// takes it as its nodes parameter (default 32) and refuses
	// σ > SoftACToyMaxSigma(nodes).
	Nodes int
}

// SoftACToyMaxSigma is the largest σ the built-in soft-ac-toy accepts with
// nodes Gauss–Hermite nodes, 1.8·√(nodes/32): the integrands vary over a
// width ~1/σ in ε and the nodes' spacing shrinks as 1/√nodes, so the
// sums stay within 2.5e-3 of the integrals up to it (measured, values and
// gradients: 4e-3 with 8 nodes at 0.9, 2.2e-3 with 16 at 1.27, 1.7e-3
// with 32 at 1.8, 7e-4 with 200 at 4.5, 3e-4 with 1000 at 10.1), where
// 32 nodes are off by 6e-2 at σ = 5.
func SoftACToyMaxSigma(nodes int) float64 {
	return 1.8 * math.Sqrt(float64(nodes)/softACToyNodes)
}

// floorMilli rounds v down to 3 decimals: the limit a refusal of σ
// quotes, never visibly at or above the σ refused (as %.3g could be:
// 13.398 as 13.4). The slack of 1e-12 keeps a limit such as 3.15
// (3.1499999999999999 in floating point) from showing as 3.149.
func floorMilli(v float64) float64 {
	return math.Floor(v*1000*(1+1e-12)) / 1000
}

// The range of the built-in's nodes parameter: from 16, where the rule of
// SoftACToyMaxSigma holds, to 2000, as far as gonum's nodes are accurate.
const (
	softACToyMinNodes = 16
	softACToyMaxNodes = 2000
)

// softACToyNodes is the default number of Gauss–Hermite nodes.
const softACToyNodes = 32

// SoftACToy is the soft actor-critic version of the actor-critic toy game
// (Zheng et al. §3.2 "Soft Actor-Critic", Figs. 2, 6, 7): the actor plays a
// stochastic policy a = tanh(θ + σε), ε ~ N(0, 1), on the one-step MDP with
// reward R(a) = −a²/5, and adds SAC's entropy term to its objective; the
// critic is the linear Q_w(a) = wa fitted to the rewards of the actor's
// actions. The paper does not give its policy class or σ; this is SAC's
// squashed Gaussian with a fixed σ. Written as costs:
//
//	f1 = −J(θ, w) = −E[w·a − η log π(a)]      (Eq. 9 on the toy MDP)
//	f2 =  L(θ, w) =  E[(R(a) − Q_w(a))²] = E[(w·a + a²/5)²]
//
// with log π(a) = log N(θ + σε; θ, σ) − log(1 − a²) (the change of variables
// of the tanh squashing), so that −η log π(a) = η log(1 − a²) plus a constant
// that is dropped. The expectations over ε are Gauss–Hermite sums with
// Nodes nodes, so the game is smooth and its gradients are the exact "mean
// gradient" fields the paper estimates by samples. The equilibrium is
// again (θ*, w*) = (0, 0), but there ∇²_w L = 2E[a²] > 0: the entropy
// regularisation and the policy noise make the follower's problem
// well-conditioned, unlike the deterministic toy game's 2θ².
//
// Unlike the other built-ins it does not implement Evaluator: NewEvaluator
// compiles its ad graphs, as for any other game.
type SoftACToy struct {
	// Sigma and Eta are σ and η.
	Sigma, Eta float64
	nodes      ad.Tensor // ε_i, 1×K
	weights    ad.Tensor // w_i of E[f(ε)] ≈ Σ w_i f(ε_i), 1×K
	err        error     // why the parameters are invalid (Validate)
}

// NewSoftACToy returns the soft toy game with parameters p, zero fields
// taking their defaults. Parameters that are not valid (σ or η not finite
// and positive, Nodes outside 1 … 2000, beyond which gonum's
// Gauss–Hermite nodes are NaN) do not panic here: the game returned
// reports them from Validate, and so does game.Check, which the learners,
// analyses and runs call before using a game, e.g. "game "soft-ac-toy":
// soft-ac-toy: sigma = NaN must be positive and finite". Such a game has
// no nodes; only Validate, Name, Params, Dims, Sense and Domains may be
// used on it. Unlike the built-in soft-ac-toy (Builtin), NewSoftACToy
// accepts fewer than 16 nodes and σ above SoftACToyMaxSigma(Nodes), whose
// expectations are less accurate.
func NewSoftACToy(p SoftACToyParams) *SoftACToy {
	if p.Sigma == 0 {
		p.Sigma = 0.5
	}
	if p.Eta == 0 {
		p.Eta = 0.2
	}
	if p.Nodes == 0 {
		p.Nodes = softACToyNodes
	}
	if err := p.check(); err != nil {
		return &SoftACToy{Sigma: p.Sigma, Eta: p.Eta, err: err}
	}
	x, w := make([]float64, p.Nodes), make([]float64, p.Nodes)
	// ∫ f(t) e^{−t²} dt ≈ Σ w_i f(t_i); with ε = √2 t, E[f(ε)] = Σ (w_i/√π) f(√2 t_i).
	quad.Hermite{}.FixedLocations(x, w, math.Inf(-1), math.Inf(1))
	for i := range x {
		x[i] *= math.Sqrt2
		w[i] /= math.SqrtPi
	}
	return &SoftACToy{Sigma: p.Sigma, Eta: p.Eta, nodes: ad.NewTensor(1, p.Nodes, x), weights: ad.NewTensor(1, p.Nodes, w)}
}

// check validates p after the defaults are applied.
func (p SoftACToyParams) check() error {
	if !(p.Sigma > 0) || math.IsInf(p.Sigma, 1) {
		return fmt.Errorf("soft-ac-toy: sigma = %v must be positive and finite", p.Sigma)
	}
	if !(p.Eta > 0) || math.IsInf(p.Eta, 1) {
		return fmt.Errorf("soft-ac-toy: eta = %v must be positive and finite", p.Eta)
	}
	if p.Nodes < 1 || p.Nodes > softACToyMaxNodes {
		return fmt.Errorf("soft-ac-toy: nodes = %d must be from 1 to %d (Gauss–Hermite nodes)", p.Nodes, softACToyMaxNodes)
	}
	return nil
}

// Validate returns the error of parameters NewSoftACToy was given that
// are not valid, and nil for a valid game; game.Check returns it.
func (g *SoftACToy) Validate() error { return g.err }

// Name returns "soft-ac-toy".
func (*SoftACToy) Name() string { return "soft-ac-toy" }

// Params returns sigma, eta and nodes, the parameters of the built-in
// soft-ac-toy (Builtin).
func (g *SoftACToy) Params() map[string]ad.Tensor {
	return map[string]ad.Tensor{"sigma": ad.Scalar(g.Sigma), "eta": ad.Scalar(g.Eta), "nodes": ad.Scalar(float64(g.nodes.Cols))}
}

// Dims returns (1, 1).
func (*SoftACToy) Dims() (int, int) { return 1, 1 }

// Sense returns Cost.
func (*SoftACToy) Sense() Sense { return Cost }

// Domains returns the box [−1, 1] for θ and w, as in ACToy.
func (*SoftACToy) Domains() (Domain, Domain) {
	box := func() Domain { return Domain{Kind: Box, Lo: []float64{-1}, Hi: []float64{1}} }
	return box(), box()
}

// actions returns the 1×K node a_i = tanh(θ + σ ε_i).
func (g *SoftACToy) actions(x *ad.Node) *ad.Node { return ad.Tanh(g.preSquash(x)) }

// preSquash returns the 1×K node u_i = θ + σ ε_i.
func (g *SoftACToy) preSquash(x *ad.Node) *ad.Node {
	t := x.Tape()
	k := g.nodes.Cols
	return ad.Add(ad.BroadcastTo(x, 1, k), ad.Scale(t.Const(g.nodes), g.Sigma))
}

// logSech2 returns log(1 − tanh²u) = 2(log 2 − u − softplus(−2u)),
// finite for every finite u: 1 − tanh²u rounds to 0 for |u| > 19.1.
func logSech2(u *ad.Node) *ad.Node {
	return ad.Scale(ad.RSub(math.Ln2, ad.Add(u, ad.Softplus(ad.Scale(u, -2)))), 2)
}

// expect returns Σ_i w_i v_i for a 1×K node v.
func (g *SoftACToy) expect(v *ad.Node) *ad.Node {
	return ad.Sum(ad.Mul(v, v.Tape().Const(g.weights)))
}

// F1 is the actor's cost −E[w·a + η log(1 − a²)], with log(1 − a²) taken
// as log sech²(θ + σε) (see logSech2), finite where tanh saturates.
func (g *SoftACToy) F1(x, y *ad.Node) *ad.Node {
	u := g.preSquash(x)
	a := ad.Tanh(u)
	k := g.nodes.Cols
	q := ad.Mul(ad.BroadcastTo(y, 1, k), a)
	ent := ad.Scale(logSech2(u), g.Eta)
	return ad.Neg(g.expect(ad.Add(q, ent)))
}

// F2 is the critic's cost E[(w·a + a²/5)²].
func (g *SoftACToy) F2(x, y *ad.Node) *ad.Node {
	a := g.actions(x)
	k := g.nodes.Cols
	r := ad.Add(ad.Mul(ad.BroadcastTo(y, 1, k), a), ad.Scale(ad.Mul(a, a), 0.2))
	return g.expect(ad.Mul(r, r))
}

// ExpectedReward returns the actor's return E[R(a)] = −E[a²]/5 at θ
// (Fig. 7b).
func (g *SoftACToy) ExpectedReward(theta float64) float64 {
	if g.err != nil {
		return math.NaN() // no nodes: not −0, a reward
	}
	s := 0.0
	for i, e := range g.nodes.Data {
		a := math.Tanh(theta + g.Sigma*e)
		s += g.weights.Data[i] * a * a
	}
	return -s / 5
}
