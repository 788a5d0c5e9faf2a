package learn

import (
	"fmt"
	"math"
)

// Schedule gives a step size (or perturbation size, or commitment length)
// for iteration k, counting from 1.
type Schedule interface {
	At(k int) float64
}

// Constant is the same value at every iteration.
type Constant float64

// At returns c.
func (c Constant) At(int) float64 { return float64(c) }

// Power is a/(b + k)^p.
type Power struct{ A, B, P float64 }

// At returns A/(B + k)^P.
func (s Power) At(k int) float64 { return s.A / math.Pow(s.B+float64(k), s.P) }

// Log is a·ln k + b (the commitment lengths of the Hi-C paper's
// logarithmic schedule).
type Log struct{ A, B float64 }

// At returns A·ln k + B.
func (s Log) At(k int) float64 { return s.A*math.Log(float64(k)) + s.B }

// List gives explicit values; past its end the last value repeats.
type List []float64

// At returns the k-th value (1-based), or the last one past the end.
func (l List) At(k int) float64 {
	if k-1 < len(l) {
		return l[k-1]
	}
	return l[len(l)-1]
}

// ValidateSchedule checks that s gives a finite positive value at the first
// iterations; name is used in the error.
func ValidateSchedule(name string, s Schedule) error {
	if s == nil {
		return fmt.Errorf("%s: no schedule", name)
	}
	if l, ok := s.(List); ok && len(l) == 0 {
		return fmt.Errorf("%s: empty list", name)
	}
	for _, k := range []int{1, 2, 10, 1000} {
		v := s.At(k)
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			return fmt.Errorf("%s: value %g at iteration %d is not a finite non-negative number", name, v, k)
		}
	}
	return nil
}
