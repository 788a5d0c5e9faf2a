package loop

import (
	"fmt"
	"math"
)

// CheckFinite returns a *DivergedError naming quantity when v holds NaN or
// ±Inf ("leader gradient D1 f1 is NaN"), and nil otherwise. The error
// names the kind of the first non-finite element.
func CheckFinite(quantity string, v []float64) error {
	if AllFinite(v) {
		return nil
	}
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

// AllFinite reports whether every element of v is finite (neither NaN nor
// ±Inf). It sums x·0, which is ±0 for a finite x and NaN otherwise (never
// x + y first, which overflows for large finite values), four running sums
// of pairs with no branch per element: 4–5 times as fast as testing each
// element with math.IsNaN and math.IsInf (BenchmarkAllFinite), which
// matters where an update checks vectors of every parameter (the total
// derivative's checks of 67 000 elements in STDDPG-AL took about 3 % of
// its update before).
func AllFinite(v []float64) bool {
	var s0, s1, s2, s3 float64
	for len(v) >= 8 {
		x := v[:8:8]
		s0 += x[0]*0 + x[1]*0
		s1 += x[2]*0 + x[3]*0
		s2 += x[4]*0 + x[5]*0
		s3 += x[6]*0 + x[7]*0
		v = v[8:]
	}
	for _, x := range v {
		s0 += x * 0
	}
	return (s0+s1)+(s2+s3) == 0
}
