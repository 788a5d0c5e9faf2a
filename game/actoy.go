package game

import (
	"github.com/stackel/stackel/ad"
)

// ACToy is the actor-critic toy game of Zheng et al. (Stackelberg
// Actor-Critic, §3.2, Fig. 1 and Appendix A): a one-step MDP with reward
// R(θ) = −θ²/5, an actor θ ∈ [−1, 1] and a linear critic Q_w(θ) = wθ with
// w ∈ [−1, 1]. The actor (leader, x = θ) maximises J(θ, w) = wθ; the critic
// (follower, y = w) minimises L(θ, w) = (R(θ) − Q_w(θ))² = (wθ + θ²/5)².
//
// The players' senses differ while a Game has one, so the game is written
// as costs: f1 = −J = −wθ and f2 = L = (wθ + θ²/5)². The equilibrium is
// (θ*, w*) = (0, 0), where ∇ww L = 2θ² vanishes: the follower's Hessian is
// singular there, which is why the paper regularises the implicit map
// (§4.5).
//
// ACToy implements Evaluator in closed form; it is stateless, allocation
// free and safe for concurrent use.
type ACToy struct{}

// NewACToy returns the actor-critic toy game.
func NewACToy() *ACToy { return &ACToy{} }

// Name returns "ac-toy".
func (*ACToy) Name() string { return "ac-toy" }

// Dims returns (1, 1).
func (*ACToy) Dims() (int, int) { return 1, 1 }

// Sense returns Cost (f1 = −J, f2 = L).
func (*ACToy) Sense() Sense { return Cost }

// Params returns an empty map: the game has no parameters.
func (*ACToy) Params() map[string]ad.Tensor { return map[string]ad.Tensor{} }

// Domains returns the box [−1, 1] for both θ and w.
func (*ACToy) Domains() (Domain, Domain) {
	box := func() Domain { return Domain{Kind: Box, Lo: []float64{-1}, Hi: []float64{1}} }
	return box(), box()
}

// F1 is the actor's cost −J(θ, w) = −wθ.
func (*ACToy) F1(x, y *ad.Node) *ad.Node { return ad.Neg(ad.Mul(y, x)) }

// F2 is the critic's cost L(θ, w) = (wθ + θ²/5)².
func (*ACToy) F2(x, y *ad.Node) *ad.Node {
	r := ad.Add(ad.Mul(y, x), ad.Scale(ad.Mul(x, x), 0.2))
	return ad.Mul(r, r)
}

// Value1 returns −wθ.
func (*ACToy) Value1(x, y []float64) float64 { return -y[0] * x[0] }

// Value2 returns (wθ + θ²/5)².
func (*ACToy) Value2(x, y []float64) float64 {
	r := y[0]*x[0] + 0.2*x[0]*x[0]
	return r * r
}

// Grad1 writes ∇θ f1 = −w.
func (*ACToy) Grad1(dst, x, y []float64) { dst[0] = -y[0] }

// Grad2 writes ∇w f2 = 2θ(wθ + θ²/5).
func (*ACToy) Grad2(dst, x, y []float64) {
	dst[0] = 2 * x[0] * (y[0]*x[0] + 0.2*x[0]*x[0])
}
