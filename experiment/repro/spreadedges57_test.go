package repro

import (
	"math"
	"testing"
)

// TestFormatPMEdges: the edges of the tables' rule. An sd that rounds
// below 10⁻⁵ keeps its two significant digits in e-notation ("0.000007"
// was printed for 7e-6, "0.000010" for 9.9e-6, "1e-07" for 1e-7); an sd
// whose second digit is in the thousands or coarser writes the mean, sd
// and interval with the sd's power of ten ("-16000000 ± 43000000" hid its
// two digits; 1.23456789e22 printed float noise), a power lower where
// only there the mean keeps two digits; a mean beside an exact
// 0 above 10⁶ no longer mixes notations ("1.23457e+06 ± 0"); an interval
// end clipped to the task's returns is written as that bound ("[-1000,
// 1000]" outside [-500, 500]). Strings compared exactly.
func TestFormatPMEdges(t *testing.T) {
	inf := math.Inf(1)
	for _, c := range []struct {
		mean, sd float64
		ci       *ciBounds
		want     string
	}{
		{1000, 7e-6, nil, "1000.000000 ± 7.0e-06"},
		{1000, 9.9e-6, nil, "1000.000000 ± 9.9e-06"},
		{1000, 9.96e-6, nil, "1000.000000 ± 0.000010"}, // rounds to 1.0e-5: six decimals show it
		{1000, 1e-5, nil, "1000.000000 ± 0.000010"},
		{1000, 4.9e-6, nil, "1000.000000 ± 4.9e-06"},
		{1000, 1e-7, nil, "1000.000000 ± 1.0e-07"},
		{3, 1234, nil, "0 ± 1200"},
		{1234.5, 99.5, nil, "1230 ± 100"},
		{1.23456e7, 3.3, nil, "12345600.0 ± 3.3"},
		{-16.28e6, 42.6e6, &ciBounds{lo: -55.8e6, hi: 23.3e6}, "(-1.6 ± 4.3)e7 [-5.6e7, 2.3e7]"},
		{-40000, 110000, nil, "(-4.0 ± 11)e4"},
		{1.23456e7, 1.2e5, nil, "(123.5 ± 1.2)e5"},
		{12345, 9960, nil, "(1.2 ± 1.0)e4"},
		{1.23456789e22, 1.1e21, nil, "(12.3 ± 1.1)e21"},
		{-3, 12000, nil, "(0.0 ± 1.2)e4"},
		{1234567, 0, nil, "(1.23457 ± 0)e6"},
		{1234567, 0, &ciBounds{lo: 1234567, hi: 1234567}, "(1.23457 ± 0)e6 [1.23457e6, 1.23457e6]"},
		{266.7778, 0, nil, "266.778 ± 0"},
		{0, 0, nil, "0 ± 0"},
		{450, 15000, &ciBounds{lo: -500, hi: 500, loClipped: true, hiClipped: true}, "(0.0 ± 1.5)e4 [-500, 500]"},
		{480, 20, &ciBounds{lo: 455.2, hi: 500, hiClipped: true}, "480 ± 20 [455, 500]"},
		{-150, 150, &ciBounds{lo: -336, hi: 0, hiClipped: true}, "-150 ± 150 [-340, 0]"},
		{123, 1e-7, &ciBounds{lo: 123 - 1e-7, hi: 123 + 1e-7}, "123.000000 ± 1.0e-07 [123.000000, 123.000000]"},
		{123, 0.25, &ciBounds{lo: 122.5, hi: 123.4, hiClipped: true}, "123.00 ± 0.25 [122.50, 123.4]"},
		{1, inf, nil, "1 ± +Inf"},
	} {
		if got := formatPM(c.mean, c.sd, c.ci); got != c.want {
			t.Errorf("formatPM(%g, %g, %+v) = %q, want %q", c.mean, c.sd, c.ci, got, c.want)
		}
	}
}
