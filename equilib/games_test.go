package equilib

import (
	"math"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/game"
)

// Test games written with ad ops (independent of package game's built-ins).

// duopoly is the Stackelberg duopoly of Section 4.1: profits
// π_i = (A − q1 − q2 − c_i) q_i, maximised.
type duopoly struct{ a, c1, c2 float64 }

func (duopoly) Name() string                        { return "duopoly" }
func (duopoly) Dims() (int, int)                    { return 1, 1 }
func (duopoly) Sense() game.Sense                   { return game.Payoff }
func (duopoly) Domains() (game.Domain, game.Domain) { return game.Domain{}, game.Domain{} }
func (g duopoly) F1(x, y *ad.Node) *ad.Node {
	return ad.Mul(ad.AddScalar(ad.Neg(ad.Add(x, y)), g.a-g.c1), x)
}
func (g duopoly) F2(x, y *ad.Node) *ad.Node {
	return ad.Mul(ad.AddScalar(ad.Neg(ad.Add(x, y)), g.a-g.c2), y)
}

// negated is a game with its objectives negated and its sense flipped: the
// same game, written the other way.
type negated struct{ game.Game }

func (n negated) Sense() game.Sense {
	if n.Game.Sense() == game.Cost {
		return game.Payoff
	}
	return game.Cost
}
func (n negated) F1(x, y *ad.Node) *ad.Node { return ad.Neg(n.Game.F1(x, y)) }
func (n negated) F2(x, y *ad.Node) *ad.Node { return ad.Neg(n.Game.F2(x, y)) }

// torus is the location game of Section 4.2: costs
// f_i = −α_i cos(θ_i − φ_i) + cos(θ_i − θ_−i).
type torus struct{ a1, a2, p1, p2 float64 }

func (torus) Name() string      { return "torus" }
func (torus) Dims() (int, int)  { return 1, 1 }
func (torus) Sense() game.Sense { return game.Cost }
func (torus) Domains() (game.Domain, game.Domain) {
	return game.Domain{Kind: game.Torus}, game.Domain{Kind: game.Torus}
}
func (g torus) F1(x, y *ad.Node) *ad.Node {
	return ad.Add(ad.Scale(ad.Cos(ad.AddScalar(x, -g.p1)), -g.a1), ad.Cos(ad.Sub(x, y)))
}
func (g torus) F2(x, y *ad.Node) *ad.Node {
	return ad.Add(ad.Scale(ad.Cos(ad.AddScalar(y, -g.p2)), -g.a2), ad.Cos(ad.Sub(y, x)))
}

var paperTorus = torus{a1: 1, a2: 1.3, p1: math.Pi / 8, p2: math.Pi / 8}

// zeroSum is the zero-sum game (f, −f) with
// f = ½a x² + b xy + ½c y² (+ a cubic term e·x³ that vanishes at 0).
type zeroSum struct{ a, b, c, e float64 }

func (zeroSum) Name() string                        { return "zero-sum" }
func (zeroSum) Dims() (int, int)                    { return 1, 1 }
func (zeroSum) Sense() game.Sense                   { return game.Cost }
func (zeroSum) Domains() (game.Domain, game.Domain) { return game.Domain{}, game.Domain{} }
func (g zeroSum) F1(x, y *ad.Node) *ad.Node {
	f := ad.Add(ad.Scale(ad.Square(x), g.a/2), ad.Scale(ad.Mul(x, y), g.b))
	f = ad.Add(f, ad.Scale(ad.Square(y), g.c/2))
	return ad.Add(f, ad.Scale(ad.PowConst(x, 3), g.e))
}
func (g zeroSum) F2(x, y *ad.Node) *ad.Node { return ad.Neg(g.F1(x, y)) }

// quadratic is the general-sum game with costs
// f1 = ½xᵀAx + xᵀBy + ½yᵀCy, f2 = ½yᵀDy + yᵀEx, whose Jacobians are
// J = [[A, B], [E, D]] and J_S = [[A − EᵀD⁻¹Bᵀ, B − EᵀD⁻¹C], [E, D]].
type quadratic struct {
	d1, d2        int
	A, B, C, D, E ad.Tensor // A d1×d1, B d1×d2, C d2×d2, D d2×d2, E d2×d1
}

func (q quadratic) Name() string                      { return "quadratic" }
func (q quadratic) Dims() (int, int)                  { return q.d1, q.d2 }
func (quadratic) Sense() game.Sense                   { return game.Cost }
func (quadratic) Domains() (game.Domain, game.Domain) { return game.Domain{}, game.Domain{} }
func half(v *ad.Node, m ad.Tensor) *ad.Node {
	return ad.Scale(ad.Dot(ad.MatMul(v, v.Tape().Const(m)), v), 0.5)
}
func (q quadratic) F1(x, y *ad.Node) *ad.Node {
	return ad.Add(ad.Add(half(x, q.A), ad.Dot(ad.MatMul(x, x.Tape().Const(q.B)), y)), half(y, q.C))
}
func (q quadratic) F2(x, y *ad.Node) *ad.Node {
	return ad.Add(half(y, q.D), ad.Dot(ad.MatMulT(x, x.Tape().Const(q.E), false, true), y))
}

// quartic1 is the game of costs f1 = ½a x² + ¼p x⁴ + b xy,
// f2 = ½d y² + ¼q y⁴ + e xy (one dimension each, unbounded).
type quartic1 struct{ a, p, b, d, q, e float64 }

func (quartic1) Name() string                        { return "quartic1" }
func (quartic1) Dims() (int, int)                    { return 1, 1 }
func (quartic1) Sense() game.Sense                   { return game.Cost }
func (quartic1) Domains() (game.Domain, game.Domain) { return game.Domain{}, game.Domain{} }
func (g quartic1) F1(x, y *ad.Node) *ad.Node {
	f := ad.Add(ad.Scale(ad.Square(x), g.a/2), ad.Scale(ad.PowConst(x, 4), g.p/4))
	return ad.Add(f, ad.Scale(ad.Mul(x, y), g.b))
}
func (g quartic1) F2(x, y *ad.Node) *ad.Node {
	f := ad.Add(ad.Scale(ad.Square(y), g.d/2), ad.Scale(ad.PowConst(y, 4), g.q/4))
	return ad.Add(f, ad.Scale(ad.Mul(x, y), g.e))
}
