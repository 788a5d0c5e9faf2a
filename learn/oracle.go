package learn

import (
	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/game"
)

// program is a compiled ad graph of a game's objectives: inputs are the
// strategies x and y followed by any extra vectors, outputs whatever the
// builder returned. It is recorded once and replayed every step, so the hot
// path records no tape.
type program struct {
	p *ad.Program
}

// builder records the outputs of a program on a tape from the strategy
// nodes x, y and the extra input leaves.
type builder func(x, y *ad.Node, extra []*ad.Node) []*ad.Node

// compile records build on a fresh tape at the point (x0, y0) with extra
// inputs of the given lengths (set to zero) and freezes it.
func compile(x0, y0 []float64, extraDims []int, build builder) program {
	t := ad.NewTape()
	x := t.VarVec(x0...)
	y := t.VarVec(y0...)
	inputs := []*ad.Node{x, y}
	extra := make([]*ad.Node, len(extraDims))
	for i, n := range extraDims {
		extra[i] = t.Const(ad.Zeros(1, n))
		inputs = append(inputs, extra[i])
	}
	return program{ad.Compile(inputs, build(x, y, extra))}
}

// run sets the strategies and re-evaluates the graph.
func (p program) run(x, y []float64) {
	p.p.SetInput(0, x)
	p.p.SetInput(1, y)
	p.p.Run()
}

// out returns output i, aliasing the program's buffer.
func (p program) out(i int) []float64 { return p.p.Output(i) }

// costs records the players' objectives as costs, c_i = Sign·f_i, so that
// every dynamic descends them whatever the game's sense.
func costs(g game.Game, x, y *ad.Node) (c1, c2 *ad.Node) {
	c1, c2 = g.F1(x, y), g.F2(x, y)
	if g.Sense() == game.Payoff {
		c1, c2 = ad.Neg(c1), ad.Neg(c2)
	}
	return c1, c2
}

// zeros returns a zero starting point of dimension d for compiling.
func zeros(d int) []float64 { return make([]float64, d) }

// ownGrads compiles ∇x c1 and ∇y c2 (the individual gradients ω of
// simultaneous play), and, if withCross, ∇y c1 as a third output.
func ownGrads(g game.Game, withCross bool) program {
	d1, d2 := g.Dims()
	return compile(zeros(d1), zeros(d2), nil, func(x, y *ad.Node, _ []*ad.Node) []*ad.Node {
		c1, c2 := costs(g, x, y)
		g1 := ad.Grad(c1, x, y)
		g2y := ad.Grad(c2, y)[0]
		if withCross {
			return []*ad.Node{g1[0], g2y, g1[1]}
		}
		return []*ad.Node{g1[0], g2y}
	})
}

// followerGrad compiles ∇y c2 alone, for the follower's unrolled steps.
func followerGrad(g game.Game) program {
	d1, d2 := g.Dims()
	return compile(zeros(d1), zeros(d2), nil, func(x, y *ad.Node, _ []*ad.Node) []*ad.Node {
		_, c2 := costs(g, x, y)
		return ad.Grad(c2, y)
	})
}

// gradsHessian compiles ∇x c1, ∇y c2, ∇y c1 and the d2 rows of the follower
// Hessian ∇yy c2 (outputs 3 … 3+d2−1).
func gradsHessian(g game.Game) program {
	d1, d2 := g.Dims()
	return compile(zeros(d1), zeros(d2), nil, func(x, y *ad.Node, _ []*ad.Node) []*ad.Node {
		c1, c2 := costs(g, x, y)
		g1 := ad.Grad(c1, x, y)
		g2y := ad.Grad(c2, y)[0]
		out := []*ad.Node{g1[0], g2y, g1[1]}
		for i := 0; i < d2; i++ {
			out = append(out, ad.Grad(ad.Index(g2y, i), y)[0])
		}
		return out
	})
}

// followerHVP compiles the Hessian–vector product ∇yy c2 · v with v as the
// extra input 2.
func followerHVP(g game.Game) program {
	d1, d2 := g.Dims()
	return compile(zeros(d1), zeros(d2), []int{d2}, func(x, y *ad.Node, v []*ad.Node) []*ad.Node {
		_, c2 := costs(g, x, y)
		return []*ad.Node{ad.HVP(c2, y, v[0])}
	})
}

// mixedProduct compiles ∇x(∇y c2 · w) = (∇yx c2)ᵀ w, the mixed product of
// the total derivative, with w as the extra input 2.
func mixedProduct(g game.Game) program {
	d1, d2 := g.Dims()
	return compile(zeros(d1), zeros(d2), []int{d2}, func(x, y *ad.Node, w []*ad.Node) []*ad.Node {
		_, c2 := costs(g, x, y)
		return []*ad.Node{ad.MixedVP(c2, x, y, w[0])}
	})
}

// values compiles f1 and f2 in the game's own sense, for recording.
func values(g game.Game) program {
	d1, d2 := g.Dims()
	return compile(zeros(d1), zeros(d2), nil, func(x, y *ad.Node, _ []*ad.Node) []*ad.Node {
		return []*ad.Node{g.F1(x, y), g.F2(x, y)}
	})
}
