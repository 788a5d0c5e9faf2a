package loop

import (
	"math"
	"strings"
	"testing"
)

// TestValidateSchedulePointers: a schedule given as a pointer (a *Power,
// whose At is a value method and so is a Schedule too) skipped the
// checks of its type's parameters, and a nil pointer panicked in At.
func TestValidateSchedulePointers(t *testing.T) {
	cases := []struct {
		s    Schedule
		want string
	}{
		{(*Power)(nil), "lr: no schedule (a nil *loop.Power)"},
		{(*List)(nil), "lr: no schedule (a nil *loop.List)"},
		// b = NaN hides behind p = 0 (x⁰ = 1): finiteParams catches it for
		// the value, and now for the pointer.
		{&Power{A: 1, B: math.NaN(), P: 0}, "lr: b = NaN is not a finite number"},
		{&List{}, "lr: empty list"},
		{&Log{A: -1, B: 5}, "lr: a = -1 is negative"},
	}
	for _, c := range cases {
		err := ValidatePositive("lr", c.s)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("ValidatePositive(%#v): %v; want %q", c.s, err, c.want)
		}
	}
	if err := ValidatePositive("lr", &Power{A: 0.1, P: 0.5}); err != nil {
		t.Errorf("a valid *Power: %v", err)
	}
	if _, err := Positive("lr", (*Power)(nil), 3); err == nil || !strings.Contains(err.Error(), "a nil *loop.Power") {
		t.Errorf("Positive of a nil *Power: %v; want no schedule", err)
	}
	if v, err := Positive("lr", &Power{A: 0.1, P: 1}, 4); err != nil || v != 0.1/4 {
		t.Errorf("Positive of a *Power at 4: %v, %v; want 0.025", v, err)
	}
}
