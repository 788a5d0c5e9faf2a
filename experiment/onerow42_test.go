package experiment

import (
	"testing"

	"github.com/stackel/stackel/ad"
)

// TestConfigOneRowMatrixIndexesRows: params: {M: [[1, 2]]} is a matrix of
// one row, and sum(M[0]*y) at y = (1, 1) is 1 + 2 = 3. It was 2: the 1×2
// tensor was read as the vector [1, 2], M[0] its first element, without a
// word. Written as [1, 2], M[0] is still the first element.
func TestConfigOneRowMatrixIndexesRows(t *testing.T) {
	for _, c := range []struct {
		m    string
		want float64
	}{{"[[1, 2]]", 3}, {"[1, 2]", 2}} {
		cfg, err := ParseConfig([]byte("game:\n  sense: cost\n  dims: [1, 2]\n  f1: sum(M[0]*y)\n  f2: sum(y*y)\n  params: {M: " + c.m + "}\n"))
		if err != nil {
			t.Fatal(err)
		}
		g, err := BuildGame(cfg.Game)
		if err != nil {
			t.Fatal(err)
		}
		tp := ad.NewTape()
		f1 := g.F1(tp.Var(ad.NewTensor(1, 1, []float64{0})), tp.Var(ad.NewTensor(1, 2, []float64{1, 1})))
		if got := f1.Scalar(); got != c.want {
			t.Errorf("M: %s: f1 = %g, want %g", c.m, got, c.want)
		}
	}
}
