package ad

import (
	"fmt"
	"testing"
)

// TestRowColMeansEmptyPanics: RowMeans of an x with no columns (3×0, 0×0)
// and ColMeans of one with no rows (0×3, 0×0) gave NaN silently (sums of
// 0 scaled by 1/0); like Mean, RowMax and ColMax they now panic naming the
// op and the shape. The shapes that have means keep them: RowMeans of 0×3
// is the empty 0×1, ColMeans of 3×0 the empty 1×0, and a 2×3 has row
// means (2, 5) and column means (2.5, 3.5, 4.5), exactly.
func TestRowColMeansEmptyPanics(t *testing.T) {
	try := func(f func(*Node) *Node, r, c int) (msg string) {
		defer func() {
			if p := recover(); p != nil {
				msg = fmt.Sprint(p)
			}
		}()
		v := f(NewTape().Const(NewTensor(r, c, nil))).Value()
		return fmt.Sprintf("no panic, %dx%d %v", v.Rows, v.Cols, v.Data)
	}
	for _, c := range []struct {
		name string
		f    func(*Node) *Node
		r, c int
		want string
	}{
		{"RowMeans", RowMeans, 3, 0, "ad.RowMeans: no columns in 3x0"},
		{"RowMeans", RowMeans, 0, 0, "ad.RowMeans: no columns in 0x0"},
		{"ColMeans", ColMeans, 0, 3, "ad.ColMeans: no rows in 0x3"},
		{"ColMeans", ColMeans, 0, 0, "ad.ColMeans: no rows in 0x0"},
		{"RowMeans", RowMeans, 0, 3, "no panic, 0x1 []"},
		{"ColMeans", ColMeans, 3, 0, "no panic, 1x0 []"},
	} {
		if got := try(c.f, c.r, c.c); got != c.want {
			t.Errorf("%s of %dx%d: %s; want %q", c.name, c.r, c.c, got, c.want)
		}
	}
	tp := NewTape()
	x := tp.Const(NewTensor(2, 3, []float64{1, 2, 3, 4, 5, 6}))
	if got := fmt.Sprint(RowMeans(x).Value().Data, ColMeans(x).Value().Data); got != "[2 5] [2.5 3.5 4.5]" {
		t.Errorf("RowMeans, ColMeans of [1 2 3; 4 5 6] = %s, want [2 5] [2.5 3.5 4.5]", got)
	}
}
