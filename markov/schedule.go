package markov

import (
	"fmt"
	"math"
)

// Schedule is a step-size schedule a/(b+k)^p for iterations k = 1, 2, ...
// P = 0 gives the constant a. Its At method makes it usable wherever a
// step-size interface `At(k int) float64` is expected.
type Schedule struct {
	// A is the scale, > 0.
	A float64 `json:"a"`
	// B is the offset, > -1 (so that B+k > 0 from k = 1).
	B float64 `json:"b"`
	// P is the power, >= 0 (0: constant step).
	P float64 `json:"p"`
}

// Constant returns the schedule with step a at every iteration.
func Constant(a float64) Schedule { return Schedule{A: a} }

// Power returns the schedule a/(b+k)^p.
func Power(a, b, p float64) Schedule { return Schedule{A: a, B: b, P: p} }

// At returns the step for iteration k (counting from 1).
func (s Schedule) At(k int) float64 {
	if s.P == 0 {
		return s.A
	}
	return s.A / math.Pow(s.B+float64(k), s.P)
}

// IsZero reports whether s is the zero value (meaning "use the default").
func (s Schedule) IsZero() bool { return s == Schedule{} }

// Validate checks the fields; name is used in the error.
func (s Schedule) Validate(name string) error {
	switch {
	case !(s.A > 0) || math.IsInf(s.A, 0):
		return fmt.Errorf("markov: %s: a = %v must be finite and > 0", name, s.A)
	case !(s.B > -1) || math.IsInf(s.B, 0):
		return fmt.Errorf("markov: %s: b = %v must be finite and > -1", name, s.B)
	case !(s.P >= 0) || math.IsInf(s.P, 0):
		return fmt.Errorf("markov: %s: p = %v must be finite and >= 0", name, s.P)
	}
	return nil
}

// String formats the schedule.
func (s Schedule) String() string {
	if s.P == 0 {
		return fmt.Sprintf("constant(%g)", s.A)
	}
	return fmt.Sprintf("%g/(%g+k)^%g", s.A, s.B, s.P)
}

// CheckAssumption1 reports whether a leader/follower pair of schedules
// satisfies Assumption 1 of the paper: Σα = Σβ = ∞ (Eq. 10),
// Σα², Σβ² < ∞ (Eq. 11) and α/β → 0 (Eq. 12). For power schedules this
// holds iff 1/2 < p_follower < p_leader <= 1. Constant steps never satisfy
// it (they are nonetheless the practical choice with exact gradients,
// where a small constant ratio α/β gives the timescale separation).
func CheckAssumption1(leader, follower Schedule) error {
	for _, c := range []struct {
		name string
		s    Schedule
	}{{"leader", leader}, {"follower", follower}} {
		if c.s.P > 1 {
			return fmt.Errorf("markov: Assumption 1 (Eq. 10): %s steps %v are summable (p > 1)", c.name, c.s)
		}
		if c.s.P <= 0.5 {
			return fmt.Errorf("markov: Assumption 1 (Eq. 11): %s steps %v are not square-summable (p <= 1/2)", c.name, c.s)
		}
	}
	if leader.P <= follower.P {
		return fmt.Errorf("markov: Assumption 1 (Eq. 12): α/β = %v / %v does not tend to 0 (need p_leader > p_follower)", leader, follower)
	}
	return nil
}
