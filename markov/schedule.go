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
// A pointer to a schedule is checked as the schedule. The errors write
// each schedule as its form reads (scheduleText): "0.5 (constant)",
// "1/(1+k)^0.6", with the exponent p the check compared.
func CheckAssumption1(leader, follower loop.Schedule) error {
	// Eq. 10-12 are about positive steps (a negative α_k turns the ascent
	// of Eq. 8 into descent).
	if err := validateStep("Assumption 1: leader steps", leader); err != nil {
		return err
	}
	if err := validateStep("Assumption 1: follower steps", follower); err != nil {
		return err
	}
	pl, okl := asPower(leader)
	pf, okf := asPower(follower)
	if !okl || !okf {
		return fmt.Errorf("markov: Assumption 1: only constant and power schedules are checked (got %s, %s)", scheduleText(leader), scheduleText(follower))
	}
	for _, c := range []struct {
		name string
		s    loop.Schedule
		p    float64
	}{{"leader", leader, pl.P}, {"follower", follower, pf.P}} {
		if c.p > 1 {
			return fmt.Errorf("markov: Assumption 1 (Eq. 10): %s steps %s are summable (p = %g > 1)", c.name, scheduleText(c.s), c.p)
		}
		if c.p <= 0.5 || math.IsNaN(c.p) {
			return fmt.Errorf("markov: Assumption 1 (Eq. 11): %s steps %s are not square-summable (p = %g <= 1/2)", c.name, scheduleText(c.s), c.p)
		}
	}
	if pl.P <= pf.P {
		return fmt.Errorf("markov: Assumption 1 (Eq. 12): α/β = (%s) / (%s) does not tend to 0 (need p_leader > p_follower; p = %g and %g)",
			scheduleText(leader), scheduleText(follower), pl.P, pf.P)
	}
	return nil
}

// asPower returns s as the power schedule CheckAssumption1 checks: a
// loop.Power itself, a loop.Constant c as c/(0+k)^0, and a pointer to
// either as what it points to (validateStep has refused a nil one).
func asPower(s loop.Schedule) (loop.Power, bool) {
	switch v := s.(type) {
	case loop.Power:
		return v, true
	case *loop.Power:
		return *v, true
	case loop.Constant:
		return loop.Power{A: float64(v)}, true
	case *loop.Constant:
		return loop.Power{A: float64(*v)}, true
	}
	return loop.Power{}, false
}

// scheduleText writes a step schedule for CheckAssumption1's errors as
// its form reads: a constant c as "c (constant)", a power a/(b+k)^p with
// p = 0 as the constant it is ("a (constant: a/(b+k)^0)"), a power as
// "a/(b+k)^p", a log schedule as "a·ln k + b (log)", an exponential one
// as "max(min, a·r^k) (exponential)", a list by its values ("list [v1
// v2 v3]"; one of more than 5 by its count, first three and last), a
// pointer to one of these as the schedule, and another type by its
// String method, else by its type ("a pkg.Type"), not its Go fields.
func scheduleText(s loop.Schedule) string {
	switch v := s.(type) {
	case *loop.Constant:
		return scheduleText(*v)
	case *loop.Power:
		return scheduleText(*v)
	case *loop.Log:
		return scheduleText(*v)
	case *loop.Exponential:
		return scheduleText(*v)
	case *loop.List:
		return scheduleText(*v)
	case loop.Constant:
		return fmt.Sprintf("%g (constant)", float64(v))
	case loop.Power:
		if v.P == 0 {
			return fmt.Sprintf("%g (constant: %v)", v.A, v)
		}
		return v.String()
	case loop.Log:
		return fmt.Sprintf("%g·ln k + %g (log)", v.A, v.B)
	case loop.Exponential:
		return fmt.Sprintf("max(%g, %g·%g^k) (exponential)", v.Min, v.A, v.R)
	case loop.List:
		if len(v) <= 5 {
			return fmt.Sprintf("list %g", []float64(v))
		}
		return fmt.Sprintf("list of %d values [%g %g %g … %g]", len(v), v[0], v[1], v[2], v[len(v)-1])
	case fmt.Stringer:
		return v.String()
	}
	return fmt.Sprintf("a %T", s)
}
