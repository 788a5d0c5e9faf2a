package game

import (
	"testing"

	"github.com/stackel/stackel/ad"
)

// TestFormulaDidYouMean54: an unknown identifier that differs from a
// declared one (a param, x, y or pi) only in case, or (both at least two
// characters long) by one edit — a letter changed, added or dropped —
// gets "(did you mean …?)" after its position, the message before it
// unchanged; an unknown function likewise against the functions' names.
// A name far from every declared one, and a one-letter name one edit from
// x or y (z), get none.
func TestFormulaDidYouMean54(t *testing.T) {
	params := map[string]ad.Tensor{"A": ad.Scalar(120), "c1": ad.Scalar(10), "C2": ad.Scalar(20), "gamma": ad.Scalar(1)}
	for _, c := range []struct{ f2, want string }{
		{"y[0]*(A - x[0] - y[0]) - c2*y[0]", `f2: unknown identifier "c2" at 1:26 (did you mean C2?)`},
		{"y[0]*(a - x[0] - y[0])", `f2: unknown identifier "a" at 1:7 (did you mean A?)`},
		{"gama*y[0]", `f2: unknown identifier "gama" at 1:1 (did you mean gamma?)`},
		{"gammas*y[0]", `f2: unknown identifier "gammas" at 1:1 (did you mean gamma?)`},
		{"c3*y[0]", `f2: unknown identifier "c3" at 1:1 (did you mean C2 or c1?)`},
		{"X[0]*y[0]", `f2: unknown identifier "X" at 1:1 (did you mean x?)`},
		{"PI*y[0]", `f2: unknown identifier "PI" at 1:1 (did you mean pi?)`},
		{"z*y[0]", `f2: unknown identifier "z" at 1:1`},
		{"delta*y[0]", `f2: unknown identifier "delta" at 1:1`},
		{"Sin(y[0])", `f2: unknown function "Sin" at 1:1 (did you mean sin?)`},
		{"sinh(y[0])", `f2: unknown function "sinh" at 1:1`},
		{"foo(y[0])", `f2: unknown function "foo" at 1:1`},
	} {
		spec := FormulaSpec{Name: "t", Sense: Payoff, Dims: [2]int{1, 1}, F1: "x[0]*(A - x[0] - y[0]) - c1*x[0] + 0*C2*gamma", F2: c.f2, Params: params}
		_, err := NewFormula(spec)
		if err == nil || err.Error() != c.want {
			t.Errorf("f2 %q: error %v;\nwant %s", c.f2, err, c.want)
		}
	}
}
