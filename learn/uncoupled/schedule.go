package uncoupled

import (
	"fmt"
	"math"
	"reflect"
	"strconv"

	"github.com/stackel/stackel/loop"
)

// Eq19 is the commitment schedule of Corollary 3.11 (Eq. 19 of the Hi-C
// paper) for a follower doing gradient ascent with step Beta on a payoff
// that is Mu-strongly concave in its own strategy, strategies bounded so
// that ‖y_t − r(x̃)‖ ≤ B, and tracking error ε_n/δ_n ≤ n^(−P):
//
//	k_n = ⌈ 2 (ln δ_n − ln B − P ln n) / ln(1 − β μ) ⌉          (Eq. 19)
//
// With δ_n = n^(−q) this is k_n = ⌈a ln n + b⌉ with a = 2(q+P)/(−ln(1−βμ))
// and b = 2 ln B/(−ln(1−βμ)), a logarithmic schedule. For the Cournot
// experiment of Section 3.3 (β = 0.1, μ = 2, q = 0.6, and B = 100,
// P = 0.5, which the paper does not state): a = 9.859, b = 41.275.
type Eq19 struct {
	// Beta is the follower's fixed gradient step β ∈ (0, 1/K2].
	Beta float64
	// Mu is the strong-concavity modulus μ of the follower's payoff in y.
	Mu float64
	// B bounds the distance of the follower's strategy from its best
	// response (Assumption 3.10).
	B float64
	// P is the exponent p > 0 of ξ_n = n^(−p) in Eq. 17.
	P float64
	// Delta is the perturbation schedule δ_n the leader uses (positive;
	// HiCConfig.Validate refuses an Eq19 whose Delta differs from the
	// leader's HiCConfig.Delta).
	Delta loop.Schedule
}

// Validate checks the parameters of Eq. 19.
func (e Eq19) Validate() error {
	switch {
	case !(e.Beta > 0) || !(e.Mu > 0) || !(e.Beta*e.Mu < 1):
		return fmt.Errorf("eq19: beta·mu = %g·%g must lie in (0, 1)", e.Beta, e.Mu)
	case !(e.B > 0) || math.IsInf(e.B, 0):
		return fmt.Errorf("eq19: B = %g must be positive and finite", e.B)
	case !(e.P > 0) || math.IsInf(e.P, 0):
		return fmt.Errorf("eq19: p = %g must be positive and finite", e.P)
	case e.Delta == nil:
		return fmt.Errorf("eq19: no perturbation schedule delta")
	}
	// ln δ_n: a δ_n that is not positive made k_n NaN, reported as an
	// unusable commitment rather than as the schedule it came from.
	return loop.ValidatePositiveIndexed("eq19: delta", e.Delta, loop.Interval)
}

// At returns k_n of Eq. 19 (already an integer, at least 1).
func (e Eq19) At(n int) float64 {
	num := math.Log(e.Delta.At(n)) - math.Log(e.B) - e.P*math.Log(float64(n))
	k := math.Ceil(2 * num / math.Log(1-e.Beta*e.Mu)) // Eq. 19
	return math.Max(k, 1)
}

// LogCoefficients returns (a, b) with k_n = ⌈a ln n + b⌉ when the
// perturbation schedule is δ_n = δ̄ n^(−q): a = 2(q + P)/(−ln(1 − βμ)) and
// b = 2(ln B − ln δ̄)/(−ln(1 − βμ)).
func (e Eq19) LogCoefficients(deltaBar, q float64) (a, b float64) {
	z := -math.Log(1 - e.Beta*e.Mu)
	return 2 * (q + e.P) / z, 2 * (math.Log(e.B) - math.Log(deltaBar)) / z
}

// CommitmentLength returns k_n, the number of stages of interval n
// (n ≥ 1) that a Hi-C leader with commitment schedule s plays: the
// schedule's value rounded up, at least 1; an error for a value that is
// not a usable number of stages, for a nil schedule and for n < 1.
func CommitmentLength(s loop.Schedule, n int) (int, error) {
	if s == nil {
		return 0, fmt.Errorf("commitment: no schedule")
	}
	if v := reflect.ValueOf(s); v.Kind() == reflect.Pointer && v.IsNil() {
		return 0, fmt.Errorf("commitment: no schedule (a nil %T)", s)
	}
	if n < 1 {
		return 0, fmt.Errorf("commitment: interval n = %d must be ≥ 1", n)
	}
	return commitmentLength(s, n)
}

// maxStages is the longest commitment or meta-interval in stages: 2^40,
// or a quarter of the largest int where int has 32 bits, so that a value
// converts to int and a few of them add up without overflowing (on 386 a
// commitment of 3e9 stages wrapped negative and was clamped to 1).
const maxStages = min(1<<40, math.MaxInt/4)

// maxStagesText is maxStages as the errors write it.
var maxStagesText = map[bool]string{true: "2^40", false: strconv.Itoa(maxStages)}[maxStages == 1<<40]

// commitmentLength turns the commitment schedule's value at interval n into
// a number of stages: rounded up, at least 1.
func commitmentLength(s loop.Schedule, n int) (int, error) {
	v := s.At(n)
	if math.IsNaN(v) || math.IsInf(v, 0) || v > maxStages {
		return 0, fmt.Errorf("commitment k_%d = %g is not a usable number of stages (a finite number up to %s)", n, v, maxStagesText)
	}
	k := int(math.Ceil(v))
	if k < 1 {
		k = 1
	}
	return k, nil
}
