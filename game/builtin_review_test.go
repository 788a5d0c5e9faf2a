package game

import (
	"testing"

	"github.com/stackel/stackel/ad"
)

// TestBuiltinErrorReturnsNilGame checks that a built-in refused by its
// constructor comes back as a nil Game (not a Game holding a nil pointer,
// which compares non-nil and panics in Check), with the constructor's
// error.
func TestBuiltinErrorReturnsNilGame(t *testing.T) {
	ab := ad.Matrix([][]float64{{1, 2}, {3, 4}})
	for _, c := range []struct {
		p    map[string]ad.Tensor
		want string
	}{
		{map[string]ad.Tensor{"A": ab, "B": ab, "entropy": ad.Scalar(-1)}, "bimatrix: param entropy = -1 must be finite and ≥ 0"},
		{map[string]ad.Tensor{"A": ab, "B": ab, "l2": ad.Scalar(-0.5)}, "bimatrix: param l2 = -0.5 must be finite and ≥ 0"},
	} {
		g, err := Builtin("bimatrix", c.p)
		assertErr(t, err, c.want)
		if g != nil {
			t.Errorf("Builtin(bimatrix, %v) = %#v with its error, want a nil Game", c.p, g)
		}
	}
}

// TestBuiltinParamErrorsNameTheBadValue checks that the errors of the
// built-ins' numeric parameters state the range the value misses (a
// quadratic dimension of 0 was refused as not "a non-negative integer",
// which it is), and that a soft-ac-toy error names only the parameter at
// fault (both sigma and eta were named, whichever was bad).
func TestBuiltinParamErrorsNameTheBadValue(t *testing.T) {
	rnd := func(d1, d2, seed float64) map[string]ad.Tensor {
		return map[string]ad.Tensor{"d1": ad.Scalar(d1), "d2": ad.Scalar(d2), "seed": ad.Scalar(seed)}
	}
	cases := []struct {
		name string
		p    map[string]ad.Tensor
		want string
	}{
		{"quadratic", rnd(0, 2, 1), "quadratic: param d1 = 0 must be a whole number from 1 to 65536 (a dimension)"},
		{"quadratic", rnd(2, 1.5, 1), "quadratic: param d2 = 1.5 must be a whole number from 1 to 65536 (a dimension)"},
		{"quadratic", rnd(2, 70000, 1), "quadratic: param d2 = 70000 must be a whole number from 1 to 65536 (a dimension)"},
		{"quadratic", rnd(2, 2, -1), "quadratic: param seed = -1 must be a whole number from 0 to 2^53"},
		{"soft-ac-toy", map[string]ad.Tensor{"sigma": ad.Scalar(-1)}, "soft-ac-toy: param sigma = -1 must be positive"},
		{"soft-ac-toy", map[string]ad.Tensor{"eta": ad.Scalar(0)}, "soft-ac-toy: param eta = 0 must be positive"},
		// A 1×1 tensor without its value (Go API only; ParseParam never
		// builds one) is not "a scalar, got a scalar".
		{"duopoly", map[string]ad.Tensor{"A": {Rows: 1, Cols: 1}}, "duopoly: param A: tensor of shape 1x1 holds 0 values"},
	}
	for _, c := range cases {
		g, err := Builtin(c.name, c.p)
		if g != nil {
			t.Errorf("%s %v: got a game with the error", c.name, c.p)
		}
		if err == nil || err.Error() != c.want {
			t.Errorf("%s %v: error %v, want %q", c.name, c.p, err, c.want)
		}
	}
	// Seeds 0 and 2^53 and dimensions 1 stay accepted.
	for _, p := range []map[string]ad.Tensor{rnd(1, 1, 0), rnd(1, 1, 1<<53)} {
		if _, err := Builtin("quadratic", p); err != nil {
			t.Errorf("quadratic %v: %v", p, err)
		}
	}
}
