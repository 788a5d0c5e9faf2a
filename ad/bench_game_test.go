package ad

import "testing"

// BenchmarkGameGradHVP measures the gradient plus one Hessian–vector product
// of a smooth game objective in the joint strategy (x, y): d=2 is the torus
// game's f1 (x, y ∈ ℝ), d=10 the quadratic game with x, y ∈ ℝ⁵. The eager
// form records everything on a Reset tape each iteration; the compiled form
// re-runs a Program on new inputs.
func BenchmarkGameGradHVP(b *testing.B) {
	type game struct {
		name string
		n    int // dimension of x and of y
		f    func(x, y *Node) *Node
	}
	q := newQuadGame(5, 5)
	games := []game{
		{"d=2", 1, func(x, y *Node) *Node { return torusF1(x, y, 1.5, 0.3) }},
		{"d=10", 5, q.record},
	}
	for _, g := range games {
		xs, ys := make([]float64, g.n), make([]float64, g.n)
		vx, vy := make([]float64, g.n), make([]float64, g.n)
		for i := range xs {
			xs[i], ys[i], vx[i], vy[i] = 0.1*float64(i+1), -0.2*float64(i), 1, 0.5
		}
		b.Run(g.name, func(b *testing.B) {
			t := NewTape()
			b.ReportAllocs()
			for b.Loop() {
				t.Reset()
				x, y := t.VarVec(xs...), t.VarVec(ys...)
				gradHVP(g.f(x, y), x, y, t.Const(NewTensor(1, g.n, vx)), t.Const(NewTensor(1, g.n, vy)))
			}
		})
		b.Run(g.name+"/compiled", func(b *testing.B) {
			t := NewTape()
			x, y := t.VarVec(xs...), t.VarVec(ys...)
			vxn, vyn := t.Const(NewTensor(1, g.n, vx)), t.Const(NewTensor(1, g.n, vy))
			f := g.f(x, y)
			gx, gy, hx, hy := gradHVP(f, x, y, vxn, vyn)
			p := Compile([]*Node{x, y, vxn, vyn}, []*Node{f, gx, gy, hx, hy})
			b.ReportAllocs()
			for b.Loop() {
				p.SetInput(0, xs)
				p.SetInput(1, ys)
				p.Run()
			}
		})
	}
}
