package sweep

import "testing"

// TestMeanKeepsDigitsOfItsSD54: a report cell's mean is written to four
// significant digits unless that rounding is coarser than the sd beside
// it; then it keeps the sd's last digit (the sd's three significant
// digits), so that a grid point whose seeds agree closely does not show a
// mean rounded onto a closed form it misses by several sds. The values are
// those of a Hi-C sweep on a duopoly whose leader's Stackelberg profit is
// 1800: five finals 1799.98965 ± 0.0028 were written "1800 ± 0.0028".
func TestMeanKeepsDigitsOfItsSD54(t *testing.T) {
	for _, c := range []struct {
		v    []float64
		want string
	}{
		// mean 1799.98965452…, sd 0.00280403… (%.3g: 0.0028): the sd's
		// third significant digit is at 1e-5.
		{[]float64{1799.989672603383, 1799.9858, 1799.9935, 1799.9887, 1799.9906}, "1799.98965 ± 0.0028"},
		// The usual case keeps %.4g: 2 ± 1.41 (report_test's cells).
		{[]float64{1, 3}, "2 ± 1.41"},
		{[]float64{10, 20}, "15 ± 7.07"},
		// sd 0.1 not below the mean's last place (0.1 at 4 digits of
		// 100.07…): %.4g.
		{[]float64{100.0, 100.1414213562373095}, "100.1 ± 0.1"},
		// Identical seeds (sd 0): the mean's shortest exact form where
		// four digits would round it (TestMeanTextEdgeCases54r1).
		{[]float64{1799.99, 1799.99}, "1799.99 ± 0"},
		// A negative mean of large magnitude (%.4g: -1.235e+05, its last
		// place 100), sd 0.5: three decimals.
		{[]float64{-123456.0, -123456.5, -123457.0}, "-123456.500 ± 0.5"},
		// A mean of 10⁹ with sd 7071 (%.4g: 1.235e+09, last place 10⁶):
		// to the hundreds, the sd's third digit.
		{[]float64{1234500000, 1234510000}, "1234505000 ± 7.07e+03"},
		// An sd whose third digit lies beyond 20 decimals: the mean's
		// shortest exact form, every digit float64 has.
		{[]float64{1e-10, 1e-10 + 1e-25}, "1.0000000000000004e-10 ± 6.46e-26"},
		{[]float64{5}, "5"},
		{nil, "—"},
	} {
		if got := pmOrDash(c.v); got != c.want {
			t.Errorf("pmOrDash(%v) = %q; want %q", c.v, got, c.want)
		}
	}
}
