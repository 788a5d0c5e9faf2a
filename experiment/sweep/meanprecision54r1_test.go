package sweep

import (
	"strings"
	"testing"
)

// TestMeanTextEdgeCases54r1: the mean's extra digits never go beyond what
// float64 holds or into a row of hundreds of digits, and an sd of 0 (seeds
// that agree exactly: a deterministic run's every seed) no longer writes
// the mean rounded to four digits as if it were exact.
func TestMeanTextEdgeCases54r1(t *testing.T) {
	for _, c := range []struct {
		v    []float64
		want string
	}{
		// sd 0: 1799.99 on every seed was written "1800 ± 0", a mean the
		// seeds miss exactly; the mean's shortest exact form instead.
		{[]float64{1799.99, 1799.99}, "1799.99 ± 0"},
		// sd 0 where four digits are the mean exactly: as before.
		{[]float64{2, 2, 2}, "2 ± 0"},
		{[]float64{-0.5, -0.5}, "-0.5 ± 0"},
		// Seeds that agree exactly give their value and sd 0: 3 × 0.1
		// summed and divided averages to 0.10000000000000002
		// (0.30000000000000004/3), sd 1.7e-17, which the extra digits
		// showed ("0.10000000000000002 ± 1.7e-17").
		{[]float64{0.1, 0.1, 0.1}, "0.1 ± 0"},
		{[]float64{1799.9999500271, 1799.9999500271, 1799.9999500271}, "1799.9999500271 ± 0"},
		// Seeds one ulp apart: the sd's third digit lies at 1e-19,
		// beyond float64's 17 significant digits (written
		// "0.1000000000000000194", the last two digits invented): every
		// digit float64 has, no more.
		{[]float64{0.1, 0.1, 0.10000000000000002}, "0.10000000000000002 ± 1.39e-17"},
		// Two means one ulp (16384) apart at 10²⁰: the mean rounds to
		// 1e+20, sd 16384; the sd's third digit (at 100) asks for 19
		// significant digits, float64 holds 17: the shortest exact form
		// (a row of 21 digits before).
		{[]float64{1e20, 1e20 + 16384}, "1e+20 ± 1.64e+04"},
		// A mean of 1.2e300 with sd 7e292: the sd's third digit is at
		// 10^290, eleven significant digits; written as 301 digits before,
		// in exponent form now.
		{[]float64{1.2345678e300, 1.2345679e300}, "1.2345678500e+300 ± 7.07e+292"},
		{[]float64{-1.2345678e300, -1.2345679e300}, "-1.2345678500e+300 ± 7.07e+292"},
	} {
		got := pmOrDash(c.v)
		if got != c.want {
			t.Errorf("pmOrDash(%v) = %q; want %q", c.v, got, c.want)
		}
		if mean, _, _ := strings.Cut(got, " ± "); len(strings.TrimLeft(mean, "-")) > 24 {
			t.Errorf("pmOrDash(%v): mean %q has %d characters", c.v, mean, len(mean))
		}
	}
}
