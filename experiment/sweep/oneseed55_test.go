package sweep

import "testing"

// TestOneSeedCellExact55: a grid point with one seed wrote its value to
// four significant digits (%.4g: a Hi-C leader's profit 1799.98965 as
// 1800, a closed form it misses), where several seeds that agree exactly
// write their mean's shortest exact form. One seed's value is written as
// those are now, without the "± 0" that one seed has no sd for: four
// digits where they are the value exactly, else every digit float64
// needs to give it back.
func TestOneSeedCellExact55(t *testing.T) {
	for _, c := range []struct {
		v    float64
		want string
	}{
		{1799.98965, "1799.98965"},
		{0.1, "0.1"},
		{2, "2"},
		{-7.55831, "-7.55831"},
		{1234567, "1.234567e+06"}, // shortest exact form, as strconv writes it
		{1.5e-7, "1.5e-07"},
		{1.0000000000000004e-10, "1.0000000000000004e-10"},
		{0, "0"},
		{-1, "-1"},
	} {
		if got := pmOrDash([]float64{c.v}); got != c.want {
			t.Errorf("pmOrDash([%v]) = %q; want %q", c.v, got, c.want)
		}
		// The same text as two seeds with that value, less " ± 0".
		if two := pmOrDash([]float64{c.v, c.v}); two != c.want+" ± 0" {
			t.Errorf("pmOrDash([%v %v]) = %q; want %q", c.v, c.v, two, c.want+" ± 0")
		}
	}
}
