package loop

import (
	"errors"
	"fmt"
	"math"
	"reflect"
)

// Schedule gives a step size (or perturbation size, commitment length,
// regularisation) for iteration k, counting from 1.
type Schedule interface {
	// At returns the value for iteration k ≥ 1 (a List panics below 1; the
	// actor-critic agents call an Exponential from k = 0). It does not
	// check the value, which may be negative or non-finite: see Validate,
	// NonNegative and Positive.
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
type Power struct {
	// A is the numerator a, the value at every k when P = 0.
	A float64
	// B is the offset b added to k; when P ≠ 0 it must exceed −1, so that
	// b + k > 0 for every k ≥ 1 (Validate).
	B float64
	// P is the exponent p: 0 gives the constant A, p > 0 a decay.
	P float64
}

// At returns A/(B + k)^P; 0 when A = 0 (exactly, also where (B + k)^P
// underflows to 0 for a very negative P, or overflows, which gave 0/0 or
// NaN). Where (B + k)^P alone overflows or underflows (to 0 or a subnormal
// number) it is computed as
// sign(A)·exp(ln|A| − P·ln(B + k)), so that a value within float64's
// range is returned (1e-300/(2000)^−100 = 1.3e30 gave +Inf) and one
// beyond it is ±Inf or 0.
func (s Power) At(k int) float64 {
	if s.A == 0 {
		return 0
	}
	d := math.Pow(s.B+float64(k), s.P)
	if !normal(d) && s.B+float64(k) > 0 {
		return scaledExp(s.A, -s.P*math.Log(s.B+float64(k)))
	}
	return s.A / d
}

// String formats the schedule.
func (s Power) String() string { return fmt.Sprintf("%g/(%g+k)^%g", s.A, s.B, s.P) }

// normal reports whether the positive v is a normal float64: neither
// +Inf nor below 2⁻¹⁰²² (a subnormal has lost precision, 0 all of it).
func normal(v float64) bool { return v >= 0x1p-1022 && !math.IsInf(v, 1) }

// scaledExp returns a·eˣ as sign(a)·exp(ln|a| + x), finite wherever the
// product is although eˣ alone overflows or underflows. Above 700 the
// exponential is taken as the square of exp(t/2): math.Exp of go1.26 on
// amd64 returns +Inf from about 709.4 on, below float64's limit 709.78.
func scaledExp(a, x float64) float64 {
	t := math.Log(math.Abs(a)) + x
	e := math.Exp(t)
	if t > 700 {
		h := math.Exp(t / 2)
		e = h * h
	}
	return math.Copysign(e, a)
}

// Log is a·ln k + b (config `{log: {a, b}}`; the commitment lengths of the
// Hi-C paper's logarithmic schedule).
type Log struct {
	// A is the coefficient a of ln k; a ≥ 0 (Validate), 0 giving the
	// constant B.
	A float64
	// B is the offset b, the value at k = 1.
	B float64
}

// At returns A·ln k + B; B when A = 0, at every k (0·ln 0 gave NaN at
// k = 0). With A ≠ 0, k ≤ 0 is outside its domain: k = 0 gives ±Inf
// (ln 0 = −Inf) and k < 0 NaN, which NonNegative and Positive report
// naming the iteration.
func (s Log) At(k int) float64 {
	if s.A == 0 {
		return s.B
	}
	return s.A*math.Log(float64(k)) + s.B
}

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
type Exponential struct {
	// A is the starting value a, the value at k = 0 (before the floor).
	A float64
	// R is the factor r applied per iteration: below 1 a decay, 1 a
	// constant.
	R float64
	// Min is the floor: At never returns less than Min.
	Min float64
}

// At returns max(Min, A·R^k); with A = 0 that is max(Min, 0) exactly,
// also where R^k overflows to +Inf (R > 1, k large), which gave 0·Inf =
// NaN. Where R^k alone overflows or underflows (to 0 or a subnormal number;
// R > 0) it is computed as
// sign(A)·exp(ln|A| + k·ln R), so that a value within float64's range is
// returned (1e-300·2^1100 = 1.4e31 gave +Inf, 1e300·0.5^1100 = 7.4e-32
// gave 0).
func (s Exponential) At(k int) float64 {
	if s.A == 0 {
		return max(s.Min, 0)
	}
	r := math.Pow(s.R, float64(k))
	if !normal(r) && s.R > 0 {
		return max(s.Min, scaledExp(s.A, float64(k)*math.Log(s.R)))
	}
	return max(s.Min, s.A*r)
}

// Validate checks that s gives a finite non-negative value at every
// iteration where that can be decided from its parameters (every entry of
// a List; a Power's denominator b + k > 0 for every k ≥ 1 and a ≥ 0; a
// Log's a ≥ 0) and at the first iterations otherwise (1, 2, 10 and 1000,
// and also 0 for an Exponential, which its users count from 0); the
// parameters of a Power, Log or Exponential must be finite (an
// Exponential's Min may be −Inf: no floor). name is used in the error.
// A value that is fine at first and breaks later (an Exponential growing
// to +Inf, say) is caught where it is used (NonNegative, Positive).
func Validate(name string, s Schedule) error { return validate(name, s, false, Iteration) }

// ValidatePositive is Validate for a schedule whose values must also be
// positive (a step size, a perturbation size that is divided by).
func ValidatePositive(name string, s Schedule) error { return validate(name, s, true, Iteration) }

// Index names what a schedule's index k counts in its errors: "value v
// at <Index> k". Iteration ("iteration") is the default of Validate,
// NonNegative and Positive.
type Index string

const (
	// Iteration is the index of a learner's iterations: "at iteration 3".
	Iteration Index = "iteration"
	// Interval is the index n of Hi-C's intervals (Algorithm 1): "at
	// interval n = 3".
	Interval Index = "interval n ="
	// MetaInterval is the index n of role negotiation's meta-intervals
	// (Algorithm 2): "at meta-interval n = 3".
	MetaInterval Index = "meta-interval n ="
)

// ValidateIndexed is Validate with errors naming the index as idx does
// (loop.Interval for Hi-C's schedules).
func ValidateIndexed(name string, s Schedule, idx Index) error {
	return validate(name, s, false, idx)
}

// ValidatePositiveIndexed is ValidatePositive with errors naming the index
// as idx does.
func ValidatePositiveIndexed(name string, s Schedule, idx Index) error {
	return validate(name, s, true, idx)
}

func validate(name string, s Schedule, positive bool, idx Index) error {
	s, err := deref(name, s)
	if err != nil {
		return err
	}
	check := func(v float64, k int) error {
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 || (positive && v == 0) {
			return fmt.Errorf("%s: value %g at %s %d is not a finite %s number", name, v, idx, k, kind(positive))
		}
		return nil
	}
	switch s := s.(type) {
	case List:
		if len(s) == 0 {
			return fmt.Errorf("%s: empty list", name)
		}
		for i, v := range s {
			if err := check(v, i+1); err != nil {
				return err
			}
		}
		return nil
	case Power:
		if err := finiteParams(name, "abp", s.A, s.B, s.P); err != nil {
			return err
		}
		if s.P != 0 && !(s.B > -1) {
			return fmt.Errorf("%s: b = %g: the denominator b + k must be positive for every iteration k ≥ 1 (b > −1)", name, s.B)
		}
	case Log:
		if err := finiteParams(name, "ab", s.A, s.B); err != nil {
			return err
		}
		if s.A < 0 {
			return fmt.Errorf("%s: a = %g is negative: a·ln k + b turns negative as k grows", name, s.A)
		}
	case Exponential:
		if err := finiteParams(name, "ar", s.A, s.R); err != nil {
			return err
		}
		if math.IsNaN(s.Min) || math.IsInf(s.Min, 1) {
			// −Inf is no floor; NaN or +Inf was reported as "value NaN
			// (or +Inf) at iteration 0", not naming the floor.
			return fmt.Errorf("%s: min = %g: the floor must be a number, or −Inf for none", name, s.Min)
		}
		// Its users count from k = 0 (the actor-critic agents' λ at epoch 0).
		if err := check(s.At(0), 0); err != nil {
			return err
		}
	}
	for _, k := range []int{1, 2, 10, 1000} {
		if err := check(s.At(k), k); err != nil {
			return err
		}
	}
	return nil
}

// deref returns s for validate: an error naming the schedule if s is nil
// or a nil pointer (its At, a value method, would panic), and for a
// pointer to a schedule with value methods (a *Power, a *List) the value
// it points to, so that validate's checks of that type's parameters apply
// to it as to the value (they were skipped: a *Power with b = NaN and
// p = 0 was valid).
func deref(name string, s Schedule) (Schedule, error) {
	if s == nil {
		return nil, fmt.Errorf("%s: no schedule", name)
	}
	v := reflect.ValueOf(s)
	if v.Kind() != reflect.Pointer {
		return s, nil
	}
	if v.IsNil() {
		return nil, fmt.Errorf("%s: no schedule (a nil %T)", name, s)
	}
	if e, ok := v.Elem().Interface().(Schedule); ok {
		return e, nil
	}
	return s, nil
}

// finiteParams returns an error naming the first parameter (keys[i] the
// one-letter name of vals[i]) that is NaN or ±Inf: such a parameter can
// hide behind finite values (b = NaN when p = 0, since x⁰ = 1 for every x;
// b = +Inf giving a/(+Inf)^p = 0 at every k), so checking values alone
// misses it.
func finiteParams(name, keys string, vals ...float64) error {
	for i, v := range vals {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("%s: %c = %g is not a finite number", name, keys[i], v)
		}
	}
	return nil
}

