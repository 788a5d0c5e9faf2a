package sweep

import (
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestReadColumnsRepeatedRows56fig: the rows whose NaN ReadColumns gives
// as the previous value are listed per column (the opening NaNs, which
// stay NaN, are not), and Data is as before: each such row the value of
// the row before it.
func TestReadColumnsRepeatedRows56fig(t *testing.T) {
	path := filepath.Join(t.TempDir(), "metrics.csv")
	text := "iter,a,b,c\n0,NaN,1,5\n10,2,NaN,6\n20,NaN,3,NaN\n30,4,NaN,NaN\n"
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := ReadColumns(path)
	if err != nil {
		t.Fatal(err)
	}
	nan := math.NaN()
	for i, want := range []struct {
		data     []float64
		repeated []int
	}{
		{[]float64{0, 10, 20, 30}, nil},
		{[]float64{nan, 2, 2, 4}, []int{2}},
		{[]float64{1, 1, 3, 3}, []int{1, 3}},
		{[]float64{5, 6, 6, 6}, []int{2, 3}},
	} {
		if !slices.EqualFunc(c.Data[i], want.data, func(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }) {
			t.Errorf("column %s: %v, want %v", c.Header[i], c.Data[i], want.data)
		}
		var got []int
		if i < len(c.Repeated) {
			got = c.Repeated[i]
		}
		if !slices.Equal(got, want.repeated) {
			t.Errorf("column %s: rows repeated %v, want %v", c.Header[i], got, want.repeated)
		}
	}
}
