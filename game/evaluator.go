package game

import (
	"fmt"
	"math"

	"github.com/stackel/stackel/ad"
)

// NewEvaluator returns g itself if g implements Evaluator (every built-in
// but SoftACToy does, in closed form). Otherwise it records f1, f2, ∇x f1 and ∇y f2 once
// on ad tapes at x = 0, y = 0, compiles each with ad.Compile, and re-runs
// the programs on every call: no tape is recorded and nothing is allocated
// per call. A call at the point of the same program's last run (bit for
// bit: −0 is not +0) re-runs nothing: its outputs are still those.
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
		c.p[i] = program{Program: ad.Compile([]*ad.Node{x, y}, []*ad.Node{out}), x: x.Data(), y: y.Data(), out: out}
	}
	return &c
}

// compiled evaluates a game through four compiled ad programs: f1, f2,
// ∇x f1 and ∇y f2, each with inputs (x, y).
type compiled struct {
	p [4]program
	// runs counts program runs (for tests).
	runs int
}

// program is a compiled program with its input leaves' buffers (Node.Data
// aliases them on the float64 tapes of NewEvaluator) and its output node.
// A run writes the inputs in place, as Program.SetInput does: on games of
// a few scalar operations, the index checks and calls of SetInput and
// Output were a fifth of a call. The input buffers keep the inputs of the
// last run, the output its result.
type program struct {
	*ad.Program
	x, y []float64
	out  *ad.Node
	ran  bool
}

// at reports whether the program's last run was at (x, y), bit for bit
// (−0 is not +0, a NaN only itself); false when the lengths differ.
func (p *program) at(x, y []float64) bool {
	if !p.ran || len(x) != len(p.x) || len(y) != len(p.y) {
		return false
	}
	for j, v := range x {
		if math.Float64bits(v) != math.Float64bits(p.x[j]) {
			return false
		}
	}
	for j, v := range y {
		if math.Float64bits(v) != math.Float64bits(p.y[j]) {
			return false
		}
	}
	return true
}

// run returns program i's output at (x, y), running the program unless
// its last run was there. Profiles repeat in uncoupled play: two Hi-C
// leaders hold their strategies for an interval, a gradient learner that
// has converged in float64 no longer moves, and a leader's payoff at the
// end of an interval is the one of that stage's average in role
// negotiation (0.91 runs a stage instead of 3 in the cooperative game of
// the negotiation reproduction, 2.1 in its "both prefer 1").
func (c *compiled) run(i int, x, y []float64) []float64 {
	p := &c.p[i]
	if p.at(x, y) {
		return p.out.Data()
	}
	if len(x) != len(p.x) || len(y) != len(p.y) {
		panic(fmt.Sprintf("game: evaluator called with %d and %d values for strategies of %d and %d", len(x), len(y), len(p.x), len(p.y)))
	}
	for j, v := range x {
		p.x[j] = v
	}
	for j, v := range y {
		p.y[j] = v
	}
	p.Run()
	p.ran = true
	c.runs++
	return p.out.Data()
}

// Value1 returns f1(x, y).
func (c *compiled) Value1(x, y []float64) float64 { return c.run(0, x, y)[0] }

// Value2 returns f2(x, y).
func (c *compiled) Value2(x, y []float64) float64 { return c.run(1, x, y)[0] }

// Grad1 writes ∇x f1(x, y) into dst.
func (c *compiled) Grad1(dst, x, y []float64) { copy(dst, c.run(2, x, y)) }

// Grad2 writes ∇y f2(x, y) into dst.
func (c *compiled) Grad2(dst, x, y []float64) { copy(dst, c.run(3, x, y)) }
