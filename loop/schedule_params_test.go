package loop

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
)

// TestValidateNonFiniteParams: a NaN or infinite parameter is an error
// naming it, even where every value Validate looks at is finite: b = NaN
// with p = 0 (x⁰ = 1 for every x, so the values are a), b = +Inf (the
// values are a/(+Inf)^p = 0), p = +Inf (a at k = 1, 0 after). Validate
// accepted all three.
func TestValidateNonFiniteParams(t *testing.T) {
	inf, nan := math.Inf(1), math.NaN()
	for _, c := range []struct {
		s    Schedule
		want string
	}{
		{Power{A: 1, B: nan, P: 0}, "lr: b = NaN is not a finite number"},
		{Power{A: 1, B: inf, P: 0.5}, "lr: b = +Inf is not a finite number"},
		{Power{A: 1, B: 0, P: inf}, "lr: p = +Inf is not a finite number"},
		{Power{A: inf, B: 0, P: 0}, "lr: a = +Inf is not a finite number"},
		{Log{A: 1, B: -inf}, "lr: b = -Inf is not a finite number"},
		{Exponential{A: 1, R: nan, Min: 0}, "lr: r = NaN is not a finite number"},
	} {
		if err := Validate("lr", c.s); err == nil || err.Error() != c.want {
			t.Errorf("Validate(%v) = %v, want %q", c.s, err, c.want)
		}
	}
	// A floor of −Inf is no floor, not an error.
	if err := Validate("λ", Exponential{A: 2, R: 0.5, Min: math.Inf(-1)}); err != nil {
		t.Errorf("Exponential with Min = −Inf: %v", err)
	}
}

// TestValidateExponentialAtZero: an Exponential's users count from k = 0
// (the actor-critic agents' λ at epoch 0), so Validate checks At(0) too.
// With A = −1, R = 0 and Min = −5 the value is −1 at k = 0 and −0 from
// k = 1: Validate, which looked at k = 1, 2, 10 and 1000 only, accepted it.
func TestValidateExponentialAtZero(t *testing.T) {
	s := Exponential{A: -1, R: 0, Min: -5}
	if s.At(0) != -1 {
		t.Fatalf("At(0) = %v, want -1", s.At(0))
	}
	err := Validate("λ", s)
	if err == nil || !strings.Contains(err.Error(), "λ: value -1 at iteration 0 is not a finite non-negative number") {
		t.Errorf("Validate = %v", err)
	}
	if err := ValidatePositive("λ", Exponential{A: 500, R: 0.9, Min: 1e-3}); err != nil {
		t.Errorf("a decaying λ with a positive floor: %v", err)
	}
}

// TestPollAlreadyCancelled: a Poll of a context cancelled before the loop
// starts reports it on the first call, whatever its period.
func TestPollAlreadyCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, every := range []int{-3, 0, 1, 1000} {
		p := NewPoll(ctx, every)
		if err := p.Err(); !errors.Is(err, context.Canceled) {
			t.Errorf("every %d: first Err = %v, want context.Canceled", every, err)
		}
	}
}

// TestStatusOfJoined: a DivergedError found through errors.Join and
// wrapping is Diverged with its quantity; a cancellation joined with it
// is Cancelled (the context error wins).
func TestStatusOfJoined(t *testing.T) {
	d := Diverge("follower Hessian", "follower Hessian is singular")
	j := errors.Join(errors.New("recorder: closed"), fmt.Errorf("iteration 7: %w", d))
	if s, q := StatusOf(j, false), QuantityOf(j); s != Diverged || q != "follower Hessian" {
		t.Errorf("joined: %v, %q", s, q)
	}
	if s := StatusOf(errors.Join(j, context.DeadlineExceeded), false); s != Cancelled {
		t.Errorf("joined with a deadline: %v, want cancelled", s)
	}
}
