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

// benchRates are constant step sizes small enough that every benchmark
// point stays finite for one step.
var benchRates = Rates{Leader: loop.Constant(0.01), Follower: loop.Constant(0.01)}

// BenchmarkConsensusStep measures one noiseless consensus-optimisation
// step (gradients plus ∇½‖ω‖² = Jᵀω through the compiled program) on the
// duopoly and on the quadratic game with d1 = d2 = 100.
func BenchmarkConsensusStep(b *testing.B) {
	for _, c := range []struct {
		name string
		g    game.Game
	}{
		{"duopoly", paperDuopoly},
		{"quadratic-d100", newQuadratic(100, 100, 1)},
	} {
		b.Run(c.name, func(b *testing.B) {
			d, err := NewConsensus(c.g, benchRates, 1)
			if err != nil {
				b.Fatal(err)
			}
			benchStepRate(b, c.g, d)
		})
	}
}

// BenchmarkSymplecticStep measures one noiseless symplectic-gradient-
// adjustment step with sign alignment (the gradients, then Hᵀξ and Hξ
// through one compiled program of vector–Jacobian products) on the
// duopoly and on the quadratic game with d1 = d2 = 100.
func BenchmarkSymplecticStep(b *testing.B) {
	for _, c := range []struct {
		name string
		g    game.Game
	}{
		{"duopoly", paperDuopoly},
		{"quadratic-d100", newQuadratic(100, 100, 1)},
	} {
		b.Run(c.name, func(b *testing.B) {
			d, err := NewSymplectic(c.g, benchRates, 1, true)
			if err != nil {
				b.Fatal(err)
			}
			benchStepRate(b, c.g, d)
		})
	}
}

// BenchmarkExtragradientStep measures one noiseless extragradient step
// (two gradient evaluations: the extrapolation and the update) on the
// duopoly and on the quadratic game with d1 = d2 = 100.
func BenchmarkExtragradientStep(b *testing.B) {
	for _, c := range []struct {
		name string
		g    game.Game
	}{
		{"duopoly", paperDuopoly},
		{"quadratic-d100", newQuadratic(100, 100, 1)},
	} {
		b.Run(c.name, func(b *testing.B) {
			d, err := NewExtragradient(c.g, benchRates)
			if err != nil {
				b.Fatal(err)
			}
			benchStepRate(b, c.g, d)
		})
	}
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
