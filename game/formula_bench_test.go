package game

import (
	"testing"

	"github.com/stackel/stackel/ad"
)

// matrixFormula is a formula game of d1 = d2 = d written with the matrix
// functions (quad, matvec, norm2, dot) and seeded random parameters, the
// shape of a user's quadratic game in a config.
func matrixFormula(b *testing.B, d int) Game {
	rng := newRand(5)
	Q, M := ad.Zeros(d, d), ad.Zeros(d, d)
	for i := range Q.Data {
		Q.Data[i] = rng.NormFloat64() / float64(d)
		M.Data[i] = rng.NormFloat64() / float64(d)
	}
	for i := 0; i < d; i++ {
		Q.Data[i*d+i] += 1
	}
	c := ad.NewTensor(1, d, randVec(rng, d, -1, 1))
	g, err := NewFormula(FormulaSpec{
		Name:   "matrix-formula",
		Dims:   [2]int{d, d},
		F1:     "quad(x, Q, x) + dot(c, x) + sum(matvec(M, x) * y)",
		F2:     "norm2(y - matvec(M, x)) + 0.5*sum(y) + dot(c, y)",
		Params: map[string]ad.Tensor{"Q": Q, "M": M, "c": c},
	})
	if err != nil {
		b.Fatal(err)
	}
	return g
}

// BenchmarkFormulaMatrixEvaluator20 is the stage of benchStage (both
// values and own gradients, through the compiled evaluator) for a matrix
// formula game at d1 = d2 = 20.
func BenchmarkFormulaMatrixEvaluator20(b *testing.B) {
	g := matrixFormula(b, 20)
	benchStage(b, g, NewEvaluator(g))
}

// BenchmarkFormulaDerivatives times the second-order quantities the
// Stackelberg dynamics and the equilibrium analysis compile from a
// formula's ad graph — ∇x f1, ∇y f1, ∇y f2, the HVP ∇yy f2·v and the
// mixed product ∇x(∇y f2·w) — as one compiled program re-run on new
// inputs, for the duopoly written as a formula and for a matrix formula at
// d1 = d2 = 20. ns/output is the time per output element.
func BenchmarkFormulaDerivatives(b *testing.B) {
	for _, c := range []struct {
		name string
		g    Game
	}{
		{"duopoly", formulaDuopoly(b, 100, 5, 2)},
		{"matrix-d20", matrixFormula(b, 20)},
	} {
		b.Run(c.name, func(b *testing.B) {
			d1, d2 := c.g.Dims()
			rng := newRand(3)
			xs, ys := randVec(rng, d1, 0, 1), randVec(rng, d2, 0, 1)
			vs, ws := randVec(rng, d2, -1, 1), randVec(rng, d2, -1, 1)
			t := ad.NewTape()
			x, y := t.Var(ad.NewTensor(1, d1, xs)), t.Var(ad.NewTensor(1, d2, ys))
			v, w := t.Const(ad.NewTensor(1, d2, vs)), t.Const(ad.NewTensor(1, d2, ws))
			f1, f2 := c.g.F1(x, y), c.g.F2(x, y)
			g1 := ad.Grad(f1, x, y)
			outs := []*ad.Node{g1[0], g1[1], ad.Grad(f2, y)[0], ad.HVP(f2, y, v), ad.MixedVP(f2, x, y, w)}
			p := ad.Compile([]*ad.Node{x, y, v, w}, outs)
			size := d1 + d2 + d2 + d2 + d1
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				xs[0] += 1e-9
				p.SetInput(0, xs)
				p.SetInput(1, ys)
				p.Run()
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(size), "ns/output")
		})
	}
}
