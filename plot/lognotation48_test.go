package plot

import (
	"slices"
	"testing"
)

// TestLogTicksOneNotation: a LogY axis reaching past 1e±4 wrote its
// powers in two notations, "0.0001" and "10000" beside "1e-8" and "1e8"
// (stac-toy's error and return figures: "0.001" above "1e-6"). Such an
// axis now writes every power as "1eN" but 1 itself; an axis within
// 1e±4 keeps its decimals.
func TestLogTicksOneNotation(t *testing.T) {
	labels := func(min, max float64) []string {
		var got []string
		for _, tk := range (log10Ticks{}).Ticks(min, max) {
			if tk.Label != "" {
				got = append(got, tk.Label)
			}
		}
		return got
	}
	for _, c := range []struct {
		min, max float64
		want     []string
	}{
		{-12, 12, []string{"1e-12", "1e-8", "1e-4", "1", "1e4", "1e8", "1e12"}},
		{-6, 0, []string{"1e-6", "1e-5", "1e-4", "1e-3", "1e-2", "1e-1", "1"}},
		{0, 6, []string{"1", "1e1", "1e2", "1e3", "1e4", "1e5", "1e6"}},
		// One decade, labelled at 1, 2 and 5: 2e-5, 5e-5, then 1e-4.
		{-4.8, -3.9, []string{"2e-5", "5e-5", "1e-4"}},
		// Within 1e±4: decimals, as before.
		{-2.1, 1.1, []string{"0.01", "0.1", "1", "10"}},
		{-4, 4, []string{"0.0001", "0.01", "1", "100", "10000"}},
	} {
		if got := labels(c.min, c.max); !slices.Equal(got, c.want) {
			t.Errorf("log ticks over [10^%g, 10^%g]: %q, want %q", c.min, c.max, got, c.want)
		}
	}
}
