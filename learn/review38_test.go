package learn

import (
	"context"
	"math"
	"testing"

	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/loop"
)

// TestOneStepByHandPaperGames checks one noiseless Stackelberg step (Eq.
// 6–7) on the games of Fiez et al. §4 as built by package game against
// closed forms derived by hand, to 1e-12 (relative to 1).
//
// Duopoly (A = 100, c1 = 5, c2 = 2; payoffs, so costs c_i = −f_i):
// ∇x c1 = −(95 − 2x − y), ∇y c1 = x, ∇y c2 = −(98 − x − 2y), ∇yy c2 = 2,
// ∇yx c2 = 1, so Df1^λ = −(95 − 2x − y) − x/(2 + λ) and
// x' = x − γ1 Df1^λ, y' = y + γ2(98 − x − 2y), each clipped to [0, 100].
// With the roles swapped (the y firm leads), Dc2 = −(98 − x − 2y) − y/2
// and x' = x + γ_x(95 − 2x − y).
//
// The unrolled solver's term is checked the same way (see below).
//
// Torus (α = (1, 1.3), φ = (π/8, π/8); costs): with u = x − y,
// Df1 = α1 sin(x − φ1) − sin u − cos u · sin u / (α2 cos(y − φ2) − cos u),
// y' = y − γ2(α2 sin(y − φ2) + sin u), both wrapped to [−π, π).
func TestOneStepByHandPaperGames(t *testing.T) {
	duo, err := game.NewDuopoly(100, 5, 2)
	if err != nil {
		t.Fatal(err)
	}
	clip := func(v float64) float64 { return math.Min(100, math.Max(0, v)) }
	wrap := func(v float64) float64 { return v - 2*math.Pi*math.Floor((v+math.Pi)/(2*math.Pi)) }
	const g1, g2 = 0.03, 0.2
	type tc struct {
		name         string
		g            game.Game
		cfg          StackelbergConfig
		x, y         float64
		wantX, wantY float64
	}
	var cases []tc
	for _, lam := range []float64{0, 0.5} {
		for _, p := range [][2]float64{{10, 70}, {46, 26}, {99, 1}, {0.5, 99.5}} {
			x, y := p[0], p[1]
			df := -(95 - 2*x - y) - x/(2+lam)
			cases = append(cases, tc{"duopoly", duo, StackelbergConfig{LeaderLR: loop.Constant(g1), FollowerLR: loop.Constant(g2), Solver: Solver{Lambda: lam}},
				x, y, clip(x - g1*df), clip(y + g2*(98-x-2*y))})
		}
	}
	// Unrolled solver (3 steps of η = 0.1, λ = 0.5): the implicit term is
	// the truncated Neumann series w = η Σ_{i<3} (1 − η(2 + λ))^i ∇y c1
	// = 0.1·(1 + 0.75 + 0.5625)·x = 0.23125 x.
	for _, p := range [][2]float64{{10, 70}, {46, 26}} {
		x, y := p[0], p[1]
		df := -(95 - 2*x - y) - 0.23125*x
		cases = append(cases, tc{"duopoly-unrolled", duo, StackelbergConfig{LeaderLR: loop.Constant(g1), FollowerLR: loop.Constant(g2),
			Solver: Solver{Kind: SolverUnrolled, Lambda: 0.5, Steps: 3, LR: 0.1}}, x, y, clip(x - g1*df), clip(y + g2*(98-x-2*y))})
	}
	for _, p := range [][2]float64{{10, 70}, {30, 20}} {
		x, y := p[0], p[1]
		dc2 := -(98 - x - 2*y) - y/2
		cases = append(cases, tc{"duopoly-y-leads", duo, StackelbergConfig{LeaderLR: loop.Constant(g1), FollowerLR: loop.Constant(g2), FollowerLeads: true},
			x, y, clip(x + g2*(95-2*x-y)), clip(y - g1*dc2)})
	}
	a1, a2, p1, p2 := 1.0, 1.3, math.Pi/8, math.Pi/8
	loc := game.NewLocation(a1, a2, p1, p2)
	for _, p := range [][2]float64{{0.3, -2.1}, {3.1, -3.0}, {-1, 1.5}} {
		x, y := p[0], p[1]
		u := x - y
		df := a1*math.Sin(x-p1) - math.Sin(u) - math.Cos(u)*math.Sin(u)/(a2*math.Cos(y-p2)-math.Cos(u))
		cases = append(cases, tc{"torus", loc, StackelbergConfig{LeaderLR: loop.Constant(0.5), FollowerLR: loop.Constant(0.7)},
			x, y, wrap(x - 0.5*df), wrap(y - 0.7*(a2*math.Sin(y-p2)+math.Sin(u)))})
	}
	for _, c := range cases {
		kinds := []string{SolverExact, SolverCG}
		if c.cfg.Solver.Kind != "" {
			kinds = []string{c.cfg.Solver.Kind}
		}
		for _, kind := range kinds {
			cfg := c.cfg
			cfg.Solver.Kind = kind
			s := mustStackelberg(t, c.g, cfg)
			x, y := []float64{c.x}, []float64{c.y}
			if _, err := s.Step(context.Background(), 1, x, y, nil); err != nil {
				t.Fatalf("%s %s (%v, %v): %v", c.name, kind, c.x, c.y, err)
			}
			if math.Abs(x[0]-c.wantX) > 1e-12*math.Max(1, math.Abs(c.wantX)) || math.Abs(y[0]-c.wantY) > 1e-12*math.Max(1, math.Abs(c.wantY)) {
				t.Errorf("%s %s λ=%g (%v, %v): step to (%.15g, %.15g), by hand (%.15g, %.15g)", c.name, kind, cfg.Solver.Lambda, c.x, c.y, x[0], y[0], c.wantX, c.wantY)
			}
		}
	}
}
