package game

import (
	"math"
	"testing"
)

// TestSoftACToyInvalidParams: NewSoftACToy with parameters that are not
// valid returns a game whose Validate, and game.Check, name them. Before,
// Nodes < 0 panicked in make, Nodes = 10⁴ gave NaN Gauss–Hermite nodes
// and σ or η NaN, ±Inf or negative gave a game that Check accepted and
// whose objectives were NaN or not the game's.
func TestSoftACToyInvalidParams(t *testing.T) {
	for _, c := range []struct {
		p    SoftACToyParams
		want string
	}{
		{SoftACToyParams{Nodes: -1}, `game "soft-ac-toy": soft-ac-toy: nodes = -1 must be from 1 to 2000 (Gauss–Hermite nodes)`},
		{SoftACToyParams{Nodes: 10000}, `game "soft-ac-toy": soft-ac-toy: nodes = 10000 must be from 1 to 2000 (Gauss–Hermite nodes)`},
		{SoftACToyParams{Sigma: math.NaN()}, `game "soft-ac-toy": soft-ac-toy: sigma = NaN must be positive and finite`},
		{SoftACToyParams{Sigma: -0.5}, `game "soft-ac-toy": soft-ac-toy: sigma = -0.5 must be positive and finite`},
		{SoftACToyParams{Sigma: math.Inf(1)}, `game "soft-ac-toy": soft-ac-toy: sigma = +Inf must be positive and finite`},
		{SoftACToyParams{Eta: math.Inf(1)}, `game "soft-ac-toy": soft-ac-toy: eta = +Inf must be positive and finite`},
		{SoftACToyParams{Eta: -1}, `game "soft-ac-toy": soft-ac-toy: eta = -1 must be positive and finite`},
	} {
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%+v: panic %v", c.p, r)
				}
			}()
			g := NewSoftACToy(c.p)
			if err := Check(g); err == nil || err.Error() != c.want {
				t.Errorf("%+v: Check = %v, want %q", c.p, err, c.want)
			}
			if !math.IsNaN(g.ExpectedReward(0)) {
				t.Errorf("%+v: ExpectedReward(0) = %v, want NaN", c.p, g.ExpectedReward(0))
			}
		}()
	}
	// Valid parameters, the defaults and a single node, pass.
	for _, p := range []SoftACToyParams{{}, {Nodes: 1}, {Sigma: 3, Eta: 1, Nodes: 2000}} {
		g := NewSoftACToy(p)
		if err := Check(g); err != nil || g.Validate() != nil {
			t.Errorf("%+v: %v", p, err)
		}
	}
}
