package game

import (
	"testing"
)

// TestDiagnoseDerivativeNamesSubexpression: an objective that is finite
// where its gradient or Hessian is not is located to the innermost
// sub-expression whose derivative is infinite, with its position; a
// finite gradient, and an objective that is itself not finite, give nil.
func TestDiagnoseDerivativeNamesSubexpression(t *testing.T) {
	for _, c := range []struct {
		f1    string
		order int
		x, y  float64
		want  string // "" for no diagnosis
	}{
		{"sqrt(x[0])", 1, 0, 1, "f1: sqrt(x[0]) has an infinite derivative at 1:1 (x = [0], y = [1])"},
		{"y[0]*y[0] + 2*sqrt(x[0] - 1)", 1, 1, 3, "f1: sqrt(x[0] - 1) has an infinite derivative at 1:15 (x = [1], y = [3])"},
		{"x[0]*pow(y[0], 0.5)", 1, 2, 0, "f1: pow(y[0], 0.5) has an infinite derivative at 1:6 (x = [2], y = [0])"},
		{"pow(y[0] - 1, 1.5) + x[0]", 2, 0, 1, "f1: pow(y[0] - 1, 1.5) has an infinite second derivative at 1:1 (x = [0], y = [1])"},
		{"sqrt(x[0])", 1, 4, 1, ""},                // finite gradient 1/4
		{"pow(y[0] - 1, 1.5) + x[0]", 1, 0, 1, ""}, // gradient (1, 0) finite
		{"sqrt(x[0])", 1, -1, 1, ""},               // NaN value: Diagnose's case
	} {
		g, err := NewFormula(FormulaSpec{Sense: Cost, Dims: [2]int{1, 1}, F1: c.f1, F2: "x[0]*y[0]"})
		if err != nil {
			t.Fatal(err)
		}
		err = g.(DerivativeDiagnoser).DiagnoseDerivative(1, c.order, []float64{c.x}, []float64{c.y})
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != c.want {
			t.Errorf("%s, order %d at (%g, %g): got %q, want %q", c.f1, c.order, c.x, c.y, got, c.want)
		}
	}
}

// TestDiagnoseDerivativeOverflow: a gradient that overflows as a product
// of finite local derivatives (exp(exp(x)) = 5.4e306 at x = 6.56,
// its derivative 3.8e309) is reported as an overflow of the gradient.
func TestDiagnoseDerivativeOverflow(t *testing.T) {
	g, err := NewFormula(FormulaSpec{Sense: Cost, Dims: [2]int{1, 1}, F1: "exp(exp(x[0]))", F2: "y[0]"})
	if err != nil {
		t.Fatal(err)
	}
	err = g.(DerivativeDiagnoser).DiagnoseDerivative(1, 1, []float64{6.56}, []float64{0})
	want := "f1: its gradient overflows at (x = [6.56], y = [0]), though no sub-expression has an infinite derivative"
	if err == nil || err.Error() != want {
		t.Fatalf("got %v, want %q", err, want)
	}
}

// TestDiagnoseNamesWithoutParentheses: the sub-expression at fault is
// quoted without the parentheses around it ("(sqrt(x[0]))" was quoted
// whole, its position that of the parenthesis), by Diagnose and by
// DiagnoseDerivative.
func TestDiagnoseNamesWithoutParentheses(t *testing.T) {
	g, err := NewFormula(FormulaSpec{Sense: Cost, Dims: [2]int{1, 1}, F1: "y[0] + ((sqrt(x[0])))", F2: "y[0]"})
	if err != nil {
		t.Fatal(err)
	}
	f := g.(*Formula)
	want := "f1: sqrt(x[0]) is NaN at 1:10 (x = [-1], y = [0])"
	if err := f.Diagnose([]float64{-1}, []float64{0}); err == nil || err.Error() != want {
		t.Errorf("Diagnose: %v, want %q", err, want)
	}
	want = "f1: sqrt(x[0]) has an infinite derivative at 1:10 (x = [0], y = [0])"
	if err := f.DiagnoseDerivative(1, 1, []float64{0}, []float64{0}); err == nil || err.Error() != want {
		t.Errorf("DiagnoseDerivative: %v, want %q", err, want)
	}
}

// TestInvisibleAndFullWidthCharacters: a full-width operator (／, ＋,
// pasted from CJK text), an en or em space and an invisible zero-width
// character get an error that says what to write; before, only
// "illegal character U+FF0F '／'" or "illegal character U+200B".
func TestInvisibleAndFullWidthCharacters(t *testing.T) {
	for f1, want := range map[string]string{
		"x[0]／2":       "f1: syntax error: illegal character U+FF0F '／' (a full-width character: write /) at 1:5",
		"x[0] ＋ 1":     "f1: syntax error: illegal character U+FF0B '＋' (a full-width character: write +) at 1:6",
		"x[0]\u200b+1": "f1: syntax error: illegal character U+200B (an invisible zero-width character: delete it) at 1:5",
		"x[0]\ufeff+1": "f1: syntax error: illegal byte order mark (an invisible zero-width character: delete it) at 1:5",
		"x[0]\u2003+1": "f1: syntax error: illegal character U+2003 (write a space) at 1:5",
	} {
		_, err := NewFormula(FormulaSpec{Sense: Cost, Dims: [2]int{1, 1}, F1: f1, F2: "y[0]"})
		if err == nil || err.Error() != want {
			t.Errorf("%q: %v, want %q", f1, err, want)
		}
	}
}
