package game

import (
	"testing"

	"github.com/stackel/stackel/ad"
)

// TestBimatrixParamErrorsNameTheParam56 checks that the bimatrix
// built-in's refusals of its parameters' values name the parameter as
// "param NAME", as the other built-ins' do, so that a configuration's
// error is placed at that parameter's line (game.params.NAME): entropy,
// l2 and a B whose shape is not A's were reported at the game's line.
func TestBimatrixParamErrorsNameTheParam56(t *testing.T) {
	ab := ad.Matrix([][]float64{{1, 2}})
	for _, c := range []struct {
		p    map[string]ad.Tensor
		want string
	}{
		{map[string]ad.Tensor{"A": ab, "B": ab, "entropy": ad.Scalar(-1)}, "bimatrix: param entropy = -1 must be finite and ≥ 0"},
		{map[string]ad.Tensor{"A": ab, "B": ab, "l2": ad.Scalar(-0.5)}, "bimatrix: param l2 = -0.5 must be finite and ≥ 0"},
		{map[string]ad.Tensor{"A": ab, "B": ad.Matrix([][]float64{{1}, {2}})}, "bimatrix: param B (2x1) must have the shape of param A (1x2)"},
	} {
		g, err := Builtin("bimatrix", c.p)
		if err == nil || err.Error() != c.want {
			t.Errorf("Builtin(bimatrix, %v): error %v, want %q", c.p, err, c.want)
		}
		if g != nil {
			t.Errorf("Builtin(bimatrix, %v) = %#v with its error, want a nil Game", c.p, g)
		}
	}
}
