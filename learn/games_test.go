package learn

import (
	"math"
	"math/rand/v2"

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

// Closed forms of Section 4.1.
func (g duopoly) stackelberg() (float64, float64) {
	return (g.a + g.c2 - 2*g.c1) / 2, (g.a + 2*g.c1 - 3*g.c2) / 4
}
func (g duopoly) nash() (float64, float64) {
	return (g.a + g.c2 - 2*g.c1) / 3, (g.a + g.c1 - 2*g.c2) / 3
}

var paperDuopoly = duopoly{a: 100, c1: 5, c2: 2}

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

// acToy is the actor-critic toy game of Section 3.2 / Appendix A of the
// Stackelberg actor-critic paper as costs: actor (leader) f1 = −wθ, critic
// (follower) f2 = (wθ + θ²/5)², θ, w ∈ [−1, 1].
type acToy struct{}

func (acToy) Name() string      { return "ac-toy" }
func (acToy) Dims() (int, int)  { return 1, 1 }
func (acToy) Sense() game.Sense { return game.Cost }
func (acToy) Domains() (game.Domain, game.Domain) {
	b := game.Domain{Kind: game.Box, Lo: []float64{-1}, Hi: []float64{1}}
	return b, b
}
func (acToy) F1(x, y *ad.Node) *ad.Node { return ad.Neg(ad.Mul(x, y)) }
func (acToy) F2(x, y *ad.Node) *ad.Node {
	return ad.Square(ad.Add(ad.Mul(x, y), ad.Scale(ad.Square(x), 0.2)))
}

// quadratic is a general-sum quadratic game with costs
// f1 = ½xᵀAx + xᵀBy + ½yᵀCy + aᵀx, f2 = ½yᵀDy + yᵀEx + bᵀy,
// A, D symmetric positive definite.
type quadratic struct {
	d1, d2        int
	A, B, C, D, E ad.Tensor // A d1×d1, B d1×d2, C d2×d2, D d2×d2, E d2×d1
	a, b          ad.Tensor // 1×d1, 1×d2
}

func (q *quadratic) Name() string      { return "quadratic" }
func (q *quadratic) Dims() (int, int)  { return q.d1, q.d2 }
func (q *quadratic) Sense() game.Sense { return game.Cost }
func (q *quadratic) Domains() (game.Domain, game.Domain) {
	return game.Domain{}, game.Domain{}
}

func quadForm(v *ad.Node, m ad.Tensor) *ad.Node {
	t := v.Tape()
	return ad.Scale(ad.Dot(ad.MatMul(v, t.Const(m)), v), 0.5)
}

func (q *quadratic) F1(x, y *ad.Node) *ad.Node {
	t := x.Tape()
	cross := ad.Dot(ad.MatMul(x, t.Const(q.B)), y)
	return ad.Add(ad.Add(quadForm(x, q.A), cross), ad.Add(quadForm(y, q.C), ad.Dot(x, t.Const(q.a))))
}

func (q *quadratic) F2(x, y *ad.Node) *ad.Node {
	t := x.Tape()
	cross := ad.Dot(ad.MatMulT(x, t.Const(q.E), false, true), y) // yᵀEx = (x Eᵀ)·y
	return ad.Add(ad.Add(quadForm(y, q.D), cross), ad.Dot(y, t.Const(q.b)))
}

// newQuadratic draws a random quadratic game; A and D are
// diag + GᵀG/n, so well conditioned and positive definite.
func newQuadratic(d1, d2 int, seed uint64) *quadratic {
	r := rand.New(rand.NewPCG(seed, 7))
	spd := func(n int) ad.Tensor {
		g := make([]float64, n*n)
		for i := range g {
			g[i] = r.NormFloat64()
		}
		m := ad.Zeros(n, n)
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				s := 0.0
				for k := 0; k < n; k++ {
					s += g[k*n+i] * g[k*n+j]
				}
				m.Data[i*n+j] = s / float64(n)
			}
			m.Data[i*n+i] += 1
		}
		return m
	}
	dense := func(rows, cols int, scale float64) ad.Tensor {
		m := ad.Zeros(rows, cols)
		for i := range m.Data {
			m.Data[i] = scale * r.NormFloat64() / math.Sqrt(float64(cols))
		}
		return m
	}
	sym := func(n int, scale float64) ad.Tensor {
		m := dense(n, n, scale)
		for i := 0; i < n; i++ {
			for j := 0; j < i; j++ {
				m.Data[i*n+j] = m.Data[j*n+i]
			}
		}
		return m
	}
	return &quadratic{d1: d1, d2: d2, A: spd(d1), B: dense(d1, d2, 0.5), C: sym(d2, 0.3),
		D: spd(d2), E: dense(d2, d1, 0.5), a: dense(1, d1, 1), b: dense(1, d2, 1)}
}

// mat returns element (i, j) of a tensor.
func at(m ad.Tensor, i, j int) float64 { return m.At(i, j) }
