package game

import (
	"github.com/stackel/stackel/ad"
)

// NewEvaluator returns g itself if g implements Evaluator (every built-in
// but SoftACToy does, in closed form). Otherwise it records f1, f2, ∇x f1 and ∇y f2 once
// on ad tapes at x = 0, y = 0, compiles each with ad.Compile, and re-runs
// the programs on every call: no tape is recorded and nothing is allocated
// per call.
//
// A compiled evaluator keeps its intermediate values in the programs'
// buffers, so it is not safe for concurrent use: each goroutine makes its
// own with NewEvaluator. (The closed-form evaluators of the built-ins are
// stateless and may be shared.)
func NewEvaluator(g Game) Evaluator {
	if e, ok := g.(Evaluator); ok {
		return e
	}
	d1, d2 := g.Dims()
	var c compiled
	for i := range c.p {
		t := ad.NewTape()
		x := t.Var(ad.Zeros(1, d1))
		y := t.Var(ad.Zeros(1, d2))
		var out *ad.Node
		switch i {
		case 0:
			out = g.F1(x, y)
		case 1:
			out = g.F2(x, y)
		case 2:
			out = ad.Grad1(g.F1(x, y), x)[0]
		case 3:
			out = ad.Grad1(g.F2(x, y), y)[0]
		}
		c.p[i] = ad.Compile([]*ad.Node{x, y}, []*ad.Node{out})
	}
	return &c
}

// compiled evaluates a game through four compiled ad programs: f1, f2,
// ∇x f1 and ∇y f2, each with inputs (x, y).
type compiled struct {
	p [4]*ad.Program
}

func (c *compiled) run(i int, x, y []float64) []float64 {
	p := c.p[i]
	p.SetInput(0, x)
	p.SetInput(1, y)
	p.Run()
	return p.Output(0)
}

// Value1 returns f1(x, y).
func (c *compiled) Value1(x, y []float64) float64 { return c.run(0, x, y)[0] }

// Value2 returns f2(x, y).
func (c *compiled) Value2(x, y []float64) float64 { return c.run(1, x, y)[0] }

// Grad1 writes ∇x f1(x, y) into dst.
func (c *compiled) Grad1(dst, x, y []float64) { copy(dst, c.run(2, x, y)) }

// Grad2 writes ∇y f2(x, y) into dst.
func (c *compiled) Grad2(dst, x, y []float64) { copy(dst, c.run(3, x, y)) }
