package repro

import (
	"strings"
	"testing"
)

// TestFormatPMRoundedEdges checks the rounding rule's edges: a mean beside
// an exact 0 that rounds up to 10⁶ takes the shared power of ten (not
// 'g”s "1e+06" beside a plain "± 0"), and a mean below 10⁻⁵ beside an sd
// below 10⁻⁵ is written in the sd's power of ten with its interval, so
// neither rounds to a zero-width "0.000000". Exact strings.
func TestFormatPMRoundedEdges(t *testing.T) {
	tests := []struct {
		name     string
		mean, sd float64
		ci       *ciBounds
		want     string
	}{
		{"exact 0 rounding up to 10⁶", 999999.7, 0, nil, "(1 ± 0)e6"},
		{"negative, exact 0 rounding up to 10⁶", -999999.7, 0, nil, "(-1 ± 0)e6"},
		{"exact 0 just below 10⁶ stays plain", 999999.4, 0, nil, "999999 ± 0"},
		{"tiny mean, tiny sd, interval", -1e-7, 1e-7, &ciBounds{lo: -3e-7, hi: 2e-7}, "(-1.0 ± 1.0)e-7 [-3.0e-7, 2.0e-7]"},
		{"tiny mean, tiny sd", 8e-6, 7e-6, nil, "(8.0 ± 7.0)e-6"},
		{"tiny mean rounding to zero", 1e-9, 7.3e-6, &ciBounds{lo: -1.4e-5, hi: 1.5e-5}, "(0.0 ± 7.3)e-6 [-14.0e-6, 15.0e-6]"},
		{"tiny negative mean rounding to zero, unsigned", -1e-9, 7.3e-6, nil, "(0.0 ± 7.3)e-6"},
		{"larger mean keeps six decimals", 0.5, 7e-6, &ciBounds{lo: 0.499986, hi: 0.500014}, "0.500000 ± 7.0e-06 [0.499986, 0.500014]"},
	}
	for _, tc := range tests {
		if got := formatPM(tc.mean, tc.sd, tc.ci); got != tc.want {
			t.Errorf("%s: formatPM(%g, %g) = %q, want %q", tc.name, tc.mean, tc.sd, got, tc.want)
		}
	}
}

// TestSpreadRuleSaysWhenPowerOfTen checks that the rounding note states
// the shared power of ten's threshold as formatPM applies it: an sd that
// rounds to 10 000 or more, and not a spread of thousands, which is
// written plain (2943 → "2900").
func TestSpreadRuleSaysWhenPowerOfTen(t *testing.T) {
	if got := formatPM(-606, 2943, nil); got != "-600 ± 2900" {
		t.Fatalf("formatPM(-606, 2943) = %q, want plain -600 ± 2900", got)
	}
	if got := formatPM(-606, 9949, nil); got != "-600 ± 9900" {
		t.Fatalf("formatPM(-606, 9949) = %q, want plain -600 ± 9900", got)
	}
	if got := formatPM(-606, 9950, nil); got != "(-0.1 ± 1.0)e4" {
		t.Fatalf("formatPM(-606, 9950) = %q, want (-0.1 ± 1.0)e4", got)
	}
	for name, rule := range map[string]string{"spreadRule": spreadRule, "spreadRuleCI": spreadRuleCI} {
		if strings.Contains(rule, "thousands") {
			t.Errorf("%s says thousands go to a power of ten, but an sd of 2943 is written plain: %q", name, rule)
		}
		if !strings.Contains(rule, "an sd that rounds to 10 000 or more") {
			t.Errorf("%s does not say from which sd the power of ten is shared: %q", name, rule)
		}
	}
}

// TestFormatPMSharedPowerMeanDigits checks that in a shared power of ten a
// mean that would keep one digit at the sd's power ("(-0.4 ± 1.1)e5" for
// −43 200) is written one power lower, where it keeps two, beside the
// sd's two digits ("(-4.3 ± 11)e4"), its interval at the mean's decimal;
// a mean with two digits at the sd's power, or none at either, keeps it.
// Exact strings.
func TestFormatPMSharedPowerMeanDigits(t *testing.T) {
	tests := []struct {
		mean, sd float64
		ci       *ciBounds
		want     string
	}{
		{-43200, 110000, &ciBounds{lo: -146000, hi: 59600}, "(-4.3 ± 11)e4 [-14.6e4, 6.0e4]"},
		{43200, 110000, nil, "(4.3 ± 11)e4"},
		{-9400, 29000, nil, "(-9.4 ± 29)e3"},
		{-58000, 74000, &ciBounds{lo: -126000, hi: 10000}, "(-5.8 ± 7.4)e4 [-12.6e4, 1.0e4]"},
		{-96000, 110000, nil, "(-1.0 ± 1.1)e5"},
		{-16e6, 43e6, &ciBounds{lo: -56e6, hi: 23e6}, "(-1.6 ± 4.3)e7 [-5.6e7, 2.3e7]"},
		{-2000, 110000, nil, "(0.0 ± 1.1)e5"},
		{-8e-7, 7.3e-6, nil, "(-8.0 ± 73)e-7"},
	}
	for _, tc := range tests {
		if got := formatPM(tc.mean, tc.sd, tc.ci); got != tc.want {
			t.Errorf("formatPM(%g, %g) = %q, want %q", tc.mean, tc.sd, got, tc.want)
		}
	}
	// The note printed under the tables says so: the mean there has a
	// decimal more than the sd.
	for name, rule := range map[string]string{"spreadRule": spreadRule, "spreadRuleCI": spreadRuleCI} {
		if !strings.Contains(rule, "(-4.3 ± 11)e4") {
			t.Errorf("%s does not show the power below with the mean's decimal: %q", name, rule)
		}
	}
}
