package plot

import (
	"math"
	"reflect"
	"strconv"
	"testing"
)

// TestTickDecimals50: the decimals of a tick label were those of the step
// measured against 1e-9 of the step, which the rounding error of
// step·10^k never met for steps from 1e-11 down: every label got the cap
// of 15 decimals ("1.000000000020000" over [1, 1+1e-10]), and ticks
// 5e-16 apart (over [0.001, 0.001+2e-15]) read alike, "0.001000000000001"
// twice. Labels now have the step's decimals; a sweep over offsets and
// widths checks that labels are distinct, increase, and read back as
// their tick's value to 1e-6 of the range (plus 1e-15 of the offset, the
// float64 rounding of the tick itself).
func TestTickDecimals50(t *testing.T) {
	labels := func(lo, hi float64) []string {
		var out []string
		for _, tk := range (niceTicks{}).Ticks(lo, hi) {
			if tk.Label != "" {
				out = append(out, tk.Label)
			}
		}
		return out
	}
	for _, c := range []struct {
		lo, hi float64
		want   []string
	}{
		{1, 1 + 1e-10, []string{"1.00000000000", "1.00000000002", "1.00000000004", "1.00000000006", "1.00000000008", "1.00000000010"}},
		{-1, -1 + 1e-10, []string{"-1.00000000000", "-0.99999999998", "-0.99999999996", "-0.99999999994", "-0.99999999992", "-0.99999999990"}},
		{0.1, 0.1 + 1e-11, []string{"0.100000000000", "0.100000000002", "0.100000000004", "0.100000000006", "0.100000000008", "0.100000000010"}},
		{1e-3, 1e-3 + 2e-15, []string{"0.0010000000000000", "0.0010000000000005", "0.0010000000000010", "0.0010000000000015"}},
		{0, 1, []string{"0", "0.2", "0.4", "0.6", "0.8", "1.0"}},
		{1000, 1000 + 1e-8, []string{"1000.000000000", "1000.000000002", "1000.000000004", "1000.000000006", "1000.000000008", "1000.000000010"}},
	} {
		if got := labels(c.lo, c.hi); !reflect.DeepEqual(got, c.want) {
			t.Errorf("[%v, %v]: labels %q, want %q", c.lo, c.hi, got, c.want)
		}
	}
	for _, a := range []float64{0, 1, -1, 0.1, 3.7, 1e3, -1e3, 12345.678, 1e6, 1e7 + 3, 1e9, 1e12, 1e-3, 2.5e-3, -4e5, 999999, 99999.9} {
		for _, rel := range []float64{1e-12, 1e-11, 1e-10, 1e-9, 1e-7, 1e-5, 1e-3, 0.1, 1, 3, 100, 1e4} {
			d := rel * math.Max(math.Abs(a), 1)
			prev, seen := math.Inf(-1), map[string]bool{}
			for _, tk := range (niceTicks{}).Ticks(a, a+d) {
				if tk.Label == "" {
					continue
				}
				v, err := strconv.ParseFloat(tk.Label, 64)
				if err != nil || seen[tk.Label] || !(v > prev) || !(math.Abs(v-tk.Value) <= 1e-6*d+1e-15*math.Abs(a)) {
					t.Errorf("[%v, %v]: label %q at %v (label before %v)", a, a+d, tk.Label, tk.Value, prev)
				}
				seen[tk.Label], prev = true, v
			}
		}
	}
}
