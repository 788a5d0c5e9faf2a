package repro

import (
	"math"
	"testing"
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
