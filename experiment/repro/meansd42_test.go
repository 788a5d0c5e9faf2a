package repro

import (
	"math"
	"testing"
)

// TestMeanSDNoOverflow42: MeanSD's sum overflowed for values near the
// float64 limit, and its squared deviations from about 1.3e154 on, so
// that the RL table printed "3.333e+307 ± +Inf [-Inf, +Inf]" for the
// finals {1e308, 120, 130} (a diverged run beside two ordinary ones),
// and three finals of 1e308 had mean +Inf. Wanted values: scipy 1.10.1,
// numpy.mean(x/s)*s and scipy.stats.tstd(x/s)*s (ddof = 1) with the
// scale s = 1e308 or 1e154, where neither overflows. Tolerance 1e-12
// relative.
func TestMeanSDNoOverflow42(t *testing.T) {
	for _, tc := range []struct {
		x        []float64
		mean, sd float64
	}{
		{[]float64{1e308, 1e308, 1e308}, 1e308, 0},
		{[]float64{1e308, -1e308}, 0, 1.4142135623730951e308},
		{[]float64{1e308, 120, 130}, 3.333333333333333e307, 5.773502691896258e307},
		{[]float64{1.5e154, -1.5e154, 0}, 0, 1.5e154},
	} {
		m, sd := MeanSD(tc.x)
		if !near(m, tc.mean) || !near(sd, tc.sd) {
			t.Errorf("MeanSD(%v) = %v, %v; want %v, %v", tc.x, m, sd, tc.mean, tc.sd)
		}
	}
	// The table's cell, from the same values: finite sd and interval
	// (t_{2, 0.975} = 4.302652729911275, scipy.stats.t.ppf(0.975, 2)).
	h := 4.302652729911275 * (5.773502691896258e307 / math.Sqrt(3))
	// Tolerance 1e-9 relative: gonum's t quantile is within about 1e-11 of
	// scipy's.
	_, lo, hi := MeanCI([]float64{1e308, 120, 130}, 0.95)
	if r := 1e-9 * 1.8e308; !(math.Abs(lo-(3.333333333333333e307-h)) <= r && math.Abs(hi-(3.333333333333333e307+h)) <= r) {
		t.Errorf("MeanCI({1e308, 120, 130}) = [%v, %v]; want [%v, %v]", lo, hi, 3.333333333333333e307-h, 3.333333333333333e307+h)
	}
}

// near reports that a and b are finite and |a − b| ≤ 1e-12·max(|a|, |b|).
func near(a, b float64) bool {
	if math.IsInf(a, 0) || math.IsInf(b, 0) || math.IsNaN(a) || math.IsNaN(b) {
		return false
	}
	return math.Abs(a-b) <= 1e-12*math.Max(math.Abs(a), math.Abs(b))
}
