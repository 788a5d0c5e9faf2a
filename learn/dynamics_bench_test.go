package learn

import (
	"testing"

	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/loop"
)

// benchStepRate is benchStep plus the throughput as a custom metric
// (steps/s, from the measured time; indicative on a shared machine).
func benchStepRate(b *testing.B, g game.Game, d Dynamics) {
	benchStep(b, g, d)
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "steps/s")
}

// benchOnTwoGames runs benchStepRate for the dynamics build makes on the
// duopoly and on the quadratic game with d1 = d2 = 100.
func benchOnTwoGames(b *testing.B, build func(game.Game) (Dynamics, error)) {
	for _, c := range []struct {
		name string
		g    game.Game
	}{
		{"duopoly", paperDuopoly},
		{"quadratic-d100", newQuadratic(100, 100, 1)},
	} {
		b.Run(c.name, func(b *testing.B) {
			d, err := build(c.g)
			if err != nil {
				b.Fatal(err)
			}
			benchStepRate(b, c.g, d)
		})
	}
}

// benchRates are constant step sizes small enough that every benchmark
// point stays finite for one step.
var benchRates = Rates{Leader: loop.Constant(0.01), Follower: loop.Constant(0.01)}

// BenchmarkConsensusStep measures one noiseless consensus-optimisation
// step (gradients plus ∇½‖ω‖² = Jᵀω through the compiled program) on the
// duopoly and on the quadratic game with d1 = d2 = 100.
func BenchmarkConsensusStep(b *testing.B) {
	benchOnTwoGames(b, func(g game.Game) (Dynamics, error) { return NewConsensus(g, benchRates, 1) })
}

// BenchmarkSymplecticStep measures one noiseless symplectic-gradient-
// adjustment step with sign alignment (the gradients, then Hᵀξ and Hξ
// through one compiled program of vector–Jacobian products) on the
// duopoly and on the quadratic game with d1 = d2 = 100.
func BenchmarkSymplecticStep(b *testing.B) {
	benchOnTwoGames(b, func(g game.Game) (Dynamics, error) { return NewSymplectic(g, benchRates, 1, true) })
}

// BenchmarkExtragradientStep measures one noiseless extragradient step
// (two gradient evaluations: the extrapolation and the update) on the
// duopoly and on the quadratic game with d1 = d2 = 100.
func BenchmarkExtragradientStep(b *testing.B) {
	benchOnTwoGames(b, func(g game.Game) (Dynamics, error) { return NewExtragradient(g, benchRates) })
}

// BenchmarkStackelbergStepUnrolled measures one noiseless Stackelberg step
// whose implicit term is 20 unrolled follower steps (the third solver
// kind; BenchmarkStackelbergStep covers exact and CG) on the duopoly and
// on the quadratic game with d1 = d2 = 100.
func BenchmarkStackelbergStepUnrolled(b *testing.B) {
	c := StackelbergConfig{
		LeaderLR:   loop.Power{A: 1, P: 1},
		FollowerLR: loop.Power{A: 1, P: 2.0 / 3},
		Solver:     Solver{Kind: SolverUnrolled, Steps: 20, LR: 0.05},
	}
	for _, gc := range []struct {
		name string
		g    game.Game
	}{
		{"duopoly", paperDuopoly},
		{"quadratic-d100", newQuadratic(100, 100, 1)},
	} {
		b.Run(gc.name, func(b *testing.B) {
			benchStepRate(b, gc.g, mustStackelberg(b, gc.g, c))
		})
	}
}

// BenchmarkSGAStepQuadratic100 and BenchmarkLOLAStepQuadratic100 are
// BenchmarkSGAStep and BenchmarkLOLAStep at d1 = d2 = 100, where the
// compiled programs rather than the call overhead dominate.
func BenchmarkSGAStepQuadratic100(b *testing.B) {
	g := newQuadratic(100, 100, 1)
	d, err := NewSGA(g, benchRates)
	if err != nil {
		b.Fatal(err)
	}
	benchStepRate(b, g, d)
}

func BenchmarkLOLAStepQuadratic100(b *testing.B) {
	g := newQuadratic(100, 100, 1)
	d, err := NewLOLA(g, LOLAConfig{Rates: benchRates})
	if err != nil {
		b.Fatal(err)
	}
	benchStepRate(b, g, d)
}
