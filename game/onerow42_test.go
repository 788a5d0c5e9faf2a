package game

import (
	"testing"

	"github.com/stackel/stackel/ad"
)

// TestOneRowMatrixIndexesRows: a parameter named in Matrices indexes by
// rows with one row too. M = [[1, 2]] and f1 = sum(M[0]*y) at y = (1, 1)
// is 1 + 2 = 3; the same 1×2 tensor as a vector (not in Matrices) reads
// M[0] as its first element, sum(1·y) = 2 — what a config's [[1, 2]]
// gave before, without a word.
func TestOneRowMatrixIndexesRows(t *testing.T) {
	spec := func(matrices []string, f1 string) FormulaSpec {
		return FormulaSpec{Sense: Cost, Dims: [2]int{1, 2}, F1: f1, F2: "sum(y*y) + 0*sum(M[0])",
			Params: map[string]ad.Tensor{"M": ad.NewTensor(1, 2, []float64{1, 2})}, Matrices: matrices}
	}
	for _, c := range []struct {
		matrices []string
		want     float64
	}{{[]string{"M"}, 3}, {nil, 2}} {
		g, err := NewFormula(spec(c.matrices, "sum(M[0]*y)"))
		if err != nil {
			t.Fatal(err)
		}
		assertAbs(t, "f1", evalAD(g, []float64{0}, []float64{1, 1}, false).f1, c.want, 0)
	}
	// Row by row: M[0][1] is 2, M[1] is out of range.
	g, err := NewFormula(spec([]string{"M"}, "M[0][1]*y[0]"))
	if err != nil {
		t.Fatal(err)
	}
	assertAbs(t, "M[0][1]*y[0]", evalAD(g, []float64{0}, []float64{1, 1}, false).f1, 2, 0)
	_, err = NewFormula(spec([]string{"M"}, "sum(M[1]*y)"))
	assertErr(t, err, `row index 1 out of range for "M" (1 rows)`)
	_, err = NewFormula(spec([]string{"N"}, "sum(M[0]*y)"))
	assertErr(t, err, `matrices: "N" is not a parameter`)
}

// TestWrittenAsRows: which decoded values are lists of rows.
func TestWrittenAsRows(t *testing.T) {
	for _, c := range []struct {
		v    any
		want bool
	}{
		{[]any{[]any{1.0, 2.0}}, true},
		{[][]float64{{1, 2}}, true},
		{[]any{1.0, 2.0}, false},
		{[]float64{1, 2}, false},
		{1.0, false},
		{[]any{}, false},
	} {
		if got := WrittenAsRows(c.v); got != c.want {
			t.Errorf("WrittenAsRows(%v) = %v, want %v", c.v, got, c.want)
		}
	}
}
