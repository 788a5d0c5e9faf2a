package repro

import "testing"

// TestPMNoNegativeZero51: a mean (or a lone seed's value) that rounds to
// zero at 4 decimals is written "0.0000", not "-0.0000" (the duopoly,
// Hi-C and negotiation tables printed a sign on a zero).
func TestPMNoNegativeZero51(t *testing.T) {
	for _, c := range []struct {
		v    []float64
		want string
	}{
		{[]float64{-3e-7, 1e-7}, "(-1.0 ± 2.8)e-7"}, // a mean below 10⁻⁵ beside such an sd takes its power of ten
		{[]float64{-1e-7}, "0.0000 (1 seed)"},
		{[]float64{math0()}, "0.0000 (1 seed)"},
		{[]float64{-0.25, -0.75}, "-0.50 ± 0.35"},
		{[]float64{-0.00006}, "-0.0001 (1 seed)"},
	} {
		if got := pm(c.v); got != c.want {
			t.Errorf("pm(%v) = %q, want %q", c.v, got, c.want)
		}
	}
}

// math0 is −0.
func math0() float64 { z := 0.0; return -z }
