package runplot

import "testing"

// TestAxisName: a step column is named by what it counts, as the
// reproductions' figures name their x axes; another column by its name.
func TestAxisName(t *testing.T) {
	for _, c := range []struct {
		col  string
		hic  bool
		want string
	}{
		{"steps", false, "environment steps"},
		{"iter", false, "iteration"},
		{"iter", true, "stage"},
		{"n", false, "meta-interval"},
		{"stage", false, "stage"},
		{"epoch", false, "epoch"},
		{"x0", false, "x0"},
	} {
		if got := AxisName(c.col, c.hic); got != c.want {
			t.Errorf("AxisName(%q, %v) = %q; want %q", c.col, c.hic, got, c.want)
		}
	}
	if got := axisNames([]string{"stage", "iteration", "stage"}); got != "iteration or stage" {
		t.Errorf("axisNames: %q; want iteration or stage", got)
	}
}
