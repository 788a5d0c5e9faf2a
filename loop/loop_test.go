package loop

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
)

// TestSchedules checks every schedule against its closed form.
func TestSchedules(t *testing.T) {
	for _, c := range []struct {
		s    Schedule
		k    int
		want float64
	}{
		{Constant(0.3), 7, 0.3},
		{Power{A: 2, B: 3, P: 0.5}, 1, 1},
		{Power{A: 2, B: 3, P: 0.5}, 6, 2.0 / 3},
		{Power{A: 0.7, B: 5, P: 0}, 9, 0.7},
		{Log{A: 2, B: 1}, 1, 1},
		{Log{A: 2, B: 1}, 100, 2*math.Log(100) + 1},
		{List{1, 2, 3}, 2, 2},
		{List{1, 2, 3}, 50, 3},
		{Exponential{A: 500, R: 0.5, Min: 10}, 0, 500},
		{Exponential{A: 500, R: 0.5, Min: 10}, 3, 62.5},
		{Exponential{A: 500, R: 0.5, Min: 10}, 10, 10},
	} {
		if got := c.s.At(c.k); math.Abs(got-c.want) > 1e-15*math.Max(1, math.Abs(c.want)) {
			t.Errorf("%#v.At(%d) = %v, want %v", c.s, c.k, got, c.want)
		}
	}
}

func TestValidate(t *testing.T) {
	for _, c := range []struct {
		s    Schedule
		want string
	}{
		{nil, "no schedule"},
		{List{}, "empty list"},
		{Constant(-1), "value -1 at iteration 1"},
		{Log{A: -1, B: 1}, "a = -1 is negative"},
		{Log{A: 1, B: -1}, "value -1 at iteration 1"},
		{Power{A: 1, B: -1, P: 1}, "b = -1"},
		{Power{A: 1, B: -3, P: 2}, "b = -3"}, // +Inf at k = 3 only
		{Power{A: -1, B: 1, P: 1}, "value -0.5 at iteration 1"},
		{List{1, 1, 1, 1, 1, math.NaN()}, "value NaN at iteration 6"},
		{List{1, 1, -2}, "value -2 at iteration 3"},
	} {
		err := Validate("lr", c.s)
		if err == nil || !contains(err.Error(), "lr: ") || !contains(err.Error(), c.want) {
			t.Errorf("Validate(%#v) = %v, want an error containing %q", c.s, err, c.want)
		}
	}
	for _, s := range []Schedule{Power{A: 1, B: 1, P: 0.6}, Power{A: 2, B: -5, P: 0}, Log{A: 0, B: 1}, List{1, 0, 2}} {
		if err := Validate("lr", s); err != nil {
			t.Errorf("Validate(%#v): %v", s, err)
		}
	}
	// Zero is a valid value but not a valid step.
	if err := ValidatePositive("δ", List{1, 1, 0, 1}); err == nil || !contains(err.Error(), "δ: value 0 at iteration 3 is not a finite positive number") {
		t.Errorf("ValidatePositive(List{1, 1, 0, 1}) = %v", err)
	}
	if err := ValidatePositive("δ", Constant(0.5)); err != nil {
		t.Error(err)
	}
}

// TestValueAt: NonNegative and Positive return the value where it is
// usable and name the schedule and iteration where it is not, as for an
// Exponential that passes Validate and overflows later (1.5^k: +Inf past
// k = 1750).
func TestValueAt(t *testing.T) {
	grow := Exponential{A: 1, R: 1.5}
	if v, err := Positive("lr", grow, 2); err != nil || v != 2.25 {
		t.Errorf("Positive at 2 = %v, %v; want 2.25", v, err)
	}
	if err := Validate("lr", grow); err != nil {
		t.Errorf("Validate: %v", err)
	}
	if _, err := NonNegative("lr", grow, 2000); err == nil || !contains(err.Error(), "lr: value +Inf at iteration 2000") {
		t.Errorf("NonNegative at 2000: %v", err)
	}
	if v, err := NonNegative("κ", Constant(0), 7); err != nil || v != 0 {
		t.Errorf("NonNegative(0) = %v, %v", v, err)
	}
	if _, err := Positive("κ", Constant(0), 7); err == nil || !contains(err.Error(), "κ: value 0 at iteration 7") {
		t.Errorf("Positive(0): %v", err)
	}
}

// TestDue: the one meaning of RecordEvery.
func TestDue(t *testing.T) {
	recorded := func(s Settings, n int) []int {
		var ks []int
		for k := 0; k <= n; k++ {
			if s.Due(k, n) {
				ks = append(ks, k)
			}
		}
		return ks
	}
	for _, c := range []struct {
		every, n int
		want     string
	}{
		{0, 10, "[0 10]"},
		{1, 3, "[0 1 2 3]"},
		{4, 10, "[0 4 8 10]"},
		{5, 10, "[0 5 10]"},
		{0, 0, "[0]"},
	} {
		if got := fmt.Sprint(recorded(Settings{RecordEvery: c.every}, c.n)); got != c.want {
			t.Errorf("every %d of %d: %s, want %s", c.every, c.n, got, c.want)
		}
	}
	for _, s := range []Settings{{Iterations: -1}, {RecordEvery: -2}, {StepTol: math.NaN()}, {StepTol: -1}} {
		if s.Check() == nil {
			t.Errorf("%+v: no error", s)
		}
	}
	if (Settings{StepTol: 0}).Converged(0) || !(Settings{StepTol: 1e-3}).Converged(1e-3) || (Settings{StepTol: 1e-3}).Converged(2e-3) {
		t.Error("Converged")
	}
}

func TestStatusOf(t *testing.T) {
	div := fmt.Errorf("iteration 3: %w", Diverge("leader gradient", "leader gradient is NaN"))
	for _, c := range []struct {
		err       error
		converged bool
		want      Status
	}{
		{nil, false, IterationLimit},
		{nil, true, Converged},
		{fmt.Errorf("iteration 9: %w", context.Canceled), false, Cancelled},
		{context.DeadlineExceeded, false, Cancelled},
		{div, false, Diverged},
		{errors.New("recorder: disk full"), false, Failed},
	} {
		if got := StatusOf(c.err, c.converged); got != c.want {
			t.Errorf("StatusOf(%v, %v) = %v, want %v", c.err, c.converged, got, c.want)
		}
	}
	if q := QuantityOf(div); q != "leader gradient" {
		t.Errorf("QuantityOf = %q", q)
	}
	if div.Error() != "iteration 3: leader gradient is NaN" {
		t.Errorf("message %q", div.Error())
	}
}

func TestPoll(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	p := NewPoll(ctx, 3)
	if p.Err() != nil {
		t.Fatal("not cancelled yet")
	}
	cancel()
	// The first call looked; the next look is the 3rd call after it.
	got := []bool{p.Err() != nil, p.Err() != nil, p.Err() != nil}
	if fmt.Sprint(got) != "[false false true]" {
		t.Errorf("polls after cancel: %v, want [false false true]", got)
	}
	var zero *Poll
	nilCtx := NewPoll(nil, 1)
	if zero.Err() != nil || nilCtx.Err() != nil {
		t.Error("nil poll reports cancellation")
	}
}

func TestRecorders(t *testing.T) {
	var rs Records[int]
	var rec Recorder[int] = &rs
	for i := range 3 {
		if err := rec.Record(i); err != nil {
			t.Fatal(err)
		}
	}
	stop := errors.New("stop")
	f := RecorderFunc[int](func(int) error { return stop })
	if len(rs) != 3 || rs[2] != 2 || f.Record(1) != stop {
		t.Errorf("records %v", rs)
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
