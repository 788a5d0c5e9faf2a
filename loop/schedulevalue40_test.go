package loop

import (
	"errors"
	"testing"
)

// The error of a schedule value out of range carries ErrScheduleValue
// (how a NATS worker tells a configuration's failure, not retried, from
// the machine's), with its text unchanged; a nil schedule's does not.
func TestScheduleValueErrorIs(t *testing.T) {
	s := Power{A: 4.5e-16, B: 0, P: -99} // 4.5e-16·k^99 exceeds float64 from k = 1857
	for _, tc := range []struct {
		err  error
		want string
	}{
		{func() error { _, err := NonNegative("follower step size", s, 1857); return err }(), "follower step size: value +Inf at iteration 1857 is not a finite non-negative number"},
		{func() error { _, err := Positive("leader_lr α_k", Constant(0), 3); return err }(), "leader_lr α_k: value 0 at iteration 3 is not a finite positive number"},
	} {
		if tc.err == nil || tc.err.Error() != tc.want || !errors.Is(tc.err, ErrScheduleValue) {
			t.Errorf("error %v (Is ErrScheduleValue: %v); want %q, Is true", tc.err, errors.Is(tc.err, ErrScheduleValue), tc.want)
		}
	}
	if _, err := Positive("x", nil, 1); err == nil || errors.Is(err, ErrScheduleValue) {
		t.Errorf("nil schedule: %v; want an error that is not ErrScheduleValue", err)
	}
}
