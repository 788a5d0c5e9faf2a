package learn

import (
	"context"
	"math"
	"testing"

	"github.com/stackel/stackel/equilib"
	"github.com/stackel/stackel/game"
	"github.com/stackel/stackel/loop"
)

// TestTorusDynamicsReachEquilibria reproduces Section 4.2: on the location
// game (α = (1, 1.3), φ = (π/8, π/8)) with noise w ~ N(0, 0.01) (σ = 0.1),
// Stackelberg dynamics (γ1 = 1/k, γ2 = 1/√k) and Nash dynamics (γ = 1/√k)
// from 8 random starts, 20 000 iterations each, end within 0.05 (angles
// wrapped) of a DSE and a DNE respectively, as found and classified by
// equilib.Search; Newton from each end point (equilib.Polish) confirms the
// classification.
func TestTorusDynamicsReachEquilibria(t *testing.T) {
	g := paperTorus
	pts, err := equilib.Search(g, equilib.SearchOptions{Starts: 50, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	var dse, dne []equilib.Point
	for _, p := range pts {
		if p.DSE {
			dse = append(dse, p)
		}
		if p.DNE {
			dne = append(dne, p)
		}
	}
	if len(dse) != 2 || len(dne) != 2 {
		t.Fatalf("search found %d DSE and %d DNE, want 2 and 2", len(dse), len(dne))
	}
	st := mustStackelberg(t, g, StackelbergConfig{LeaderLR: loop.Power{A: 1, P: 1}, FollowerLR: loop.Power{A: 1, P: 0.5}, NoiseLeader: 0.1, NoiseFollower: 0.1})
	sga, err := NewSGA(g, Rates{Leader: loop.Power{A: 1, P: 0.5}, Follower: loop.Power{A: 1, P: 0.5}, NoiseLeader: 0.1, NoiseFollower: 0.1})
	if err != nil {
		t.Fatal(err)
	}
	nearest := func(x, y float64, set []equilib.Point) float64 {
		best := math.Inf(1)
		for _, p := range set {
			best = math.Min(best, math.Hypot(game.WrapAngle(x-p.X[0]), game.WrapAngle(y-p.Y[0])))
		}
		return best
	}
	starts := newRNG(3)
	for i := 0; i < 8; i++ {
		x0 := []float64{-math.Pi + 2*math.Pi*starts.Float64()}
		y0 := []float64{-math.Pi + 2*math.Pi*starts.Float64()}
		for _, c := range []struct {
			name  string
			d     Dynamics
			set   []equilib.Point
			field equilib.Field
		}{{"stackelberg", st, dse, equilib.StackelbergField}, {"nash", sga, dne, equilib.NashField}} {
			res, err := Run(context.Background(), g, c.d, x0, y0, Settings{Settings: loop.Settings{Iterations: 20000}}, newRNG(uint64(i)))
			if err != nil {
				t.Fatal(err)
			}
			if d := nearest(res.X[0], res.Y[0], c.set); d > 0.05 {
				t.Errorf("%s from (%.3f, %.3f): ended at (%.4f, %.4f), %.3f from the nearest equilibrium", c.name, x0[0], y0[0], res.X[0], res.Y[0], d)
			}
			p, err := equilib.Polish(g, res.X, res.Y, c.field)
			if err != nil {
				t.Fatal(err)
			}
			if (c.field == equilib.StackelbergField && !p.DSE) || (c.field == equilib.NashField && !p.DNE) {
				t.Errorf("%s: end point (%.4f, %.4f) polishes to %+v, not a %s equilibrium", c.name, res.X[0], res.Y[0], p, c.field)
			}
		}
	}
}
