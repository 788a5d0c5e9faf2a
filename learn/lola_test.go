package learn

import (
	"context"
	"math"
	"testing"

	"github.com/stackel/stackel/ad"
	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/loop"
)

// shiftedBilinear is the zero-sum game with costs f1 = a(x − 1)(y + 2) =
// −f2, whose only critical point is (1, −2).
type shiftedBilinear struct{ a float64 }

func (shiftedBilinear) Name() string                        { return "shifted bilinear" }
func (shiftedBilinear) Dims() (int, int)                    { return 1, 1 }
func (shiftedBilinear) Sense() game.Sense                   { return game.Cost }
func (shiftedBilinear) Domains() (game.Domain, game.Domain) { return game.Domain{}, game.Domain{} }
func (g shiftedBilinear) F1(x, y *ad.Node) *ad.Node {
	return ad.Scale(ad.Mul(ad.AddScalar(x, -1), ad.AddScalar(y, 2)), g.a)
}
func (g shiftedBilinear) F2(x, y *ad.Node) *ad.Node {
	return ad.Scale(ad.Mul(ad.AddScalar(x, -1), ad.AddScalar(y, 2)), -g.a)
}

// TestLOLACriticalPoints pins what Section 2.2.2 of Fiez et al. says of
// the LOLA update: its critical points are those of simultaneous gradient
// play in zero-sum games only. In a general-sum game the look-ahead term
// −β(D21 f2)ᵀ D2 f1 does not vanish where D2 f2 = 0, since D2 f1 ≠ 0 there.
//
// On the duopoly (A = 100, c1 = 5, c2 = 2, costs −π_i): D2 c1 = x and
// D21 c2 = 1, so at the Nash point (92/3, 101/3), a fixed point of SGA,
// one LOLA step moves the leader to x(1 + γ1 β) (exact up to 1e-12). The
// LOLA fixed point solves −(A − c1 − 2x − y) − βx = 0 with the follower on
// its reaction curve y = (A − c2 − x)/2: x = (A − 2c1 + c2)/(3 − 2β),
// which is Nash at β = 0 and Stackelberg (46) at the Newton step
// β = (D2² c2)⁻¹ = ½; with β = ¼, x = 36.8, y = 30.6 (deterministic run
// with constant steps 0.1, tolerance 1e-8).
//
// On the zero-sum game f1 = 3(x − 1)(y + 2) = −f2 the SGA critical point
// (1, −2) is a fixed point of LOLA too (step below 1e-15).
func TestLOLACriticalPoints(t *testing.T) {
	g := paperDuopoly
	nx, ny := g.nash()
	const g1, g2, beta = 0.1, 0.1, 0.25
	rates := Rates{Leader: loop.Constant(g1), Follower: loop.Constant(g2)}
	sga, err := NewSGA(g, rates)
	if err != nil {
		t.Fatal(err)
	}
	lola, err := NewLOLA(g, LOLAConfig{Rates: rates, LookAhead: loop.Constant(beta)})
	if err != nil {
		t.Fatal(err)
	}
	x, y := []float64{nx}, []float64{ny}
	if _, err := sga.Step(context.Background(), 1, x, y, nil); err != nil {
		t.Fatal(err)
	}
	if math.Abs(x[0]-nx) > 1e-12 || math.Abs(y[0]-ny) > 1e-12 {
		t.Errorf("SGA moved off its critical point (%g, %g) to (%g, %g)", nx, ny, x[0], y[0])
	}
	x, y = []float64{nx}, []float64{ny}
	if _, err := lola.Step(context.Background(), 1, x, y, nil); err != nil {
		t.Fatal(err)
	}
	if want := nx * (1 + g1*beta); math.Abs(x[0]-want) > 1e-12 || math.Abs(y[0]-ny) > 1e-12 {
		t.Errorf("LOLA step from Nash (%g, %g) = (%.15g, %.15g), want (%.15g, %g)", nx, ny, x[0], y[0], want, ny)
	}

	res, err := Run(context.Background(), g, lola, []float64{10}, []float64{10},
		Settings{Settings: loop.Settings{Iterations: 20000, StepTol: 1e-13}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	wantX := (g.a - 2*g.c1 + g.c2) / (3 - 2*beta)
	wantY := (g.a - g.c2 - wantX) / 2
	if math.Abs(res.X[0]-wantX) > 1e-8 || math.Abs(res.Y[0]-wantY) > 1e-8 {
		t.Errorf("LOLA (β = %g) ended at (%.10g, %.10g), want (%.10g, %.10g)", beta, res.X[0], res.Y[0], wantX, wantY)
	}

	zs := shiftedBilinear{a: 3}
	zl, err := NewLOLA(zs, LOLAConfig{Rates: rates, LookAhead: loop.Constant(beta)})
	if err != nil {
		t.Fatal(err)
	}
	x, y = []float64{1}, []float64{-2}
	if _, err := zl.Step(context.Background(), 1, x, y, nil); err != nil {
		t.Fatal(err)
	}
	if math.Abs(x[0]-1) > 1e-15 || math.Abs(y[0]+2) > 1e-15 {
		t.Errorf("zero-sum: LOLA moved off the critical point (1, −2) to (%g, %g)", x[0], y[0])
	}
}
