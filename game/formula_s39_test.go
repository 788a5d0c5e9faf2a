package game

import (
	"testing"

	"github.com/stackel/stackel/ad"
)

// TestFormulaRefusesUnderflowingConstant: a literal that underflows to 0
// was refused (1e-400) but a constant sub-expression that does was folded
// to 0 silently: 1e-200*1e-200, exp(-1000), pow(1e-200, 2), norm2 of a
// non-zero vector, a product of a parameter vector with a non-zero
// element. Each is now an error naming the sub-expression and its
// position; exact zeros (0*k, k − k, sum of opposite numbers) and a
// subnormal result (1e-200*1e-120) still fold.
func TestFormulaRefusesUnderflowingConstant(t *testing.T) {
	params := map[string]ad.Tensor{"v": ad.Vector(1, 1e-200), "k": ad.Scalar(2), "w": ad.Vector(1e-200, -3e-200)}
	for _, c := range []struct{ f1, want string }{
		{"x[0] + 1e-200*1e-200 + 0*sum(v) + 0*k + 0*sum(w)", `f1: constant "1e-200*1e-200" underflows to 0 at 1:8`},
		{"x[0] + 1e-200/1e200 + 0*sum(v) + 0*k + 0*sum(w)", `f1: constant "1e-200/1e200" underflows to 0 at 1:8`},
		{"x[0]*exp(-1000) + 0*sum(v) + 0*k + 0*sum(w)", `f1: constant "exp(-1000)" underflows to 0 at 1:6`},
		{"x[0]*sigmoid(-1000) + 0*sum(v) + 0*k + 0*sum(w)", `f1: constant "sigmoid(-1000)" underflows to 0 at 1:6`},
		{"x[0]*softplus(-1000) + 0*sum(v) + 0*k + 0*sum(w)", `f1: constant "softplus(-1000)" underflows to 0 at 1:6`},
		{"x[0]*pow(1e-200, 2) + 0*sum(v) + 0*k + 0*sum(w)", `f1: constant "pow(1e-200, 2)" underflows to 0 at 1:6`},
		{"x[0]*norm2(w) + 0*k + 0*sum(v)", `f1: constant "norm2(w)" underflows to 0 at 1:6`},
		{"sum(x*(v*1e-200)) + 0*k + 0*sum(w)", `f1: constant "v*1e-200" underflows to 0 at 1:8`},
		{"x[0]*\n  (k*1e-300*1e-300) + 0*sum(v) + 0*sum(w)", `f1: constant "k*1e-300*1e-300" underflows to 0 at 2:4`},
	} {
		_, err := NewFormula(FormulaSpec{Dims: [2]int{2, 1}, F1: c.f1, F2: "y[0]", Params: params})
		if err == nil || err.Error() != c.want {
			t.Errorf("f1 %q: error %v\nwant %s", c.f1, err, c.want)
		}
	}
	for _, c := range []struct {
		f1   string
		want float64 // f1 at x = (1, 1)
	}{
		{"x[0] + 0*k + 0*sum(v) + 0*sum(w)", 1},
		{"x[0] + (k - k) + sum(v - v) + sum(w + -w)", 1},
		{"x[0]*(1e-200*1e-120) + 0*sum(v) + 0*k + 0*sum(w)", 1e-320},
		{"x[0]*exp(-700) + 0*sum(v) + 0*k + 0*sum(w)", 9.85967654375977e-305},
	} {
		g, err := NewFormula(FormulaSpec{Dims: [2]int{2, 1}, F1: c.f1, F2: "y[0]", Params: params})
		if err != nil {
			t.Errorf("f1 %q: %v", c.f1, err)
			continue
		}
		tp := ad.NewTape()
		if got := g.F1(tp.Const(ad.Vector(1, 1)), tp.Const(ad.Vector(1))).Scalar(); got != c.want {
			t.Errorf("f1 %q at (1, 1) = %v, want %v", c.f1, got, c.want)
		}
	}
}

// TestFormulaHugeExponentLiteral: go/constant gives up on an exponent
// beyond its range, and such a literal was reported "out of range"
// whatever it was: 1e-99999999999999999999 (an underflow) now says
// "underflows to 0", 0e-99999999999999999999 (exactly 0) is accepted, and
// 1e99999999999999999999 is still "out of range".
func TestFormulaHugeExponentLiteral(t *testing.T) {
	for _, c := range []struct{ f1, want string }{
		{"x[0] + 1e-99999999999999999999", "f1: number 1e-99999999999999999999 underflows to 0 at 1:8"},
		{"x[0] + 0x1p-99999999999999999999", "f1: number 0x1p-99999999999999999999 underflows to 0 at 1:8"},
		{"x[0] + 1E+99999999999999999999", "f1: number 1E+99999999999999999999 is out of range at 1:8"},
		{"x[0] + 0x1P99999999999999999999", "f1: number 0x1P99999999999999999999 is out of range at 1:8"},
	} {
		_, err := NewFormula(FormulaSpec{Dims: [2]int{1, 1}, F1: c.f1, F2: "y[0]"})
		if err == nil || err.Error() != c.want {
			t.Errorf("f1 %q: error %v\nwant %s", c.f1, err, c.want)
		}
	}
	g, err := NewFormula(FormulaSpec{Dims: [2]int{1, 1}, F1: "x[0] + 0e-99999999999999999999 + 0.0E99999999999999999999", F2: "y[0]"})
	if err != nil {
		t.Fatal(err)
	}
	tp := ad.NewTape()
	if got := g.F1(tp.Const(ad.Vector(3)), tp.Const(ad.Vector(1))).Scalar(); got != 3 {
		t.Errorf("f1 at 3 = %v, want 3", got)
	}
}

// TestParseParamNumberTextRange: YAML decoders leave 1e400 and 1e-400
// (no dot) as strings. ParseParam called the first "not a number, a list
// of numbers or a list of lists" and read the second as 0 silently (a
// game with c1: 1e-400 in its config ran with c1 = 0); both are now
// errors naming the element and the cause. 0e-400 is 0, and 4.9e-324
// (the smallest subnormal) stays as it is.
func TestParseParamNumberTextRange(t *testing.T) {
	for _, c := range []struct {
		v    any
		want string
	}{
		{"1e400", "param k: value 1e400 is out of range (beyond float64, about ±1.8e308)"},
		{"-1.5e400", "param k: value -1.5e400 is out of range (beyond float64, about ±1.8e308)"},
		{"1e-400", "param k: value 1e-400 underflows to 0 (below float64's smallest, about 4.9e-324)"},
		{[]any{1, " -2e-400"}, "param k[1]: value -2e-400 underflows to 0 (below float64's smallest, about 4.9e-324)"},
		{[]any{[]any{1, "0x1p-2000"}}, "param k[0][1]: value 0x1p-2000 underflows to 0 (below float64's smallest, about 4.9e-324)"},
	} {
		_, err := ParseParam("k", c.v)
		if err == nil || err.Error() != c.want {
			t.Errorf("ParseParam(%#v): error %v\nwant %s", c.v, err, c.want)
		}
	}
	for _, c := range []struct {
		v    string
		want float64
	}{{"0e-400", 0}, {"-0.0", 0}, {"4.9e-324", 4.9e-324}, {"1e-3", 1e-3}} {
		p, err := ParseParam("k", c.v)
		if err != nil || p.Data[0] != c.want {
			t.Errorf("ParseParam(%q) = %v, %v; want %v", c.v, p.Data, err, c.want)
		}
	}
}
