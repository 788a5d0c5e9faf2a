package loop

import (
	"errors"
	"fmt"
	"testing"
)

// TestQuantityOfTypedNil: a nil *DivergedError wrapped in an error (a
// function returning a typed nil as error, then wrapped by a loop) is
// found by errors.As; QuantityOf called its DivergedQuantity and
// panicked with a nil pointer dereference. It now returns "" and the
// message is "… diverged".
func TestQuantityOfTypedNil(t *testing.T) {
	var d *DivergedError
	err := fmt.Errorf("iteration 3: %w", error(d))
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("panic: %v", r)
		}
	}()
	if q := QuantityOf(err); q != "" {
		t.Errorf("QuantityOf = %q, want \"\"", q)
	}
	if s := StatusOf(err, false); s != Diverged {
		t.Errorf("StatusOf = %v, want diverged", s)
	}
	if got := d.Error(); got != "diverged" {
		t.Errorf("Error = %q, want \"diverged\"", got)
	}
	if errors.Unwrap(error(d)) != nil {
		t.Errorf("Unwrap of a nil *DivergedError is not nil")
	}
}

// TestPowerZeroNumerator: a Power with a = 0 is 0 at every iteration.
// With a very negative p, (b + k)^p underflows to 0 and a/(b+k)^p was
// 0/0 = NaN: Power{0, 0, -100} was 0 up to k ≈ 1600 and NaN from there
// (Validate, looking at k ≤ 1000, accepted it, and NonNegative refused
// it mid-run).
func TestPowerZeroNumerator(t *testing.T) {
	s := Power{A: 0, B: 0, P: -100}
	for _, k := range []int{1, 1000, 5000, 1 << 30} {
		if v, err := NonNegative("c", s, k); v != 0 || err != nil {
			t.Errorf("At(%d) = %v, %v; want 0", k, v, err)
		}
	}
	if v := (Power{A: 0, B: 0, P: 400}).At(3); v != 0 {
		t.Errorf("a = 0, p = 400: %v, want 0", v)
	}
	if v := (Power{A: 2, B: 0, P: 1}).At(3); v != 2.0/3 {
		t.Errorf("a = 2, p = 1, k = 3: %v, want 2/3", v)
	}
}
