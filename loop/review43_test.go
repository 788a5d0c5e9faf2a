package loop

import (
	"fmt"
	"math"
	"testing"
)

// TestExponentialZeroStart: a·r^k with a = 0 is 0 at every k (a value 0
// multiplied by r after every iteration stays 0), so At is max(Min, 0).
// With r = 2, 2^k overflows to +Inf from k = 1024 and the old At gave
// 0·Inf = NaN there: Exponential{A: 0, R: 2}.At(1100) was NaN, and
// NonNegative failed at iteration 1100 for a schedule Validate accepted.
func TestExponentialZeroStart(t *testing.T) {
	for _, c := range []struct {
		s    Exponential
		k    int
		want float64
	}{
		{Exponential{A: 0, R: 2, Min: 0}, 1100, 0},
		{Exponential{A: 0, R: 2, Min: 0.25}, 1100, 0.25},
		{Exponential{A: 0, R: 2, Min: math.Inf(-1)}, 5000, 0},
		{Exponential{A: 0, R: 0.5, Min: 0}, 0, 0},
	} {
		if got := c.s.At(c.k); got != c.want {
			t.Errorf("%+v.At(%d) = %v, want %v", c.s, c.k, got, c.want)
		}
	}
	s := Exponential{A: 0, R: 2}
	if err := Validate("λ", s); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	if v, err := NonNegative("λ", s, 1100); err != nil || v != 0 {
		t.Errorf("NonNegative at 1100 = %v, %v; want 0, nil", v, err)
	}
}

// An Exponential whose floor Min is NaN or +Inf is refused naming the
// floor (it was "value NaN at iteration 0"); −Inf, no floor, is valid.
func TestExponentialMinNamed(t *testing.T) {
	for _, m := range []float64{math.NaN(), math.Inf(1)} {
		err := Validate("lambda", Exponential{A: 1, R: 0.5, Min: m})
		want := fmt.Sprintf("lambda: min = %g: the floor must be a number, or −Inf for none", m)
		if err == nil || err.Error() != want {
			t.Errorf("Min %v: %v, want %q", m, err, want)
		}
	}
	if err := Validate("lambda", Exponential{A: 1, R: 0.5, Min: math.Inf(-1)}); err != nil {
		t.Errorf("Min −Inf: %v", err)
	}
}
