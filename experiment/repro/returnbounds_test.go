package repro

import (
	"math"
	"testing"

	"github.com/stackel/stackel/rl/env"
)

// TestReturnBounds pins the returns each environment can give to those
// the reproductions (and stackel plot) clip their bands to (their reports: "the band
// clipped to the returns CartPole-v1 can give, [0, 500]"; Pendulum's at
// 0, the largest return): CartPole 0 to its time limit, Acrobot minus its
// time limit to 0, Pendulum at most 0, others unbounded.
func TestReturnBounds(t *testing.T) {
	inf := math.Inf(1)
	for _, c := range []struct {
		env    string
		lo, hi float64
	}{
		{"CartPole-v1", 0, 500},
		{"CartPole-v0", 0, 200},
		{"Acrobot-v1", -500, 0},
		{"Pendulum-v1", -inf, 0},
		{"MountainCarContinuous-v0", -inf, inf},
		{"NoSuchEnv-v0", -inf, inf},
	} {
		if lo, hi := ReturnBounds(c.env); lo != c.lo || hi != c.hi {
			t.Errorf("ReturnBounds(%s) = [%v, %v]; want [%v, %v]", c.env, lo, hi, c.lo, c.hi)
		}
	}
}

// TestReturnBoundsExactIDs checks that the bounds go by the environment's
// exact ID, not by a prefix of it: a user's environment registered as
// CartPoleSwingUp-v0 (CartPole's dynamics, a time limit of 1000) or
// PendulumBonus-v0 (Pendulum's, with a reward that may be positive) gives
// returns these bounds do not hold, and is left unbounded.
func TestReturnBoundsExactIDs(t *testing.T) {
	inf := math.Inf(1)
	cp, ok := env.Lookup("CartPole-v1")
	if !ok {
		t.Fatal("CartPole-v1 not registered")
	}
	cp.ID, cp.MaxEpisodeSteps = "CartPoleSwingUpBounds-v0", 1000
	pd, ok := env.Lookup("Pendulum-v1")
	if !ok {
		t.Fatal("Pendulum-v1 not registered")
	}
	pd.ID = "PendulumBonusBounds-v0"
	ac, ok := env.Lookup("Acrobot-v1")
	if !ok {
		t.Fatal("Acrobot-v1 not registered")
	}
	ac.ID = "AcrobotLong-v9"
	for _, s := range []env.Spec{cp, pd, ac} {
		if err := env.Register(s); err != nil {
			t.Fatalf("Register(%s): %v", s.ID, err)
		}
	}
	for _, c := range []struct {
		env    string
		lo, hi float64
	}{
		{"CartPoleSwingUpBounds-v0", -inf, inf},
		{"PendulumBonusBounds-v0", -inf, inf},
		{"AcrobotLong-v9", -inf, inf},
		{"CartPole-v1", 0, 500},
		{"Pendulum-v1", -inf, 0},
	} {
		if lo, hi := ReturnBounds(c.env); lo != c.lo || hi != c.hi {
			t.Errorf("ReturnBounds(%s) = [%v, %v]; want [%v, %v]", c.env, lo, hi, c.lo, c.hi)
		}
	}
}
