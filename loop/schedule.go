package loop

import (
	"fmt"
	"math"
)

// Schedule gives a step size (or perturbation size, commitment length,
// regularisation) for iteration k, counting from 1.
type Schedule interface {
	At(k int) float64
}

// Constant is the same value at every iteration (config `{constant: c}`).
type Constant float64

// At returns c.
func (c Constant) At(int) float64 { return float64(c) }

// String formats the schedule.
func (c Constant) String() string { return fmt.Sprintf("constant(%g)", float64(c)) }

// Power is a/(b + k)^p (config `{power: {a, b, p}}`). With P = 0 it is the
// constant A (exactly: x⁰ = 1).
type Power struct{ A, B, P float64 }

// At returns A/(B + k)^P.
func (s Power) At(k int) float64 { return s.A / math.Pow(s.B+float64(k), s.P) }

// String formats the schedule.
func (s Power) String() string { return fmt.Sprintf("%g/(%g+k)^%g", s.A, s.B, s.P) }

// Log is a·ln k + b (config `{log: {a, b}}`; the commitment lengths of the
// Hi-C paper's logarithmic schedule).
type Log struct{ A, B float64 }

// At returns A·ln k + B.
func (s Log) At(k int) float64 { return s.A*math.Log(float64(k)) + s.B }

// List gives explicit values (config `{list: [...]}`); past its end the
// last value repeats.
type List []float64

// At returns the k-th value (1-based), or the last one past the end.
func (l List) At(k int) float64 {
	if k-1 < len(l) {
		return l[k-1]
	}
	return l[len(l)-1]
}

// Exponential is a·r^k floored at Min: a value multiplied by r after every
// iteration (the decaying regularisation λ of the actor-critic agents,
// counted from k = 0 there).
type Exponential struct{ A, R, Min float64 }

// At returns max(Min, A·R^k).
func (s Exponential) At(k int) float64 { return max(s.Min, s.A*math.Pow(s.R, float64(k))) }

// Validate checks that s gives a finite non-negative value at the first
// iterations; name is used in the error.
func Validate(name string, s Schedule) error {
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
