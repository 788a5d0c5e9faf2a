package markov

import (
	"fmt"
	"math"

	"github.com/stackel/stackel/loop"
)

// validateStep checks a step-size schedule: finite and positive
// (loop.ValidatePositive); name is used in the error.
func validateStep(name string, s loop.Schedule) error {
	return loop.ValidatePositive("markov: "+name, s)
}

// CheckAssumption1 reports whether a leader/follower pair of schedules
// satisfies Assumption 1 of the paper: positive steps with Σα = Σβ = ∞
// (Eq. 10), Σα², Σβ² < ∞ (Eq. 11) and α/β → 0 (Eq. 12). For power schedules
// (loop.Power, a > 0, b > −1) this holds iff 1/2 < p_follower < p_leader <= 1. Constant
// steps never satisfy it (they are nonetheless the practical choice with
// exact gradients, where a small constant ratio α/β gives the timescale
// separation); other schedules are not checked and are reported as such.
func CheckAssumption1(leader, follower loop.Schedule) error {
	power := func(s loop.Schedule) (loop.Power, bool) {
		switch v := s.(type) {
		case loop.Power:
			return v, true
		case loop.Constant:
			return loop.Power{A: float64(v)}, true
		}
		return loop.Power{}, false
	}
	// Eq. 10-12 are about positive steps (a negative α_k turns the ascent
	// of Eq. 8 into descent).
	if err := validateStep("Assumption 1: leader steps", leader); err != nil {
		return err
	}
	if err := validateStep("Assumption 1: follower steps", follower); err != nil {
		return err
	}
	pl, okl := power(leader)
	pf, okf := power(follower)
	if !okl || !okf {
		return fmt.Errorf("markov: Assumption 1: only constant and power schedules are checked (got %v, %v)", leader, follower)
	}
	for _, c := range []struct {
		name string
		s    loop.Power
	}{{"leader", pl}, {"follower", pf}} {
		if c.s.P > 1 {
			return fmt.Errorf("markov: Assumption 1 (Eq. 10): %s steps %v are summable (p > 1)", c.name, c.s)
		}
		if c.s.P <= 0.5 || math.IsNaN(c.s.P) {
			return fmt.Errorf("markov: Assumption 1 (Eq. 11): %s steps %v are not square-summable (p <= 1/2)", c.name, c.s)
		}
	}
	if pl.P <= pf.P {
		return fmt.Errorf("markov: Assumption 1 (Eq. 12): α/β = %v / %v does not tend to 0 (need p_leader > p_follower)", leader, follower)
	}
	return nil
}
