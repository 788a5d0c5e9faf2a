package game

import (
	"testing"

	"github.com/stackel/stackel/ad"
)

// TestOneRowMatrixExpressionIndexesRows: a one-row parameter named in
// Matrices stays a matrix through parentheses and elementwise operations.
// With M = [[1, 2]] and y = (1, 1), sum(M[0]*y) = 3 read M[0] as the row,
// but (M)[0], (2*M)[0], (-M)[0], pow(M, 1)[0] and (M + 0*y)[0] read element
// 0 of the 1×2 value, giving 2, 4, −2, 2 and 2 without a word; they are
// now rows: 3, 6, −3, 3, 3. A reduction or matvec of it is not a matrix:
// matvec(N, M)[0] with N = diag(1, 5) is (1·1 + 0·2) = 1 (exact values).
func TestOneRowMatrixExpressionIndexesRows(t *testing.T) {
	for _, c := range []struct {
		f1   string
		want float64
	}{
		{"sum(M[0]*y)", 3},
		{"sum((M)[0]*y)", 3},
		{"sum((2*M)[0]*y)", 6},
		{"sum((-M)[0]*y)", -3},
		{"sum(pow(M, 1)[0]*y)", 3},
		{"sum((M + 0*y)[0]*y)", 3},
		{"sum(abs(M)[0]*y)", 3},
		{"(M)[0][1]*y[0]", 2},
		{"matvec(N, M)[0]*y[0]", 1},
	} {
		g, err := NewFormula(FormulaSpec{Sense: Cost, Dims: [2]int{1, 2}, F1: c.f1, F2: "sum(y*y) + 0*sum(N)",
			Params:   map[string]ad.Tensor{"M": ad.NewTensor(1, 2, []float64{1, 2}), "N": ad.Matrix([][]float64{{1, 0}, {0, 5}})},
			Matrices: []string{"M", "N"}})
		if err != nil {
			t.Errorf("%s: %v", c.f1, err)
			continue
		}
		assertAbs(t, c.f1, evalAD(g, []float64{0}, []float64{1, 1}, false).f1, c.want, 0)
	}
	// Out of range as a matrix: (2*M)[1] is row 1 of one row.
	_, err := NewFormula(FormulaSpec{Sense: Cost, Dims: [2]int{1, 2}, F1: "sum((2*M)[1]*y)", F2: "y[0]",
		Params: map[string]ad.Tensor{"M": ad.NewTensor(1, 2, []float64{1, 2})}, Matrices: []string{"M"}})
	assertErr(t, err, `f1: row index 1 out of range for "(2*M)" (1 rows) at 1:11`)
}
