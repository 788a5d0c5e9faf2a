package game

import (
	"testing"
)

// benchStage runs one stage of a learning loop through an Evaluator: both
// values and both own gradients, as Hi-C and simultaneous dynamics do.
func benchStage(b *testing.B, g Game, e Evaluator) {
	d1, d2 := g.Dims()
	x, y := randVec(newRand(1), d1, 0, 1), randVec(newRand(2), d2, 0, 1)
	g1, g2 := make([]float64, d1), make([]float64, d2)
	var sink float64
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		x[0] += 1e-9
		sink += e.Value1(x, y) + e.Value2(x, y)
		e.Grad1(g1, x, y)
		e.Grad2(g2, x, y)
	}
	if sink == 0.5 {
		b.Log(sink)
	}
}

// BenchmarkDuopolyEvaluator is the closed-form duopoly stage (f1, f2,
// ∇x f1, ∇y f2) that the Hi-C hot loop relies on.
func BenchmarkDuopolyEvaluator(b *testing.B) {
	d, _ := NewDuopoly(100, 5, 2)
	benchStage(b, d, d)
}

// BenchmarkFormulaEvaluator is the same stage for the duopoly written as
// a formula, through the compiled evaluator.
func BenchmarkFormulaEvaluator(b *testing.B) {
	g := formulaDuopoly(b, 100, 5, 2)
	benchStage(b, g, NewEvaluator(g))
}

// BenchmarkQuadraticEvaluator100 is the closed-form stage of the random
// quadratic game at d1 = d2 = 100.
func BenchmarkQuadraticEvaluator100(b *testing.B) {
	q, err := RandomQuadratic(100, 100, newRand(1))
	if err != nil {
		b.Fatal(err)
	}
	benchStage(b, q, q)
}

// BenchmarkQuadraticCompiled100 is the same stage through the compiled
// evaluator of the quadratic game's ad graph.
func BenchmarkQuadraticCompiled100(b *testing.B) {
	q, err := RandomQuadratic(100, 100, newRand(1))
	if err != nil {
		b.Fatal(err)
	}
	benchStage(b, q, NewEvaluator(onlyGame{q}))
}
