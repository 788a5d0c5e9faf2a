package loop

import (
	"fmt"
	"math"
)

// CheckFinite returns a *DivergedError naming quantity when v holds NaN or
// ±Inf ("leader gradient D1 f1 is NaN"), and nil otherwise.
func CheckFinite(quantity string, v []float64) error {
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
