package markov

import (
	"testing"

	"github.com/stackel/stackel/loop"
)

// plainStep56 is a step schedule of a type CheckAssumption1 does not know,
// without a String method.
type plainStep56 struct{ v float64 }

func (s plainStep56) At(int) float64 { return s.v }

// TestCheckAssumption1Text56: CheckAssumption1's errors write each
// schedule as its form reads: a constant step as "0.5 (constant)" (it
// printed as the power 0.5/(0+k)^0 it is checked as), a power with p = 0
// as the constant it is, a power as a/(b+k)^p with its p, a log or
// exponential schedule by its formula (they printed as Go structs, {1 2}),
// a list by its values (a long one by its first and last), a pointer to a
// schedule as the schedule (a *loop.Power, a power schedule, was refused as
// unchecked and printed as &{…}), and a type it does not know by its type.
// Exact messages.
func TestCheckAssumption1Text56(t *testing.T) {
	pw := loop.Power{A: 1, B: 1, P: 0.6}
	for _, c := range []struct {
		name   string
		leader loop.Schedule
		follow loop.Schedule
		want   string // "" for a pair that satisfies Assumption 1
	}{
		{"constant", loop.Constant(0.5), loop.Constant(2),
			"markov: Assumption 1 (Eq. 11): leader steps 0.5 (constant) are not square-summable (p = 0 <= 1/2)"},
		{"power p = 0", loop.Power{A: 0.5, B: 3, P: 0}, pw,
			"markov: Assumption 1 (Eq. 11): leader steps 0.5 (constant: 0.5/(3+k)^0) are not square-summable (p = 0 <= 1/2)"},
		{"power p = 0.4", loop.Power{A: 1, B: 1, P: 0.4}, pw,
			"markov: Assumption 1 (Eq. 11): leader steps 1/(1+k)^0.4 are not square-summable (p = 0.4 <= 1/2)"},
		{"power p = 1.5", loop.Power{A: 1, B: 1, P: 1.5}, pw,
			"markov: Assumption 1 (Eq. 10): leader steps 1/(1+k)^1.5 are summable (p = 1.5 > 1)"},
		{"equal powers", pw, pw,
			"markov: Assumption 1 (Eq. 12): α/β = (1/(1+k)^0.6) / (1/(1+k)^0.6) does not tend to 0 (need p_leader > p_follower; p = 0.6 and 0.6)"},
		{"pointer to a power", &loop.Power{A: 1, B: 1, P: 0.9}, &pw, ""},
		{"pointer to a constant", new(loop.Constant(0.5)), pw,
			"markov: Assumption 1 (Eq. 11): leader steps 0.5 (constant) are not square-summable (p = 0 <= 1/2)"},
		{"log", loop.Log{A: 1, B: 2}, pw,
			"markov: Assumption 1: only constant and power schedules are checked (got 1·ln k + 2 (log), 1/(1+k)^0.6)"},
		{"exponential", pw, loop.Exponential{A: 0.1, R: 0.99, Min: 0.001},
			"markov: Assumption 1: only constant and power schedules are checked (got 1/(1+k)^0.6, max(0.001, 0.1·0.99^k) (exponential))"},
		{"short list", loop.List{0.3, 0.2, 0.1}, pw,
			"markov: Assumption 1: only constant and power schedules are checked (got list [0.3 0.2 0.1], 1/(1+k)^0.6)"},
		{"long list", loop.List{0.6, 0.5, 0.4, 0.3, 0.2, 0.1}, pw,
			"markov: Assumption 1: only constant and power schedules are checked (got list of 6 values [0.6 0.5 0.4 … 0.1], 1/(1+k)^0.6)"},
		{"unknown type", plainStep56{0.1}, pw,
			"markov: Assumption 1: only constant and power schedules are checked (got a markov.plainStep56, 1/(1+k)^0.6)"},
	} {
		err := CheckAssumption1(c.leader, c.follow)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != c.want {
			t.Errorf("%s: CheckAssumption1 = %q\nwant %q", c.name, got, c.want)
		}
	}
}
