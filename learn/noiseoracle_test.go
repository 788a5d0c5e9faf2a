package learn

import (
	"context"
	"math"
	"testing"

	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/loop"
)

// TestStackelbergNoiseOracle re-implements the noisy two-timescale
// Stackelberg update of Fiez et al. (Eq. 6–7, Eq. 4 with ω_S) in closed
// form on the Hi-C paper's Cournot game f1 = x(50 − (x+y)) − x,
// f2 = y(50 − (x+y)) − y (payoffs; costs c_i = −f_i), where
//
//	Df1 = D1 c1 − D21 c2 (D2² c2)⁻¹ D2 c1 = −(49 − 2x − y) − x/2,
//	D2 c2 = −(49 − x − 2y),
//
// and compares 40 iterations of
//
//	x_{k+1} = x_k − γ_{1,k}(Df1(x_k, y_k) + σ1 N1)
//	y_{k+1} = y_k − γ_{2,k}(D2 c2(x_k, y_k) + σ2 N2)
//
// (N1 then N2 drawn from a copy of the seeded source, γ_{1,k} = 0.3/(1+k),
// γ_{2,k} = 0.5/(1+k)^{2/3}, σ = (2, 3)) with Run, number for number
// (relative 1e-12). The noiseless dynamics then end within 1e-6 of the
// game's Stackelberg equilibrium x = 24.5, y = 12.25 (x maximises
// f1(x, (49 − x)/2) = x(49 − x)/2).
func TestStackelbergNoiseOracle(t *testing.T) {
	g, err := game.Builtin("cournot", nil)
	if err != nil {
		t.Fatal(err)
	}
	lead, fol := loop.Power{A: 0.3, B: 1, P: 1}, loop.Power{A: 0.5, B: 1, P: 2.0 / 3}
	const s1, s2, iters = 2.0, 3.0, 40
	st := mustStackelberg(t, g, StackelbergConfig{LeaderLR: lead, FollowerLR: fol, NoiseLeader: s1, NoiseFollower: s2})
	var tr Trace
	if _, err := Run(context.Background(), g, st, []float64{20}, []float64{20}, Settings{Settings: loop.Settings{Iterations: iters, RecordEvery: 1}, Recorder: &tr}, newRNG(5)); err != nil {
		t.Fatal(err)
	}
	rng := newRNG(5)
	x, y := 20.0, 20.0
	for k := 1; k <= iters; k++ {
		d1 := -(49 - 2*x - y) - x/2
		d2 := -(49 - x - 2*y)
		n1 := rng.NormFloat64()
		n2 := rng.NormFloat64()
		x, y = x-lead.At(k)*(d1+s1*n1), y-fol.At(k)*(d2+s2*n2)
		x, y = min(max(x, 0), 50), min(max(y, 0), 50) // the game's box [0, 50]
		r := tr.Records[k]
		if math.Abs(r.X[0]-x) > 1e-12*math.Abs(x) || math.Abs(r.Y[0]-y) > 1e-12*math.Abs(y) {
			t.Fatalf("iteration %d: (%.17g, %.17g), oracle (%.17g, %.17g)", k, r.X[0], r.Y[0], x, y)
		}
	}
	quiet := mustStackelberg(t, g, StackelbergConfig{LeaderLR: loop.Constant(0.1), FollowerLR: loop.Constant(0.4)})
	res, err := Run(context.Background(), g, quiet, []float64{5}, []float64{40}, Settings{Settings: loop.Settings{Iterations: 2000}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(res.X[0]-24.5) > 1e-6 || math.Abs(res.Y[0]-12.25) > 1e-6 {
		t.Errorf("noiseless Stackelberg dynamics end at (%.9g, %.9g), want (24.5, 12.25)", res.X[0], res.Y[0])
	}
}
