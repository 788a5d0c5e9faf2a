package equilib

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// TestPositiveDefiniteExtremeScales checks the definiteness test on
// matrices gonum's eigensolver cannot take as they are (it panicked on the
// first, met on a bimatrix game's softmax Hessian), on non-finite ones and
// on non-symmetric ones.
func TestPositiveDefiniteExtremeScales(t *testing.T) {
	cases := []struct {
		name string
		m    []float64
		want bool
	}{
		{"tiny indefinite", []float64{-2.779321247618777e-178, 2.7793212476187763e-178, 2.7793212476187763e-178, 0}, false},
		{"tiny definite below tolerance", []float64{1e-178, 0, 0, 1e-178}, false},
		{"huge definite", []float64{1e300, 0, 0, 2e300}, true},
		{"unit definite", []float64{2, 1, 1, 2}, true},
		{"indefinite", []float64{1, 2, 2, 1}, false},
		{"NaN", []float64{math.NaN(), 0, 0, 1}, false},
		{"Inf", []float64{math.Inf(1), 0, 0, 1}, false},
		{"zero", []float64{0, 0, 0, 0}, false},
		// Definiteness of a non-symmetric matrix is that of its symmetric
		// part (m + mᵀ)/2: [[1, 2], [2, 1]] (eigenvalues −1, 3) and 2I,
		// though one triangle alone would say the opposite.
		{"non-symmetric, indefinite symmetric part", []float64{1, 0, 4, 1}, false},
		{"non-symmetric, definite symmetric part", []float64{2, -3, 3, 2}, true},
	}
	for _, c := range cases {
		if got := positiveDefinite(mat.NewDense(2, 2, c.m), definiteTol); got != c.want {
			t.Errorf("%s: positiveDefinite = %v, want %v", c.name, got, c.want)
		}
	}
}