func kind(positive bool) string {
	if positive {
		return "positive"
	}
	return "non-negative"
}

// NonNegative returns s's value at iteration k, or an error naming the
// schedule and k if it is not a finite non-negative number (or naming the
// schedule if s is nil).
func NonNegative(name string, s Schedule, k int) (float64, error) {
	return value(name, s, k, false, Iteration)
}

// Positive returns s's value at iteration k, or an error naming the
// schedule and k if it is not a finite positive number (or naming the
// schedule if s is nil).
func Positive(name string, s Schedule, k int) (float64, error) {
	return value(name, s, k, true, Iteration)
}

// NonNegativeIndexed is NonNegative with an error naming the index as idx
// does ("at interval n = 3").
func NonNegativeIndexed(name string, s Schedule, k int, idx Index) (float64, error) {
	return value(name, s, k, false, idx)
}

// PositiveIndexed is Positive with an error naming the index as idx does.
func PositiveIndexed(name string, s Schedule, k int, idx Index) (float64, error) {
	return value(name, s, k, true, idx)
}

func value(name string, s Schedule, k int, positive bool, idx Index) (float64, error) {
	if s == nil {
		return 0, fmt.Errorf("%s: no schedule", name)
	}
	if v := reflect.ValueOf(s); v.Kind() == reflect.Pointer && v.IsNil() {
		return 0, fmt.Errorf("%s: no schedule (a nil %T)", name, s)
	}
	v := s.At(k)
	if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 || (positive && v == 0) {
		return v, &scheduleValueError{fmt.Sprintf("%s: value %g at %s %d is not a finite %s number", name, v, idx, k, kind(positive))}
	}
	return v, nil
}

// ErrScheduleValue is in the chain (errors.Is) of the error NonNegative
// and Positive return for a value out of range: a run stopped by it
// failed for its configuration's schedule at that iteration, as every
// run of the configuration does (nothing diverged, and nothing of the
// machine's is in it). Its own text is not in the error's.
var ErrScheduleValue = errors.New("loop: a schedule's value out of range")

// scheduleValueError is the error of a schedule value out of range: its
// message names the schedule, the value and the iteration; errors.Is
// matches it to ErrScheduleValue.
type scheduleValueError struct{ msg string }

func (e *scheduleValueError) Error() string { return e.msg }

func (e *scheduleValueError) Is(target error) bool { return target == ErrScheduleValue }
