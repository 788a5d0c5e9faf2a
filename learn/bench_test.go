package learn

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/loop"
)

// benchPoint is a fixed point near which each benchmark steps; the state is
// reset every step so that every iteration does the same work.
func benchPoint(g game.Game) (x, y []float64) {
	d1, d2 := g.Dims()
	r := rand.New(rand.NewPCG(1, 2))
	x, y = make([]float64, d1), make([]float64, d2)
	for i := range x {
		x[i] = 10 + r.NormFloat64()
	}
	for i := range y {
		y[i] = 10 + r.NormFloat64()
	}
	return x, y
}

func benchStep(b *testing.B, g game.Game, d Dynamics) {
	x0, y0 := benchPoint(g)
	x := append([]float64(nil), x0...)
	y := append([]float64(nil), y0...)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		copy(x, x0)
		copy(y, y0)
		if _, err := d.Step(context.Background(), 1+i%1000, x, y, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStackelbergStep measures one noiseless Stackelberg step
// (Eq. 6–7): the duopoly with the exact solver, a quadratic game with
// d1 = d2 = 10 and d1 = d2 = 100 with the exact solver and with 20 CG
// iterations (tolerance 0, so CG runs all 20).
func BenchmarkStackelbergStep(b *testing.B) {
	rates := StackelbergConfig{LeaderLR: loop.Power{A: 1, P: 1}, FollowerLR: loop.Power{A: 1, P: 2.0 / 3}}
	with := func(s Solver) StackelbergConfig { c := rates; c.Solver = s; return c }
	cases := []struct {
		name string
		g    game.Game
		c    StackelbergConfig
	}{
		{"duopoly-exact", paperDuopoly, rates},
		{"duopoly-cg", paperDuopoly, with(Solver{Kind: SolverCG})},
		{"quadratic-d10-exact", newQuadratic(10, 10, 1), rates},
		{"quadratic-d100-exact", newQuadratic(100, 100, 1), rates},
		{"quadratic-d100-cg20", newQuadratic(100, 100, 1), with(Solver{Kind: SolverCG, Iters: 20, Tol: 1e-300})},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			benchStep(b, c.g, mustStackelberg(b, c.g, c.c))
		})
	}
}

// BenchmarkSGAStep and BenchmarkLOLAStep measure the baselines on the
// duopoly.
func BenchmarkSGAStep(b *testing.B) {
	d, err := NewSGA(paperDuopoly, Rates{Leader: loop.Constant(0.01), Follower: loop.Constant(0.01)})
	if err != nil {
		b.Fatal(err)
	}
	benchStep(b, paperDuopoly, d)
}

func BenchmarkLOLAStep(b *testing.B) {
	d, err := NewLOLA(paperDuopoly, LOLAConfig{Rates: Rates{Leader: loop.Constant(0.01), Follower: loop.Constant(0.01)}})
	if err != nil {
		b.Fatal(err)
	}
	benchStep(b, paperDuopoly, d)
}
