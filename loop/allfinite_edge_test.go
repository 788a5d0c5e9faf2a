package loop

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// checkFinite22a612d is CheckFinite as it was before AllFinite (22a612d),
// the oracle of TestAllFiniteEdges.
func checkFinite22a612d(quantity string, v []float64) error {
	for _, a := range v {
		if math.IsNaN(a) {
			return &DivergedError{Quantity: quantity, Err: fmt.Errorf("%s is NaN", quantity)}
		}
		if math.IsInf(a, 0) {
			return &DivergedError{Quantity: quantity, Err: fmt.Errorf("%s is infinite", quantity)}
		}
	}
	return nil
}

// TestAllFiniteEdges fills vectors of every length 0–20 with finite
// extremes (±MaxFloat64, ±the smallest subnormal, the largest subnormal,
// ±0, ±1e308) and plants up to two non-finite values (NaN payloads of
// either sign, quiet and signalling, ±Inf) at seeded random positions,
// many times: AllFinite agrees with a loop of math.IsNaN/math.IsInf, and
// CheckFinite's error (nil, its message, its Quantity) is 22a612d's.
func TestAllFiniteEdges(t *testing.T) {
	finite := []float64{
		math.MaxFloat64, -math.MaxFloat64, math.SmallestNonzeroFloat64, -math.SmallestNonzeroFloat64,
		math.Float64frombits(0x000fffffffffffff), 0, math.Copysign(0, -1), 1e308, -1e308, 1,
	}
	bad := []float64{
		math.NaN(), math.Inf(1), math.Inf(-1),
		math.Float64frombits(0x7ff0000000000001), // signalling NaN
		math.Float64frombits(0xfff8000000000000), // negative quiet NaN
		math.Float64frombits(0x7ff4000000000000), // signalling, another payload
		math.Float64frombits(0xffffffffffffffff),
	}
	r := rand.New(rand.NewPCG(34, 8))
	for n := 0; n <= 20; n++ {
		for trial := range 300 {
			v := make([]float64, n)
			for i := range v {
				v[i] = finite[r.IntN(len(finite))]
			}
			if n > 0 && trial%3 != 0 {
				for range 1 + r.IntN(2) {
					v[r.IntN(n)] = bad[r.IntN(len(bad))]
				}
			}
			want := true
			for _, x := range v {
				if math.IsNaN(x) || math.IsInf(x, 0) {
					want = false
				}
			}
			if got := AllFinite(v); got != want {
				t.Fatalf("AllFinite(%v) = %v, want %v", v, got, want)
			}
			got, old := CheckFinite("q", v), checkFinite22a612d("q", v)
			if (got == nil) != (old == nil) || (got != nil && got.Error() != old.Error()) {
				t.Fatalf("CheckFinite(%v) = %v, 22a612d gave %v", v, got, old)
			}
			var d *DivergedError
			if got != nil && (!errors.As(got, &d) || d.Quantity != "q") {
				t.Fatalf("CheckFinite(%v) = %#v, want a *DivergedError for q", v, got)
			}
		}
	}
}

// TestAllFiniteSubSlices checks AllFinite on sub-slices starting at every
// offset of a vector holding one NaN (the 8-element body reading past a
// slice's length would see it): only the sub-slices holding it report
// false.
func TestAllFiniteSubSlices(t *testing.T) {
	v := make([]float64, 40)
	for i := range v {
		v[i] = float64(i) - 20
	}
	v[25] = math.NaN()
	for lo := 0; lo <= len(v); lo++ {
		for hi := lo; hi <= len(v); hi++ {
			want := !(lo <= 25 && 25 < hi)
			if got := AllFinite(v[lo:hi]); got != want {
				t.Fatalf("AllFinite(v[%d:%d]) = %v, want %v", lo, hi, got, want)
			}
		}
	}
}
