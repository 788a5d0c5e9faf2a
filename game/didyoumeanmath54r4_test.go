package game

import "testing"

// TestFormulaDidYouMeanOtherMath54r4: an unknown function that is a
// well-known function of another meaning one edit from a formula's own
// (sinh, atan, atanh, sign, norm, log2, exp2) got that one as its guess —
// "sinh … (did you mean sin?)", "norm … (did you mean norm2?)" (norm2 is
// Σv², not the norm) — which, followed, computes another function without
// a word. Such names get no guess; misspellings still do.
func TestFormulaDidYouMeanOtherMath54r4(t *testing.T) {
	for _, c := range []struct{ f2, want string }{
		{"sinh(y[0])", `f2: unknown function "sinh" at 1:1`},
		{"Cosh(y[0])", `f2: unknown function "Cosh" at 1:1`},
		{"atan(y[0])", `f2: unknown function "atan" at 1:1`},
		{"atanh(y[0])", `f2: unknown function "atanh" at 1:1`},
		{"asin(y[0])", `f2: unknown function "asin" at 1:1`},
		{"sign(y[0])", `f2: unknown function "sign" at 1:1`},
		{"norm(y)", `f2: unknown function "norm" at 1:1`},
		{"log2(y[0])", `f2: unknown function "log2" at 1:1`},
		{"exp2(y[0])", `f2: unknown function "exp2" at 1:1`},
		{"sinc(y[0])", `f2: unknown function "sinc" at 1:1`},
		{"Sin(y[0])", `f2: unknown function "Sin" at 1:1 (did you mean sin?)`},
		{"sqr(y[0])", `f2: unknown function "sqr" at 1:1 (did you mean sqrt?)`},
		{"sigmod(y[0])", `f2: unknown function "sigmod" at 1:1 (did you mean sigmoid?)`},
		{"fabs(y[0])", `f2: unknown function "fabs" at 1:1 (did you mean abs?)`},
	} {
		spec := FormulaSpec{Name: "t", Sense: Payoff, Dims: [2]int{1, 1}, F1: "x[0]*y[0]", F2: c.f2}
		_, err := NewFormula(spec)
		if err == nil || err.Error() != c.want {
			t.Errorf("f2 %q: error %v;\nwant %s", c.f2, err, c.want)
		}
	}
}
