package plot

import (
	"slices"
	"testing"

	gplot "gonum.org/v1/plot"
)

// TestIntegerAxisWithoutIntegersIsTicked48i: an axis marked as counts
// (Frame.XIntegers, YIntegers) whose range holds no integer had no tick
// at all, since only Lines widens such a range to the integers around
// it: a Phase figure (or a Field's Region) with XIntegers over x in
// [0.5, 0.7] drew a bare axis. Such an axis is now ticked as any other
// (niceTicks without integers); a range holding an integer keeps
// integer ticks.
func TestIntegerAxisWithoutIntegersIsTicked48i(t *testing.T) {
	labels := func(ts []gplot.Tick) []string {
		var out []string
		for _, tk := range ts {
			if tk.Label != "" {
				out = append(out, tk.Label)
			}
		}
		return out
	}
	p, err := Phase(PhaseFigure{Frame: Frame{XIntegers: true, YIntegers: true}, Paths: []Path{{X: []float64{0.5, 0.7}, Y: []float64{0.5, 0.6}}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, ax := range []*gplot.Axis{&p.X, &p.Y} {
		got := labels(ax.Tick.Marker.Ticks(ax.Min, ax.Max))
		want := labels(niceTicks{}.Ticks(ax.Min, ax.Max))
		if len(want) < 2 || !slices.Equal(got, want) {
			t.Errorf("axis [%g, %g] of counts holding no integer: labels %q, want %q", ax.Min, ax.Max, got, want)
		}
	}
	for _, c := range []struct {
		min, max float64
		want     []string
	}{
		{0.8, 1.3, []string{"1"}},
		{-3.5, -0.5, []string{"-3", "-2", "-1"}},
		{-0.25, 0.25, []string{"0"}},
	} {
		if got := labels(niceTicks{integers: true}.Ticks(c.min, c.max)); !slices.Equal(got, c.want) {
			t.Errorf("integer ticks on [%g, %g]: %q, want %q", c.min, c.max, got, c.want)
		}
	}
}
