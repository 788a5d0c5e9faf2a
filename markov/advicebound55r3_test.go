package markov

import (
	"strconv"
	"strings"
	"testing"
)

// TestAdviceBoundsHoldAsWritten55r3: the factors and the least lambda
// that a refused spec's advice names were written rounded to nearest
// (%.4g, %.3g), often below the true bound: "a factor above 4450" stood
// for 4450.148 and a factor of 4450.1 was refused; "lambda = 0.1: a
// positive lambda must be at least 0.1". Each number the advice writes
// is now rounded up: the spec scaled by the number written, times
// 1 + 1e-9, is accepted (lambda: the number written itself), and it is
// within 0.1 % (4 digits) or 1 % (3 digits) of the true bound, so that
// the true bound less 0.1 % stays refused (TestLambdaRatioAdvice55).
func TestAdviceBoundsHoldAsWritten55r3(t *testing.T) {
	spec := func(gamma string, lambda, r2 float64) string {
		return "gamma: " + gamma + "\nlambda: " + strconv.FormatFloat(lambda, 'g', -1, 64) + "\nstates: 1\nactions: [2, 2]\nrho: [1]\n" +
			"P: [[[[1], [1]], [[1], [1]]]]\n" +
			"R1:\n  - [[0, 1], [1, 0]]\n" +
			"R2:\n  - [[0, " + strconv.FormatFloat(r2, 'g', -1, 64) + "], [0, 1]]\n"
	}
	// number is the number written after prefix in msg, up to a space
	// or a comma.
	number := func(t *testing.T, msg, prefix string) float64 {
		t.Helper()
		_, after, ok := strings.Cut(msg, prefix)
		if !ok {
			t.Fatalf("error %q lacks %q", msg, prefix)
		}
		w := strings.FieldsFunc(after, func(r rune) bool { return r == ' ' || r == ',' })[0]
		x, err := strconv.ParseFloat(w, 64)
		if err != nil {
			t.Fatalf("error %q: %q after %q is no number", msg, w, prefix)
		}
		return x
	}
	for _, c := range []struct {
		name, gamma     string
		lambda, r2      float64
		prefix          string
		scaleR2, scaleL bool    // what the factor divides
		lambda0         bool    // lambda set to 0
		at              bool    // the number is the least lambda itself
		truth           float64 // the true bound, computed by hand
		digits          float64 // the rounding allowed: 1e-3 for 4 digits, 1e-2 for 3
	}{
		// 1e308/(0.1·0.01·MaxFloat64/8) = 4450.148.
		{"R2 alone", "0.99", 0.1, 1e308, "scale R2 alone down by a factor above ", true, false, false, false, 4450.148, 1e-3},
		// 1e308/(0.01·MaxFloat64/1.001) = 55.6825 (lambda 0).
		{"lambda 0", "0.99", 0.1, 1e308, "and scale R2 down by a factor above ", true, false, true, false, 55.6825, 1e-3},
		// (1e308 + 1e307·ln 2)/(0.1·MaxFloat64/1.001) = 5.954209.
		{"common factor", "0.9", 1e307, 1e308, "the same factor, above ", true, true, false, false, 5.954209, 1e-3},
		// R2 = 1e308/4450: 4450·MinLambda's bound over 1e308/4450.148,
		// i.e. lambda must be 0.1000033 (was written "at least 0.1").
		{"least lambda", "0.99", 0.1, 1e308 / 4450, "must be at least ", false, false, false, true, 0.1 * 4450.148 / 4450, 1e-2},
		// and R2 down by 4450.148/4450 = 1.0000333 (was "above 1").
		{"R2 to keep lambda", "0.99", 0.1, 1e308 / 4450, "or scale R2 down by a factor above ", true, false, false, false, 4450.148 / 4450, 1e-3},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseGame([]byte(spec(c.gamma, c.lambda, c.r2)))
			if err == nil {
				t.Fatal("accepted")
			}
			p := number(t, err.Error(), c.prefix)
			if p < c.truth*(1-1e-6) || p > c.truth*(1+c.digits) {
				t.Errorf("written %v, want within [%g, %g] (the true bound %g rounded up)", p, c.truth, c.truth*(1+c.digits), c.truth)
			}
			lambda, r2 := c.lambda, c.r2
			switch {
			case c.at:
				lambda = p
			default:
				f := p * (1 + 1e-9)
				if c.scaleR2 {
					r2 /= f
				}
				if c.scaleL {
					lambda /= f
				}
				if c.lambda0 {
					lambda = 0
				}
			}
			if _, err := ParseGame([]byte(spec(c.gamma, lambda, r2))); err != nil {
				t.Errorf("written %v, taken as written (lambda %v, R2 %v): %v", p, lambda, r2, err)
			}
		})
	}
}
