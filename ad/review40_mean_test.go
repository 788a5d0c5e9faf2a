package ad

import (
	"fmt"
	"testing"
)

// TestMeanEmptyPanics: Mean of an empty tensor (0×3, 2×0) has no value;
// it returned NaN silently (Sum 0 scaled by 1/0), and now panics naming
// the op and the shape, as Max does. A 1×1 and a 2×3 keep their means.
func TestMeanEmptyPanics(t *testing.T) {
	for _, sh := range [][2]int{{0, 3}, {2, 0}, {0, 0}} {
		got := func() (msg string) {
			defer func() {
				if r := recover(); r != nil {
					msg = fmt.Sprint(r)
				}
			}()
			tp := NewTape()
			v := Mean(tp.Const(NewTensor(sh[0], sh[1], nil)))
			return fmt.Sprintf("no panic, value %v", v.Value().Data)
		}()
		if want := fmt.Sprintf("ad.Mean: no elements in %dx%d", sh[0], sh[1]); got != want {
			t.Errorf("Mean of %dx%d: %s; want the panic %q", sh[0], sh[1], got, want)
		}
	}
	tp := NewTape()
	if v := Mean(tp.Const(NewTensor(2, 3, []float64{1, 2, 3, 4, 5, 6}))).Value().Data[0]; v != 3.5 {
		t.Errorf("Mean of 1…6 = %v, want 3.5", v)
	}
	if v := Mean(tp.Const(NewTensor(1, 1, []float64{-2}))).Value().Data[0]; v != -2 {
		t.Errorf("Mean of [-2] = %v, want -2", v)
	}
}
