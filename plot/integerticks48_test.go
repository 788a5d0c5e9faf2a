package plot

import (
	"fmt"
	"slices"
	"testing"

	gplot "gonum.org/v1/plot"
)

// tickValues returns the values of ticks, and those of the labelled ones
// with their labels (−0 as 0: the same place).
func tickValues(ticks []gplot.Tick) (all []float64, labelled []string) {
	for _, t := range ticks {
		v := t.Value + 0
		all = append(all, v)
		if t.Label != "" {
			labelled = append(labelled, fmt.Sprintf("%g:%s", v, t.Label))
		}
	}
	return all, labelled
}

// TestIntegerTicks: an axis of counts (negotiation-schedules' 4
// meta-intervals) was ticked at 1.5, 2.5, …, and labelled "1.0", "2.0";
// with XIntegers its ticks, labelled or not, are whole numbers only.
func TestIntegerTicks(t *testing.T) {
	for _, c := range []struct {
		min, max float64
		all      []float64
		labelled []string
	}{
		{0, 1, []float64{0, 1}, []string{"0:0", "1:1"}},
		{1, 4, []float64{1, 2, 3, 4}, []string{"1:1", "2:2", "3:3", "4:4"}},
		{0, 3, []float64{0, 1, 2, 3}, []string{"0:0", "1:1", "2:2", "3:3"}},
		{0.5, 2.5, []float64{1, 2}, []string{"1:1", "2:2"}},
		// (step 2.5 on a linear axis: 2 with its minor tick at 1 here)
		{0, 14, []float64{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14}, []string{"0:0", "2:2", "4:4", "6:6", "8:8", "10:10", "12:12", "14:14"}},
		{0, 17, nil, []string{"0:0", "5:5", "10:10", "15:15"}},
		{1, 1e6, nil, []string{"200000:2e5", "400000:4e5", "600000:6e5", "800000:8e5", "1e+06:1e6"}},
	} {
		all, labelled := tickValues(niceTicks{integers: true}.Ticks(c.min, c.max))
		for _, v := range all {
			if v != float64(int64(v)) {
				t.Errorf("Ticks(%v, %v): tick at %v, not an integer", c.min, c.max, v)
			}
		}
		if c.all != nil && !slices.Equal(all, c.all) {
			t.Errorf("Ticks(%v, %v) at %v, want %v", c.min, c.max, all, c.all)
		}
		if !slices.Equal(labelled, c.labelled) {
			t.Errorf("Ticks(%v, %v) labelled %q, want %q", c.min, c.max, labelled, c.labelled)
		}
	}
}

// TestIntegerAxisLines: a Lines figure with XIntegers (or YIntegers)
// ticks that axis at integers only, and spans at least two of them even
// for one point or values between two integers.
func TestIntegerAxisLines(t *testing.T) {
	for _, c := range []struct {
		name     string
		x, y     []float64
		xs, ys   []string // labelled ticks of each axis
		xOnly    bool
		min, max float64 // the x range
	}{
		{"4 meta-intervals", []float64{1, 2, 3, 4}, []float64{0.48, 0.49, 0.49, 0.5}, []string{"1:1", "2:2", "3:3", "4:4"}, nil, true, 1, 4},
		{"2 points over 0..3", []float64{0, 3}, []float64{0, 3}, []string{"0:0", "1:1", "2:2", "3:3"}, []string{"0:0", "1:1", "2:2", "3:3"}, false, 0, 3},
		{"one point", []float64{1}, []float64{2}, []string{"0:0", "1:1", "2:2"}, []string{"1:1", "2:2", "3:3"}, false, 0, 2},
		{"between integers", []float64{0.2, 0.7}, []float64{5, 5.5}, []string{"0:0", "1:1"}, []string{"4:4", "5:5", "6:6"}, false, 0, 1},
	} {
		f := LinesFigure{Frame: Frame{XIntegers: true, YIntegers: !c.xOnly}, Series: []Series{{Name: "s", X: c.x, Y: c.y}}}
		p, err := Lines(f)
		if err != nil {
			t.Fatal(err)
		}
		if p.X.Min != c.min || p.X.Max != c.max {
			t.Errorf("%s: x range [%v, %v], want [%v, %v]", c.name, p.X.Min, p.X.Max, c.min, c.max)
		}
		_, xs := tickValues(p.X.Tick.Marker.Ticks(p.X.Min, p.X.Max))
		if !slices.Equal(xs, c.xs) {
			t.Errorf("%s: x labelled %q, want %q", c.name, xs, c.xs)
		}
		if c.ys != nil {
			_, ys := tickValues(p.Y.Tick.Marker.Ticks(p.Y.Min, p.Y.Max))
			if !slices.Equal(ys, c.ys) {
				t.Errorf("%s: y labelled %q (range [%v, %v]), want %q", c.name, ys, p.Y.Min, p.Y.Max, c.ys)
			}
		}
	}
	_, err := Lines(LinesFigure{Frame: Frame{YIntegers: true}, LogY: true, Series: []Series{{Name: "s", Y: []float64{1, 10}}}})
	if want := "plot: Lines: YIntegers with LogY (a log axis is ticked at powers of ten)"; err == nil || err.Error() != want {
		t.Errorf("YIntegers with LogY: error %v, want %q", err, want)
	}
}
